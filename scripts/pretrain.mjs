#!/usr/bin/env node
// `npm run pretrain [-- --gpu] [--backend webgl] [--epochs 10] [--images-per-class 300] [--transfer-epochs 5] [--transfer-seeds 1,2,3] [--out public/models/thaw-shapes-cnn]`
// Pretrains the built-in backbone in headless Chromium (src/pretrain/pretrainPage.ts) and writes
// model.json, weights.bin and card.json (with the measured transfer comparison) into public/models.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_GPU_ARGS, chromiumExecutable } from './chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const options = {
  // WebGL: on a software GPU it is about three times faster than WebGPU; on a real GPU either is fine.
  backend: option('backend', 'webgl'),
  epochs: Number(option('epochs', '10')),
  imagesPerClass: Number(option('images-per-class', '300')),
  seed: Number(option('seed', '2026')),
  transferEpochs: Number(option('transfer-epochs', '5')),
  transferSeeds: option('transfer-seeds', '1,2,3').split(',').map(Number),
};
const outDir = path.resolve(root, option('out', 'public/models/thaw-shapes-cnn'));

const server = await createServer({ root, logLevel: 'error', server: { port: 5198, strictPort: false, host: '127.0.0.1', hmr: false, watch: null } });
await server.listen();
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: argv.includes('--gpu') ? CHROMIUM_GPU_ARGS : CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.text().startsWith('[pretrain]')) console.log(m.text().slice(11)); });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${server.resolvedUrls.local[0]}pretrain.html`);
  await page.waitForFunction(() => !!window.thawPretrain, null, { timeout: 120_000 });
  console.log(`pretraining with ${JSON.stringify(options)}`);
  const started = Date.now();
  const result = await page.evaluate((o) => window.thawPretrain.run(o), options);
  mkdirSync(outDir, { recursive: true });
  const weights = Buffer.from(result.weightsBase64, 'base64');
  writeFileSync(path.join(outDir, 'model.json'), JSON.stringify(result.modelJson));
  writeFileSync(path.join(outDir, 'weights.bin'), weights);
  writeFileSync(path.join(outDir, 'card.json'), JSON.stringify(result.card, null, 2) + '\n');
  console.log(`\n${result.card.summary}`);
  for (const arm of result.card.transfer.arms) {
    console.log(`  ${arm.label}: ${arm.finalValidationAccuracy.map((a) => a.toFixed(3)).join(', ')} (mean ${arm.meanFinalValidationAccuracy.toFixed(3)})`);
  }
  console.log(`wrote ${path.relative(root, outDir)}/ (weights ${(weights.length / 1024).toFixed(0)} KB) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await browser.close();
  await server.close();
}
