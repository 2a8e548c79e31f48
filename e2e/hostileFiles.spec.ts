import { readFileSync } from 'node:fs';
import { parseCsv } from '../src/common/csvParse';
import { expect, test } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { openStudio } from './studio';

/** Labels a spreadsheet would run as formulas (OWASP's CSV-injection examples). */
const FORMULAS = ['=HYPERLINK("http://evil.example","click")', '@SUM(1+1)', '+1+1', '-2+3'];

/** A run as "Download runs (.json)" writes it. */
function run(id: string, label: string, startedAt = 1_700_000_000_000): object {
  return {
    version: 1, id, label, startedAt, endedAt: null, status: 'finished', datasetName: label, split: '48/12', modelName: 'Small CNN', backend: 'webgl',
    config: { epochs: 2, batchSize: 16, seed: 1, optimizer: { name: 'adam', learningRate: 0.003, momentum: 0.9, nesterov: false, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0, rho: 0.9 } },
    epochs: [{ epoch: 1, trainLoss: 1, trainAccuracy: 0.5, validationLoss: 1, validationAccuracy: 0.5, seconds: 1 }],
    events: [], trainableParamsStart: 1, trainableParamsEnd: 1, totalParams: 2,
  };
}


/** A tiny layers model written by hand: 1×1 conv, global pooling, dense; 23 float32 weights. */
function tinyModelJson(inputSize: number, classes: number): Uint8Array {
  const layers = [
    { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, inputSize, inputSize, 3], dtype: 'float32' } },
    { class_name: 'Conv2D', config: { name: 'c', filters: 2, kernel_size: [1, 1] } },
    { class_name: 'GlobalAveragePooling2D', config: { name: 'p' } },
    { class_name: 'Dense', config: { name: 'd', units: classes } },
  ];
  const weights = [['c/kernel', [1, 1, 3, 2]], ['c/bias', [2]], ['d/kernel', [2, classes]], ['d/bias', [classes]]].map(([name, shape]) => ({ name, shape, dtype: 'float32' }));
  return strToU8(JSON.stringify({ format: 'layers-model', modelTopology: { class_name: 'Sequential', config: { name: 'tiny', layers } }, weightsManifest: [{ paths: ['weights.bin'], weights }] }));
}

test('Download runs (.csv) neutralises formula labels; a run dated past the year 9999 is skipped, naming the field', async ({ page }) => {
  await openStudio(page);
  const file = JSON.stringify({ kind: 'thaw-runs', version: 1, runs: [...FORMULAS.map((label, i) => run(`f${i}`, label)), run('far', 'Far future', 9007199254740991)] });
  await page.getByLabel('Import runs').setInputFiles({ name: 'students.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  const report = page.getByRole('status', { name: 'Run import report' });
  await expect(report).toContainText(`${FORMULAS.length} run(s) added, 1 skipped`);
  await expect(report).toContainText('run 5 (Far future): startedAt: must be ≤ 253402300799999 (got 9007199254740991)');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download runs (.csv)' }).click();
  const [header, ...rows] = parseCsv(readFileSync(await (await download).path(), 'utf8'));
  const labelColumn = header!.indexOf('label');
  const labels = rows.map((cells) => cells[labelColumn]!);
  expect(labels).toEqual(FORMULAS.map((label) => `'${label}`));
  expect(rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
});

test('Load settings reports each file on its own, every skipped field listed', async ({ page }) => {
  await openStudio(page);
  const load = (name: string, training: object) => page.getByLabel('Load settings (.json)')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ kind: 'thaw-settings', version: 1, training })) });
  await load('first.json', { nonsense: 1 });
  await expect(page.getByRole('status', { name: 'Settings file report' })).toContainText('first.json: 0 setting(s) applied, 1 skipped');
  const wrong = { epochs: 0, batchSize: 0, seed: -1, learningRate: 99, optimizer: 'lion', warmupSteps: -1, mixupAlpha: 99, clipNorm: -1 };
  await load('second.json', { ...wrong, labelSmoothing: 0.1 });
  const report = page.getByRole('status', { name: 'Settings file report' });
  await expect(report).toContainText('second.json: 1 setting(s) applied, 8 skipped');
  await expect(report.getByRole('listitem')).toHaveCount(8);
  await expect(report).not.toContainText('first.json');
  await expect(report).not.toContainText('nonsense');
});

test('Import model refuses a config.json with a foreign input size, and a convolution too wide to train, naming why', async ({ page }) => {
  await openStudio(page);
  const importModel = page.getByLabel('Import model (.zip or its files)');
  const config = {
    kind: 'thaw-model', version: 1, exportedAt: '2025-01-01T00:00:00.000Z', source: 'current', epoch: null,
    model: { architecture: 'small-cnn', width: 8, inputSize: 30000, numClasses: 5, dropout: 0.2, seed: 1 }, training: null, freeze: null,
    dataset: { name: 'x', classNames: ['a', 'b', 'c', 'd', 'e'] },
  };
  const archive = zipSync({
    'model.json': tinyModelJson(8, 5), 'weights.bin': new Uint8Array(4 * 23),
    'labels.json': strToU8(JSON.stringify(['a', 'b', 'c', 'd', 'e'])), 'config.json': strToU8(JSON.stringify(config)),
  });
  await importModel.setInputFiles({ name: 'tampered.zip', mimeType: 'application/zip', buffer: Buffer.from(archive) });
  await expect(page.getByText(/The archive's config\.json was refused: model\.inputSize: 30000 is not a whole number from 16 to 512; model\.inputSize: 30000 is not the model's own input size: its model\.json takes 8×8 px images/)).toBeVisible();

  const wide = {
    format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'wide/kernel', shape: [1, 1, 3, 65536], dtype: 'float32' }] }],
    modelTopology: { class_name: 'Sequential', config: { name: 'wide', layers: [
      { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 1024, 1024, 3], dtype: 'float32' } },
      { class_name: 'Conv2D', config: { name: 'wide', filters: 65536, kernel_size: [1, 1], use_bias: false } },
    ] } },
  };
  await importModel.setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(wide)) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(4 * 3 * 65536) },
  ]);
  await expect(page.getByText(/Layer "wide" \(Conv2D\) outputs \[batch, 1024, 1024, 65536\] = 68,719,476,736 values per image/)).toBeVisible();
});
