import { expect, test } from '@playwright/test';
import { train } from './studio';

// On WebGL, as before: on the CPU backend its crash (a worker timer) waited behind the steps' MessageChannel yields.
test('an engine worker that dies mid-run is noticed; a restarted engine resumes the saved run and the stored run survives', async ({ page }) => {
  await page.goto('/?backend=webgl&faults=1');
  const badge = page.getByRole('status', { name: 'Active backend' });
  await expect(badge).toHaveAttribute('data-backend', 'webgl', { timeout: 120_000 });
  await train(page, 3);
  const lastCheckpoint = page.getByLabel('Last checkpoint');
  await expect(lastCheckpoint).toContainText(/epoch [12] of 3/, { timeout: 180_000 });

  await page.evaluate(() => window.thawFaults!.simulateEngineCrash());

  // The studio says what happened instead of waiting for ever on a dead worker.
  const alert = page.getByRole('alert').filter({ hasText: 'The training engine stopped:' });
  await expect(alert).toContainText('simulated engine crash');
  await expect(alert).toContainText('Your datasets and settings are safe.');
  const runStatus = page.getByRole('status', { name: 'Run status' });
  await expect(runStatus).toHaveAttribute('data-state', 'failed');
  await expect(page.getByText('The run was cut short by the engine crash. After restarting the engine, resume the saved run from its last checkpoint.')).toBeVisible();
  const runRows = page.getByRole('table', { name: 'Runs' }).locator('tbody tr');
  await expect(runRows).toHaveCount(1);
  await expect(runRows.locator('[data-metric="status"]')).toHaveText('interrupted');

  await page.getByRole('button', { name: 'Restart engine' }).click();
  await expect(alert).toHaveCount(0, { timeout: 120_000 });
  await expect(badge).toHaveAttribute('data-backend', 'webgl');
  await expect(lastCheckpoint).toContainText(/Unfinished run saved: .*epoch \d of 3/);
  const savedEpoch = Number((await lastCheckpoint.textContent())!.match(/epoch (\d) of 3/)![1]);

  await page.getByRole('button', { name: 'Resume saved run' }).click();
  const epochCells = page.locator('td[data-metric="epoch"]');
  await expect(epochCells).toHaveText(Array.from({ length: savedEpoch }, (_, i) => String(i + 1)));
  await expect(runStatus).toHaveAttribute('data-state', 'finished', { timeout: 300_000 });
  await expect(epochCells).toHaveText(['1', '2', '3']);
  // One record, carried on by the resumed run, not a second one beside a broken first.
  await expect(runRows).toHaveCount(1);
  await expect(runRows.locator('[data-metric="status"]')).toHaveText('finished');
  await expect(runRows).toContainText('3/3 epochs');
});
