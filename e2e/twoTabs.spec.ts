import { expect, test } from '@playwright/test';
import { openStudio, setSampleSize, STUDIO_BACKEND, train } from './studio';

test('a second tab does not start a second studio; taking over stops the first tab, which says so', async ({ page, context }) => {
  await openStudio(page);
  await setSampleSize(page, 20);
  await train(page, 20);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'training', { timeout: 120_000 });

  const second = await context.newPage();
  await second.goto(`/?backend=${STUDIO_BACKEND}`);
  const dialog = second.getByRole('dialog', { name: 'Thaw is open in another tab' });
  await expect(dialog).toBeVisible();
  // Nothing of the studio started here: no engine, no backend.
  await expect(second.getByRole('status', { name: 'Active backend' })).not.toHaveAttribute('data-backend', /webgl|webgpu|cpu/);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'training');

  await dialog.getByRole('button', { name: 'Use Thaw in this tab' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(second.getByRole('status', { name: 'Active backend' })).toHaveAttribute('data-backend', STUDIO_BACKEND, { timeout: 120_000 });
  // The first tab stopped its run and says why; its controls are out of reach until it takes the studio back.
  const lost = page.getByRole('dialog', { name: 'Thaw is open in another tab' });
  await expect(lost).toContainText('Another tab took over the studio');
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', /stopped|finished/, { timeout: 120_000 });
  // Its engine is shut once the run has recorded its end: the GPU memory it held is free for the other tab.
  await expect(page.getByRole('status', { name: 'Active backend' })).toHaveText('Engine shut: the studio is open in another tab', { timeout: 60_000 });
  await expect(page.getByRole('status', { name: 'Active backend' })).toHaveAttribute('data-backend', '');

  await lost.getByRole('button', { name: 'Use Thaw here again' }).click();
  await expect(page.getByRole('status', { name: 'Active backend' })).toHaveAttribute('data-backend', STUDIO_BACKEND, { timeout: 120_000 });
  await expect(second.getByRole('dialog', { name: 'Thaw is open in another tab' })).toContainText('Another tab took over the studio');
  await expect(second.getByRole('status', { name: 'Active backend' })).toHaveText('Engine shut: the studio is open in another tab', { timeout: 60_000 });
  // The run the first tab stopped was recorded as stopped, not left running (an interrupted run).
  await expect(page.getByRole('table', { name: 'Runs' }).locator('[data-metric="status"]')).toHaveText(['stopped']);
  await second.close();
});
