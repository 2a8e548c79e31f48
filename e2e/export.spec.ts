import { readFile } from 'node:fs/promises';
import { openStudio, setSampleSize, train } from './studio';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import * as tf from '@tensorflow/tfjs';

async function downloadZip(page: Page, button: string): Promise<{ name: string; bytes: Buffer; files: Record<string, Uint8Array> }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const bytes = await readFile((await download.path()));
  return { name: download.suggestedFilename(), bytes, files: unzipSync(new Uint8Array(bytes)) };
}

test('a trained model downloads as a zip, loads as a Teachable Machine model, and imports back with the same score', async ({ page }) => {
  await openStudio(page);
  await setSampleSize(page, 20);
  await train(page, 2);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });
  const lastValidationLoss = (await page.locator('td[data-metric="validationLoss"]').last().textContent())!;

  const thaw = await downloadZip(page, 'Download model (.zip)');
  expect(thaw.name).toBe('thaw-small-cnn.zip');
  expect(Object.keys(thaw.files).sort()).toEqual(['config.json', 'labels.json', 'metrics.csv', 'metrics.json', 'model.json', 'preprocessing.json', 'weights.bin']);
  expect(JSON.parse(strFromU8(thaw.files['labels.json']!))).toHaveLength(5);
  expect(strFromU8(thaw.files['metrics.csv']!).trim().split('\n')).toHaveLength(3);

  await page.getByRole('combobox', { name: 'Export format' }).selectOption({ label: 'Teachable Machine' });
  await expect(page.getByLabel('About this format')).toContainText('@teachablemachine/image');
  const tm = await downloadZip(page, 'Download model (.zip)');
  expect(tm.name).toBe('thaw-small-cnn-teachable-machine.zip');
  expect(Object.keys(tm.files).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
  const metadata = JSON.parse(strFromU8(tm.files['metadata.json']!)) as { labels: string[] };
  expect(metadata.labels).toEqual(JSON.parse(strFromU8(thaw.files['labels.json']!)));
  const modelJson = JSON.parse(strFromU8(tm.files['model.json']!)) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const tmModel = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0]!.weights, weightData: tm.files['weights.bin']!.slice().buffer,
  }));
  expect(tmModel.outputs[0]!.shape).toEqual([null, metadata.labels.length]);
  // Probabilities out (its last layer a softmax); that they equal the studio's is e2e/runtimes.spec.ts's job, in the library itself.
  expect(tmModel.layers.at(-1)!.getConfig()).toMatchObject({ activation: 'softmax' });
  tmModel.dispose();

  // Another model replaces it; importing the zip brings the trained one back, scoring what it scored.
  const trainable = page.getByText(/^Trainable:/);
  const smallCnnCount = (await trainable.textContent())!;
  await page.getByRole('combobox', { name: 'Model' }).selectOption('mini-resnet');
  await expect(trainable).not.toHaveText(smallCnnCount);
  await page.getByLabel('Import model (.zip or its files)').setInputFiles({ name: thaw.name, mimeType: 'application/zip', buffer: thaw.bytes });
  const imported = page.getByRole('status', { name: 'Imported model' });
  await expect(imported).toContainText(`validation loss ${lastValidationLoss}`);
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('small-cnn');
  await expect(trainable).toHaveText(smallCnnCount);
  // The Teachable Machine zip comes back the same way: its config rides in metadata.json.
  await page.getByRole('combobox', { name: 'Model' }).selectOption('mini-resnet');
  await expect(trainable).not.toHaveText(smallCnnCount);
  await page.getByLabel('Import model (.zip or its files)').setInputFiles({ name: tm.name, mimeType: 'application/zip', buffer: tm.bytes });
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('small-cnn');
  await expect(imported).toContainText(`validation loss ${lastValidationLoss}`);

  // A file that is not an export is refused with a reason, and the studio keeps its model.
  await page.getByLabel('Import model (.zip or its files)').setInputFiles({ name: 'holiday.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip') });
  await expect(page.getByText(/The file is not a readable zip archive/)).toBeVisible();
  await expect(imported).toContainText(`validation loss ${lastValidationLoss}`);

  // The predict panel gives the top three classes of any picture (here a PNG of the page's title).
  const picture = await page.getByRole('heading', { name: 'Thaw' }).screenshot();
  await page.getByLabel('Predict an image').setInputFiles({ name: 'title.png', mimeType: 'image/png', buffer: picture });
  const predictions = page.getByRole('list', { name: 'Predictions for title.png' }).getByRole('listitem');
  await expect(predictions).toHaveCount(3);
  const percentages = (await predictions.allTextContents()).map((t) => Number(t.match(/([\d.]+)%$/)![1]));
  expect(percentages[0]).toBeGreaterThanOrEqual(percentages[1]!);
  expect(percentages.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(100.2);
  await page.getByLabel('Predict an image').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByText('notes.txt: could not be read as an image')).toBeVisible();

  // Settings travel as JSON: download, change, load back; a bad field is skipped and named.
  const epochField = page.getByRole('spinbutton', { name: 'Epochs', exact: true });
  await epochField.fill('7');
  await epochField.press('Enter');
  const [settingsDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download settings (.json)' }).click()]);
  const settingsText = await readFile((await settingsDownload.path()), 'utf8');
  expect(JSON.parse(settingsText)).toMatchObject({ kind: 'thaw-settings', model: { architecture: 'small-cnn' }, training: { epochs: 7 } });
  await epochField.fill('3');
  await epochField.press('Enter');
  await page.getByLabel('Load settings (.json)').setInputFiles({ name: 'thaw-settings.json', mimeType: 'application/json', buffer: Buffer.from(settingsText) });
  await expect(epochField).toHaveValue('7');
  const broken = JSON.stringify({ kind: 'thaw-settings', version: 1, training: { epochs: -4, batchSize: 16 } });
  await page.getByLabel('Load settings (.json)').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
  await expect(page.getByText('Settings file: skipped training.epochs: -4 is not a whole number from 1 to 1000')).toBeVisible();
  await expect(page.getByRole('spinbutton', { name: 'Batch size', exact: true })).toHaveValue('16');
  await expect(epochField).toHaveValue('7');
});
