import { expectBackend, openStudio, setSampleSize, train } from './studio';
import { expect, test } from '@playwright/test';

/**
 * 40 images per class: epochs of about 10 s on the CPU backend, long enough that the run is still going when the
 * test cuts it, and that the restored epochs are seen before the resumed run adds one.
 */
const EPOCHS = 4;

test('a tab reloaded mid-run offers the saved run, and resuming continues its epochs and curves', async ({ page }) => {
  await openStudio(page);
  await setSampleSize(page, 40);
  await train(page, EPOCHS);
  const lastCheckpoint = page.getByLabel('Last checkpoint');
  await expect(lastCheckpoint).toContainText(/epoch [12] of 4/, { timeout: 180_000 });

  // The tab goes away mid-run, as when a laptop sleeps or the page is reloaded.
  await page.reload();
  await expectBackend(page);
  await expect(lastCheckpoint).toContainText(/Unfinished run saved: Small CNN \(from scratch\) on Sample shapes .*epoch \d of 4, validation accuracy [\d.]+%/);
  const savedEpoch = Number((await lastCheckpoint.textContent())!.match(/epoch (\d) of 4/)![1]);
  await expect(page.getByRole('table', { name: 'Epoch history' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Resume saved run' }).click();
  // The curves up to the checkpoint come back at once, and the run carries on from there.
  const epochCells = page.locator('td[data-metric="epoch"]');
  await expect(epochCells).toHaveText(Array.from({ length: savedEpoch }, (_, i) => String(i + 1)));
  await expect(page.getByRole('figure', { name: 'Batch loss chart' })).toContainText(`resumed after epoch ${savedEpoch}`);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 300_000 });
  await expect(epochCells).toHaveText(Array.from({ length: EPOCHS }, (_, i) => String(i + 1)));
  await expect(page.getByRole('spinbutton', { name: 'Epochs', exact: true })).toHaveValue(String(EPOCHS));
  // The sample is the saved run's, 40 images per class, not the 60 a reloaded studio starts with.
  await expect(page.getByRole('spinbutton', { name: 'Images per class' })).toHaveValue('40');
  await expect(lastCheckpoint).toContainText(/^Last checkpoint: .*epoch 4 of 4/);
  await expect(page.getByRole('button', { name: 'Resume saved run' })).toHaveCount(0);

  // The best epoch's weights can be put back into the model.
  await page.getByRole('button', { name: 'Load best weights' }).click();
  await expect(page.getByText(/Loaded the best weights: epoch \d/)).toBeVisible();
});
