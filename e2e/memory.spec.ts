import { expect, test } from '@playwright/test';
import { openStudio, setSampleSize, showAdvancedSettings, STUDIO_BACKEND, train } from './studio';

test('a batch that would not fit is refused before training, with the estimate and a batch size that fits', async ({ page }) => {
  await openStudio(page);
  const estimate = page.getByLabel('Memory estimate');
  await expect(estimate).toHaveText(/^Memory for training at batch 32: about [\d.]+ (KB|MB) of [\d.]+ GB$/);
  const trainButton = page.getByRole('button', { name: 'Train', exact: true });

  await showAdvancedSettings(page);
  const limit = page.getByRole('spinbutton', { name: 'Memory limit (GB, 0 = as the browser reports)' });
  await limit.fill('0.25');
  await limit.press('Enter');
  await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption({ label: 'Thaw Shapes CNN (built-in, pretrained)' });
  await page.getByRole('combobox', { name: 'Input size' }).selectOption('128');
  const batch = page.getByRole('spinbutton', { name: 'Batch size', exact: true });
  await batch.fill('256');
  await batch.press('Enter');

  await expect(estimate).toHaveAttribute('role', 'alert', { timeout: 120_000 });
  // The advice names the controls that fix it, each with the largest value that fits.
  await expect(estimate).toContainText(/^Training a batch of 240 at 128 px would need about [\d.]+ (MB|GB) \(layer outputs: .*\), more than the memory limit set in the studio \(256\.0 MB\)\. Set Training › Batch size to \d+ or less(, or set Model › Input size to (32|48|64|96) px or less)?\.$/);
  await expect(trainButton).toBeDisabled();
  const fitting = Number((await estimate.textContent())!.match(/Batch size to (\d+) or less/)![1]);
  expect(fitting).toBeGreaterThan(0);

  await batch.fill(String(fitting));
  await batch.press('Enter');
  await expect(estimate).toHaveText(new RegExp(`^Memory for training at batch ${fitting}: about [\\d.]+ MB of 256\\.0 MB$`));
  await expect(trainButton).toBeEnabled();

  // The limit is a setting: it is still there after a reload, and 0 goes back to the browser's own figure.
  await page.reload();
  await expect(limit).toHaveValue('0.25', { timeout: 120_000 });
  await limit.fill('0');
  await limit.press('Enter');
  await expect(estimate).toHaveText(/^Memory for training at batch \d+: about [\d.]+ (KB|MB) of [\d.]+ GB$/);
});

test('a failed allocation mid-run pauses it with advice; resuming carries on to the end', async ({ page }) => {
  await openStudio(page, STUDIO_BACKEND, '&faults=1');
  await setSampleSize(page, 20);
  await train(page, 2);
  const runStatus = page.getByRole('status', { name: 'Run status' });
  await expect(runStatus).toContainText(/step [1-3]\//, { timeout: 120_000 });
  await page.evaluate(() => window.thawFaults!.simulateAllocationFailure());

  await expect(runStatus).toHaveAttribute('data-state', 'paused');
  await expect(page.getByRole('alert').filter({ hasText: 'Out of memory at step' })).toContainText(
    /Out of memory at step \d+ \(batch 32\): Array buffer allocation failed \(simulated\)\. The run is paused with its weights intact\. Resume to try this step again/,
  );
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(runStatus).toHaveAttribute('data-state', 'finished', { timeout: 300_000 });
  await expect(page.locator('td[data-metric="epoch"]')).toHaveText(['1', '2']);
});
