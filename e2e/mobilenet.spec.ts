import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { showLayerList } from './studio';

const sharedModel = path.resolve(import.meta.dirname, '..', '..', 'shared', 'models', 'mobilenet_v1_0.25_224', 'model.json');
const hasSharedModel = existsSync(sharedModel);
if (!hasSharedModel) console.warn(`! ${sharedModel} is absent: the MobileNet e2e test is skipped.`);

test('MobileNet v1 0.25 from the shared copy shows its block tree, trains its head, and is cached for offline use', async ({ page }) => {
  test.skip(!hasSharedModel, '../shared/models/mobilenet_v1_0.25_224 is absent');
  await page.goto('/?backend=webgl&modelBase=/__shared/models/');
  await expect(page.getByRole('status', { name: 'Active backend' })).toHaveAttribute('data-backend', 'webgl', { timeout: 120_000 });
  await showLayerList(page);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('mobilenet-v1-0.25');
  await page.getByRole('combobox', { name: 'Input size' }).selectOption('64');

  const blocks = page.getByRole('list', { name: 'Model blocks' }).locator(':scope > li');
  await expect(blocks).toHaveCount(15, { timeout: 120_000 });
  await expect(blocks.first()).toHaveAttribute('data-block', 'head');
  await expect(blocks.last()).toHaveAttribute('data-block', 'stem');
  // Feature extraction by default: only the head (256 * 5 + 5 = 1,285 params) trains.
  await expect(page.getByRole('status', { name: 'Trainable parameters' })).toHaveText('Trainable: 1,285 / 219,829 (0.6%)');
  await expect(page.getByRole('switch', { name: 'Block 13 trainable' })).not.toBeChecked();

  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('1');
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });
  await expect(page.getByRole('table', { name: 'Epoch history' }).locator('tbody tr')).toHaveCount(1);
  // The frozen backbone's activations were computed once and the head trained on them.
  await expect(page.getByText('frozen-feature cache in use')).toBeVisible();

  // Offline afterwards: a wrong base URL still loads, from the IndexedDB cache.
  await page.goto('/?backend=webgl&modelBase=http://127.0.0.1:9/nowhere/');
  await expect(page.getByRole('status', { name: 'Active backend' })).toHaveAttribute('data-backend', 'webgl', { timeout: 120_000 });
  await page.getByRole('combobox', { name: 'Model' }).selectOption('mobilenet-v1-0.25');
  await expect(blocks).toHaveCount(15, { timeout: 120_000 });
  await expect(page.getByRole('alert').filter({ hasText: 'could not be downloaded' })).toHaveCount(0);
});

test('MobileNet offline with no cache says so clearly and keeps the built-in model', async ({ page }) => {
  await page.goto('/?backend=webgl&modelBase=http://127.0.0.1:9/nowhere/');
  await expect(page.getByRole('status', { name: 'Active backend' })).toHaveAttribute('data-backend', 'webgl', { timeout: 120_000 });
  await showLayerList(page);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('mobilenet-v1-0.50');
  await expect(page.getByRole('alert').filter({ hasText: /could not be downloaded.*pick a built-in model/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('small-cnn');
  await expect(page.getByRole('list', { name: 'Model blocks' }).locator(':scope > li')).toHaveCount(5);
});
