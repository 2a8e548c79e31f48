import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { chromiumLaunchOptions } from './browser';
import { png } from './fixtures/imageFiles';
import { openStudio, setSampleSize, train } from './studio';
import { demoPageFiles } from '../src/models/export/demoPage';
import { imagesToInput } from '../src/engine/data/batches';

/**
 * The standalone demo page (Export format: Standalone demo page), opened from file:// with no network and
 * Chromium's fake camera. Its predictions must equal the studio's preprocessing + model to 1e-4.
 */
const launchOptions = chromiumLaunchOptions();
test.use({ launchOptions: { ...launchOptions, args: [...(launchOptions.args ?? []), '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] } });

const TOLERANCE = 1e-4;
const INPUT_SIZE = 16;
const LABELS = ['circle', 'square', '<img src=x onerror="window.__pwned=1">', '</script><script>window.__pwned=2</script>', '=HYPERLINK("http://example.com","click")', 'star & "moon"'];
/** Four classes: the page shows them all, so every hostile label is on screen. */
const FEW_LABELS = ['<b>bold</b>', '</script><script>window.__pwned=3</script>', '=1+1', '<img src=x onerror="window.__pwned=4">'];

interface Picture { name: string; width: number; height: number; rgb: Uint8Array; bytes: Buffer }

/** A patterned RGB picture (sharp edges and gradients, so crop and resize errors would show), as pixels and PNG. */
function picture(name: string, width: number, height: number): Picture {
  const at = (x: number, y: number) => [(x * 37 + y * 11) % 256, (x * y * 5 + 60) % 256, ((x - y) * (x - y) * 3) % 256];
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgb.set(at(x, y), (y * width + x) * 3);
  return { name, width, height, rgb, bytes: png(width, height, 2, 8, at) };
}

const PICTURES = [picture('square.png', 32, 32), picture('wide.png', 45, 28), picture('tall.png', 20, 52), picture('exact.png', INPUT_SIZE, INPUT_SIZE)];

function tinyModel(classes: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [INPUT_SIZE, INPUT_SIZE, 3], filters: 4, kernelSize: 3, strides: 2, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: classes, kernelInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: 2 }) }));
  model.add(tf.layers.softmax());
  return model;
}

/** The model as the studio serialises it (modelArtifacts in src/models/modelArchive.ts): topology, one manifest group, the weights. */
async function serialise(model: tf.LayersModel): Promise<{ modelJson: { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] }; weights: Uint8Array }> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (saved) => {
    artifacts = saved;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!artifacts?.modelTopology || !artifacts.weightSpecs || !(artifacts.weightData instanceof ArrayBuffer)) throw new Error('The test model could not be serialised');
  return { modelJson: { modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }] }, weights: new Uint8Array(artifacts.weightData) };
}

let folder = '';
// The runtime src/models/export/tfjsRuntime.ts ships (its ?url import cannot load outside Vite).
const runtime = readFile(path.resolve('node_modules/@tensorflow/tfjs/dist/tf.es2017.min.js'));

/** Writes the files of a demo zip under a fresh folder and returns index.html's file:// URL. */
async function writeDemo(files: Record<string, Uint8Array>, name: string): Promise<string> {
  const dir = path.join(folder, name);
  for (const [file, bytes] of Object.entries(files)) {
    if (file.endsWith('/')) continue;
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), bytes);
  }
  const index = Object.keys(files).find((file) => file === 'index.html' || file.endsWith('/index.html'));
  if (!index) throw new Error(`No index.html among ${Object.keys(files).join(', ')}`);
  return pathToFileURL(path.join(dir, index)).href;
}

async function buildDemo(model: tf.LayersModel, labels: string[], name: string): Promise<string> {
  const { modelJson, weights } = await serialise(model);
  const files = demoPageFiles({
    modelJson, weights, labels, runtimeScript: new Uint8Array(await runtime), title: `Demo <${name}>`,
    preprocessing: { inputSize: INPUT_SIZE, channels: 'RGB', resize: 'bilinear', scale: 'x/127.5-1' },
  });
  return writeDemo(files, name);
}

/** What the studio predicts for these pixels: its own preprocessing (imagesToInput), then the model. */
async function studioPredictions(model: tf.LayersModel, image: Picture): Promise<number[]> {
  const x = imagesToInput([{ width: image.width, height: image.height, rgb: image.rgb }], INPUT_SIZE);
  const y = model.predict(x) as tf.Tensor;
  const values = Array.from(await y.data());
  tf.dispose([x, y]);
  return values;
}

