import { setSampleSize } from './studio';
import { expect, test } from '@playwright/test';

test('a WebGPU device lost mid-run falls back to WebGL and the run goes on', async ({ page }) => {
  // An epoch on WebGPU through SwiftShader, then one on WebGL: on a loaded 2-core machine that took more than
  // the default 4 minutes, so this test alone gets 6 (a passing run is no slower for it).
  test.setTimeout(360_000);
  await page.goto('/?backend=webgpu&faults=1');
  const badge = page.getByRole('status', { name: 'Active backend' });
  await expect(badge).toHaveAttribute('data-backend', 'webgpu', { timeout: 120_000 });
  await setSampleSize(page, 40);
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('2');
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const rows = page.getByRole('table', { name: 'Epoch history' }).locator('tbody tr');
  await expect(rows).toHaveCount(1, { timeout: 200_000 });

  await page.evaluate(() => window.thawFaults!.simulateDeviceLoss());

  await expect(page.getByText(/The WebGPU device was lost .*Switched to webgl and resumed after epoch [01]\./)).toBeVisible({ timeout: 60_000 });
  await expect(badge).toHaveAttribute('data-backend', 'webgl');
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });
  await expect(rows).toHaveCount(2);
  const epochs = await rows.locator('td:first-child').allTextContents();
  expect(epochs).toEqual(['1', '2']);
});
