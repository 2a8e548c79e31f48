import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectBackend, openStudio, setSampleSize, showAdvancedSettings, showLayerList, train } from './studio';

/** The built-in backbone's files, as the studio serves them (made by `npm run pretrain`, committed). */
const builtInDir = path.resolve(import.meta.dirname, '..', 'public', 'models', 'thaw-shapes-cnn');
const card = JSON.parse(readFileSync(path.join(builtInDir, 'card.json'), 'utf8')) as { parameters: number };
/** A new 5-class head on its 64 features: 64 × 5 + 5. */
const HEAD_PARAMS = 325;

test('the built-in pretrained backbone loads with no network, shows its model card, and trains its head', async ({ page, baseURL }) => {
  // Offline except for the studio itself: any other origin is refused and recorded.
  const foreign: string[] = [];
  await page.route((url) => url.origin !== new URL(baseURL!).origin, (route) => {
    foreign.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await openStudio(page);
  await setSampleSize(page, 20);
  await showLayerList(page);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('thaw-shapes-cnn');
  await expect(page.getByRole('combobox', { name: 'Input size' })).toHaveValue('32');

  const blocks = page.getByRole('list', { name: 'Model blocks' }).locator(':scope > li');
  await expect(blocks).toHaveCount(5);
  await expect(blocks.first()).toHaveAttribute('data-block', 'head');
  const total = (card.parameters + HEAD_PARAMS).toLocaleString('en');
  await expect(page.getByRole('status', { name: 'Trainable parameters' })).toHaveText(new RegExp(`^Trainable: ${HEAD_PARAMS} / ${total} `));

  await expect(page.getByText(/it reaches [\d.]+% frozen and [\d.]+% fully fine-tuned, against [\d.]+% for the same architecture from scratch/)).toBeVisible();
  await page.getByText('Model card: Thaw Shapes CNN').click();
  const comparison = page.getByRole('table', { name: 'Transfer comparison' });
  await expect(comparison.locator('tbody tr')).toHaveCount(3);
  await expect(comparison.getByRole('rowheader', { name: /from scratch/ })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Model' }).getByRole('textbox', { name: 'Model base URL' })).toHaveCount(0);

  // A hidden layer in the new head (64·16 kernel + 4·16 BatchNorm + 17·5 classifier): the head block grows.
  await showAdvancedSettings(page);
  const hidden = page.getByRole('spinbutton', { name: 'Head hidden units (0 = none)' });
  await hidden.fill('16');
  await hidden.press('Enter');
  await expect(blocks.first()).toContainText('1,173 params');

  await train(page, 2);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });
  await expect(page.getByRole('table', { name: 'Epoch history' }).locator('tbody tr')).toHaveCount(2);
  await expect(page.getByText('frozen-feature cache in use')).toBeVisible();
  expect(foreign).toEqual([]);
});

test('a model folder (model.json + weights) becomes the backbone, stays in the browser, and broken files are refused', async ({ page }) => {
  await openStudio(page);
  await showLayerList(page);
  const importInput = page.getByLabel('Import model (.zip or its files)');
  // A folder missing its weights is refused before anything is built; the current model stays.
  await importInput.setInputFiles([{ name: 'model.json', mimeType: 'application/json', buffer: readFileSync(path.join(builtInDir, 'model.json')) }]);
  await expect(page.getByRole('alert').filter({ hasText: 'Missing weight file "weights.bin"' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('small-cnn');

  await importInput.setInputFiles(['model.json', 'weights.bin'].map((name) => ({
    name, mimeType: 'application/octet-stream', buffer: readFileSync(path.join(builtInDir, name)),
  })));
  await expect(page.getByText(/"thaw_shapes_cnn" is now the backbone: cut after layer "block3_relu" \(4×4×64 features\)/)).toBeVisible();
  const model = page.getByRole('combobox', { name: 'Model' });
  await expect(model).toHaveValue('imported-backbone');
  await expect(model.locator('option:checked')).toHaveText('Imported: thaw_shapes_cnn');
  const blocks = page.getByRole('list', { name: 'Model blocks' }).locator(':scope > li');
  await expect(blocks).toHaveCount(5);
  await expect(page.getByRole('status', { name: 'Trainable parameters' })).toHaveText(new RegExp(`^Trainable: ${HEAD_PARAMS} / `));

  // Picked again after another model, it is rebuilt from the browser's storage.
  await model.selectOption('small-cnn');
  await expect(page.getByRole('status', { name: 'Trainable parameters' })).not.toHaveText(new RegExp(`^Trainable: ${HEAD_PARAMS} / `));
  await model.selectOption('imported-backbone');
  await expect(page.getByRole('status', { name: 'Trainable parameters' })).toHaveText(new RegExp(`^Trainable: ${HEAD_PARAMS} / `));
  await expect(page.getByRole('alert').filter({ hasNotText: 'software GPU' })).toHaveCount(0);

  // A run on it survives a reload: the backbone comes back from the browser's storage and the run resumes.
  await train(page, 10);
  const lastCheckpoint = page.getByLabel('Last checkpoint');
  await expect(lastCheckpoint).toContainText(/epoch \d of 10/, { timeout: 180_000 });
  await page.reload();
  await expectBackend(page);
  await expect(lastCheckpoint).toContainText(/Unfinished run saved: Imported: thaw_shapes_cnn on Sample shapes .*epoch \d of 10/);
  await page.getByRole('button', { name: 'Resume saved run' }).click();
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 300_000 });
  await expect(page.locator('td[data-metric="epoch"]')).toHaveCount(10);
  await expect(model).toHaveValue('imported-backbone');
  await expect(page.getByRole('alert').filter({ hasNotText: 'software GPU' })).toHaveCount(0);
});
