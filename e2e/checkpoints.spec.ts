import { openStudio, train } from './studio';
import { expect, test } from '@playwright/test';

test('a tab reloaded mid-run offers the saved run, and resuming continues its epochs and curves', async ({ page }) => {
  await openStudio(page);
  await train(page, 3);
  const lastCheckpoint = page.getByLabel('Last checkpoint');
  await expect(lastCheckpoint).toContainText(/epoch [12] of 3/, { timeout: 180_000 });

  // The tab goes away mid-run, as when a laptop sleeps or the page is reloaded.
  await page.reload();
  await expect(page.getByRole('status', { name: 'Active backend' })).toHaveAttribute('data-backend', 'webgl', { timeout: 120_000 });
  await expect(lastCheckpoint).toContainText(/Unfinished run saved: Small CNN \(from scratch\) on Sample shapes .*epoch \d of 3, validation accuracy [\d.]+%/);
  const savedEpoch = Number((await lastCheckpoint.textContent())!.match(/epoch (\d) of 3/)![1]);
  await expect(page.getByRole('table', { name: 'Epoch history' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Resume saved run' }).click();
  // The curves up to the checkpoint come back at once, and the run carries on from there.
  const epochCells = page.locator('td[data-metric="epoch"]');
  await expect(epochCells).toHaveText(Array.from({ length: savedEpoch }, (_, i) => String(i + 1)));
  await expect(page.getByRole('figure', { name: 'Batch loss chart' })).toContainText(`resumed after epoch ${savedEpoch}`);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 300_000 });
  await expect(epochCells).toHaveText(['1', '2', '3']);
  await expect(page.getByRole('spinbutton', { name: 'Epochs', exact: true })).toHaveValue('3');
  await expect(lastCheckpoint).toContainText(/^Last checkpoint: .*epoch 3 of 3/);
  await expect(page.getByRole('button', { name: 'Resume saved run' })).toHaveCount(0);

  // The best epoch's weights can be put back into the model.
  await page.getByRole('button', { name: 'Load best weights' }).click();
  await expect(page.getByText(/Loaded the best weights: epoch \d/)).toBeVisible();
});