/** Every request the page makes that is not a local file is recorded and refused. */
async function offline(context: BrowserContext): Promise<string[]> {
  const requests: string[] = [];
  const local = (url: string) => /^(file|blob|data):/.test(url);
  context.on('request', (request) => { if (!local(request.url())) requests.push(request.url()); });
  await context.route('**/*', (route) => (local(route.request().url()) ? route.continue() : route.abort('internetdisconnected')));
  return requests;
}

/** Console errors and uncaught exceptions (a Content-Security-Policy refusal shows as a console error). */
function problems(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') seen.push(message.text()); });
  page.on('pageerror', (error) => seen.push(error.message));
  return seen;
}

async function openDemo(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const status = page.getByRole('status', { name: 'Model status' });
  await expect(status).not.toHaveAttribute('data-state', 'loading');
  await expect(status).toHaveText(/^Model ready: /);
}

/** The predictions a list shows, by label, from the items' data-label and data-probability. */
async function predictionsOf(list: Locator): Promise<Map<string, number>> {
  const items = await list.getByRole('listitem').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-label') ?? '', Number(li.getAttribute('data-probability'))] as const));
  return new Map(items);
}

async function choosePicture(page: Page, image: Picture): Promise<Map<string, number>> {
  await page.getByLabel('Choose a picture').setInputFiles({ name: image.name, mimeType: 'image/png', buffer: image.bytes });
  await expect(page.locator('#predictions-for')).toHaveText(`Predictions for ${image.name}`);
  return predictionsOf(page.getByRole('list', { name: 'Predictions' }));
}

async function dropPicture(page: Page, image: Picture): Promise<void> {
  const dataTransfer = await page.evaluateHandle(({ name, bytes }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
    return transfer;
  }, { name: image.name, bytes: [...image.bytes] });
  await page.getByRole('group', { name: 'Drop a picture here' }).dispatchEvent('drop', { dataTransfer });
}

/** The largest |Δ| between the page's probabilities and the studio's, after checking the page shows the studio's top classes in order. */
function largestDifference(shown: Map<string, number>, expected: number[], labels: string[]): number {
  const ranked = expected.map((p, i) => ({ label: labels[i] ?? '', p })).sort((a, b) => b.p - a.p).slice(0, labels.length <= 5 ? labels.length : 3);
  expect([...shown.keys()]).toEqual(ranked.map((r) => r.label));
  return Math.max(...ranked.map((r) => Math.abs((shown.get(r.label) ?? Number.NaN) - r.p)));
}

test.beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'thaw-demo-page-'));
});

test.afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

test('the demo page predicts from file:// with no network, as the studio does, and from the camera', async ({ context, page }) => {
  const model = tinyModel(LABELS.length);
  const url = await buildDemo(model, LABELS, 'six');
  const requests = await offline(context);
  const errors = problems(page);
  await page.addInitScript(() => {
    const media = navigator.mediaDevices;
    const original = media.getUserMedia.bind(media);
    (window as unknown as { cameraAsks: number }).cameraAsks = 0;
    media.getUserMedia = (constraints) => {
      (window as unknown as { cameraAsks: number }).cameraAsks += 1;
      return original(constraints);
    };
  });
  await openDemo(page, url);
  await expect(page).toHaveTitle('Demo <six>');
  const backend = await page.getByRole('status', { name: 'Model status' }).textContent();

  let worst = 0;
  for (const image of PICTURES) {
    const shown = await choosePicture(page, image);
    worst = Math.max(worst, largestDifference(shown, await studioPredictions(model, image), LABELS));
  }
  console.log(`demo page vs studio preprocessing in Node: max |Δ| = ${worst.toExponential(2)} (${backend})`);
  test.info().annotations.push({ type: 'max |Δ|', description: `${worst} on ${backend}` });
  expect(worst).toBeLessThanOrEqual(TOLERANCE);

  // Labels are text: the item's name is its label verbatim, and no label became an element or ran.
  for (const li of await page.getByRole('listitem').all()) await expect(li.locator('.name')).toHaveText((await li.getAttribute('data-label')) ?? '');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('img')).toHaveCount(1);

  // The camera is asked for only on the click; frames are predicted and the rate is shown.
  expect(await page.evaluate(() => (window as unknown as { cameraAsks: number }).cameraAsks)).toBe(0);
  await page.getByRole('button', { name: 'Start camera' }).click();
  const camera = page.getByRole('status', { name: 'Camera status' });
  await expect(camera).toHaveText(/^Camera on: 640×480, \d+\.\d predictions a second\.$/);
  await expect(page.locator('video#camera')).toBeVisible();
  await expect(page.locator('#predictions-for')).toHaveText('Predictions for the camera');
  const frame = await predictionsOf(page.getByRole('list', { name: 'Predictions' }));
  expect(frame.size).toBe(3);
  for (const p of frame.values()) expect(p).toBeGreaterThanOrEqual(0);
  expect([...frame.values()].reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-6);
  expect(await page.evaluate(() => (window as unknown as { cameraAsks: number }).cameraAsks)).toBe(1);
  await page.getByRole('button', { name: 'Stop camera' }).click();
  await expect(camera).toHaveText('Camera off.');
  await expect(page.locator('video#camera')).toBeHidden();

  expect(requests).toEqual([]);
  expect(errors).toEqual([]);
  model.dispose();
});

