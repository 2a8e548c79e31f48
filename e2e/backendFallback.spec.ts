import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS } from '../scripts/chromium.mjs';
import { chromiumLaunchOptions } from './browser';

// A browser without WebGPU: the studio must say so and train on WebGL instead of dying.
test.use({ launchOptions: { ...chromiumLaunchOptions(), args: CHROMIUM_ARGS.filter((a) => !a.includes('webgpu')) } });

test('a forced WebGPU that cannot start falls back to WebGL and says why', async ({ page }) => {
  await page.goto('/?backend=webgpu');
  await expect(page.getByRole('status', { name: 'Active backend' })).toHaveAttribute('data-backend', 'webgl', { timeout: 120_000 });
  await expect(page.getByText(/The webgpu backend could not start .*webgpu: .*; using webgl\./)).toBeVisible();
  await page.getByText('Why not a faster backend?').click();
  await expect(page.getByRole('listitem').filter({ hasText: /^webgpu: / })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
});