test('without a camera the page says so plainly and still predicts a dropped picture, labels as text', async ({ context }) => {
  const model = tinyModel(FEW_LABELS.length);
  const url = await buildDemo(model, FEW_LABELS, 'four');
  const requests = await offline(context);
  const cases = [
    { why: 'permission refused', script: () => { navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')); } },
    { why: 'no camera found', script: () => { navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError')); } },
    { why: 'this browser offers this page no camera', script: () => { Object.defineProperty(Navigator.prototype, 'mediaDevices', { get: () => undefined }); } },
  ];
  for (const { why, script } of cases) {
    const page = await context.newPage();
    const errors = problems(page);
    await page.addInitScript(script);
    await openDemo(page, url);
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect(page.getByRole('status', { name: 'Camera status' })).toHaveText(new RegExp(`^No camera: ${why}.*\\. You can still drop a picture\\.$`));
    await expect(page.getByRole('button', { name: 'Start camera' })).toBeEnabled();

    const image = PICTURES[1]!;
    await dropPicture(page, image);
    await expect(page.locator('#predictions-for')).toHaveText(`Predictions for ${image.name}`);
    const shown = await predictionsOf(page.getByRole('list', { name: 'Predictions' }));
    expect(largestDifference(shown, await studioPredictions(model, image), FEW_LABELS)).toBeLessThanOrEqual(TOLERANCE);
    // All four labels are on screen, each exactly as written, none of them markup.
    expect(await page.locator('#predictions .name').allTextContents()).toEqual([...shown.keys()]);
    expect([...shown.keys()].sort()).toEqual([...FEW_LABELS].sort());
    await expect(page.locator('#predictions b, #predictions img')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  }
  expect(requests).toEqual([]);
  model.dispose();
});

/** The studio's Predict panel list for a picture (its items carry data-label and data-probability). */
function studioPanel(page: Page, name: string): Locator {
  return page.getByRole('list', { name: `Predictions for ${name}` });
}

// The studio's own download, end to end: both sides see the same pixels (the panel hands the engine the whole
// picture, which centre-crops it as the demo page does).
test('the demo page downloaded from the studio predicts what the studio predicts', async ({ page, browser }) => {
  await openStudio(page);
  await setSampleSize(page, 20);
  await train(page, 1);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });
  await page.getByRole('combobox', { name: 'Export format' }).selectOption({ label: 'Standalone demo page' });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download model (.zip)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^thaw-[a-z0-9-]+-demo\.zip$/);
  const files = unzipSync(new Uint8Array(await readFile(await download.path())));
  expect(Object.keys(files).sort()).toEqual(['README.txt', 'demo.js', 'index.html', 'model.js', 'style.css', 'tf.min.js']);
  const url = await writeDemo(files, 'studio');

  const image = picture('wide.png', 48, 32);
  await page.getByLabel('Predict an image').setInputFiles({ name: image.name, mimeType: 'image/png', buffer: image.bytes });
  await expect(studioPanel(page, image.name).getByRole('listitem')).toHaveCount(3);
  const studio = await predictionsOf(studioPanel(page, image.name));

  // A context of its own: the studio's page keeps its network, the demo page gets none.
  const offlineContext = await browser.newContext();
  const requests = await offline(offlineContext);
  const demo = await offlineContext.newPage();
  await openDemo(demo, url);
  const shown = await choosePicture(demo, image);
  const worst = Math.max(...[...studio].map(([label, probability]) => Math.abs((shown.get(label) ?? Number.NaN) - probability)));
  console.log(`demo page vs the studio's Predict panel: max |Δ| = ${worst.toExponential(2)}`);
  expect(worst).toBeLessThanOrEqual(TOLERANCE);
  expect(requests).toEqual([]);
  await offlineContext.close();
});
