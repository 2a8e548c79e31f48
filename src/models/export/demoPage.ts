import type * as tf from '@tensorflow/tfjs';
import { strToU8 } from 'fflate';
import { demoPageScript, type DemoPageConfig, type DemoPageIds, type DemoPageModel } from './demoPageScript';

export interface DemoPageInput {
  modelJson: { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  /** The weight files of the manifest, concatenated in its order. */
  weights: Uint8Array;
  labels: string[];
  preprocessing: { inputSize: number; channels: 'RGB'; resize: 'bilinear'; scale: 'x/127.5-1' };
  /** tf.min.js, the runtime the page loads beside itself (see tfjsRuntime.ts). */
  runtimeScript: Uint8Array;
  title: string;
}

const IDS: DemoPageIds = { config: 'thaw-demo-config', modelGlobal: 'THAW_DEMO_MODEL' };

/**
 * Scripts and styles from the page's own folder only (`file:` for browsers whose 'self' does not cover a
 * file:// page); WebAssembly may compile because tfjs' int64 helper tries to; pictures and the camera come
 * through blob: and mediastream: URLs the page makes; nothing is fetched.
 */
export const DEMO_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self' file: 'wasm-unsafe-eval'",
  "style-src 'self' file:",
  "img-src 'self' file: blob: data:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The runtime's name beside index.html. */
export const DEMO_RUNTIME_FILE = 'tf.min.js';
/** The model, labels and preprocessing, inlined as a script (a page opened from file:// cannot fetch files). */
export const DEMO_MODEL_FILE = 'model.js';

/** The files of the demo zip, by name (the caller zips them). */
export function demoPageFiles(input: DemoPageInput): Record<string, Uint8Array> {
  const weightSpecs = input.modelJson.weightsManifest.flatMap((group) => group.weights);
  checkWeightBytes(weightSpecs, input.weights.byteLength);
  const config: DemoPageConfig = { title: input.title, labels: [...input.labels], inputSize: input.preprocessing.inputSize };
  const model: DemoPageModel = { modelTopology: input.modelJson.modelTopology, weightSpecs, weightsBase64: toBase64(input.weights) };
  return {
    'index.html': strToU8(indexHtml(config)),
    'style.css': strToU8(STYLE),
    'demo.js': strToU8(demoPageScript(IDS)),
    [DEMO_MODEL_FILE]: strToU8(`// The model for index.html: its topology, weight specs and weights (base64), written by Thaw.\nwindow[${scriptJson(IDS.modelGlobal)}] = ${scriptJson(model)};\n`),
    [DEMO_RUNTIME_FILE]: input.runtimeScript,
    'README.txt': strToU8(readme(config)),
  };
}

/** JSON that is safe inside a <script> element and as JavaScript source: no `<`, `>`, `&`, U+2028 or U+2029 raw. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Base64 in chunks (String.fromCharCode takes its bytes as arguments); btoa exists in browsers, workers and Node. */
function toBase64(bytes: Uint8Array): string {
  const chunk = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** A weights buffer that does not match its specs is a caller's bug: said here, not in the user's browser. */
function checkWeightBytes(specs: tf.io.WeightsManifestEntry[], actual: number): void {
  if (specs.some((spec) => spec.quantization || !(spec.dtype in BYTES_PER_VALUE))) return;
  const expected = specs.reduce((sum, spec) => sum + spec.shape.reduce((n, d) => n * d, 1) * (BYTES_PER_VALUE[spec.dtype] ?? 0), 0);
  if (expected !== actual) throw new Error(`The demo page's weights are ${actual} bytes but the model's specs need ${expected}`);
}

function indexHtml(config: DemoPageConfig): string {
  const title = escapeHtml(config.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${DEMO_PAGE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="style.css">
<script type="application/json" id="${IDS.config}">${scriptJson(config)}</script>
</head>
<body>
<main>
<h1>${title}</h1>
<p class="intro">Drop a picture or start the camera: the model says what it sees, in this browser. Nothing leaves this computer.</p>
<p id="model-status" role="status" aria-label="Model status" data-state="loading">Loading the model…</p>
<div class="inputs">
  <div id="drop-zone" class="drop-zone" role="group" aria-label="Drop a picture here">
    <p>Drop a picture here, or</p>
    <label class="button">Choose a picture <input id="picture-input" type="file" accept="image/*"></label>
    <p id="picture-status" role="status" aria-label="Picture status"></p>
  </div>
  <div class="camera-controls">
    <button id="start-camera" type="button">Start camera</button>
    <button id="stop-camera" type="button" disabled>Stop camera</button>
    <p id="camera-status" role="status" aria-label="Camera status" data-state="off">The camera starts only when you press Start camera.</p>
  </div>
</div>
<div class="view">
  <img id="preview" alt="The picture being classified" hidden>
  <video id="camera" aria-label="Camera" muted playsinline hidden></video>
</div>
<h2 id="predictions-for">Predictions</h2>
<ol id="predictions" aria-label="Predictions"></ol>
<p class="about">Made with Thaw: an image classifier (${config.inputSize}×${config.inputSize} px input) running on TensorFlow.js from the files beside this page.</p>
</main>
<script src="tf.min.js"></script>
<script src="model.js"></script>
<script src="demo.js"></script>
</body>
</html>
`;
}

const STYLE = `[hidden] { display: none !important; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d232b; background: #f6f7f9; }
main { max-width: 44rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; overflow-wrap: anywhere; }
.inputs { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
.drop-zone { border: 2px dashed #8a94a3; border-radius: .6rem; padding: 1rem; background: #fff; }
.drop-zone.over { border-color: #1f6feb; background: #eef4ff; }
.drop-zone p { margin: .25rem 0; }
.button, button { display: inline-block; font: inherit; padding: .35rem .8rem; border-radius: .4rem; border: 1px solid #8a94a3; background: #fff; cursor: pointer; }
button:disabled { opacity: .5; cursor: default; }
[role="status"] { min-height: 1.5em; }
[data-state="error"], [data-state="unavailable"] { color: #a4262c; }
.view img, .view video { display: block; max-width: 100%; max-height: 20rem; margin: 1rem auto; border-radius: .4rem; }
ol { padding: 0; list-style: none; }
li { display: grid; grid-template-columns: minmax(6rem, 12rem) 1fr 4rem; gap: .6rem; align-items: center; margin: .35rem 0; }
li .name { overflow-wrap: anywhere; }
li .bar { height: .9rem; background: #dfe3e8; border-radius: .45rem; overflow: hidden; }
li .fill { display: block; height: 100%; background: #1f6feb; }
li .percent { text-align: right; font-variant-numeric: tabular-nums; }
.about { color: #5b6573; font-size: .9rem; }
`;

function readme(config: DemoPageConfig): string {
  return `${config.title}
${'='.repeat(Math.min(72, config.title.length))}

A standalone demo of an image classifier trained with Thaw (${config.labels.length} classes).

How to open it
  Unzip this folder, keep its files together, and double-click index.html (or put the folder on any static
  web host). No server, no network and no install are needed: the model (model.js) and TensorFlow.js
  (tf.min.js) are in the folder.

What it does
  Drop a picture on the page, or choose one, and it shows the model's top classes with their probabilities.
  Press "Start camera" to classify the camera's picture live; the browser asks first, and nothing is sent
  anywhere. Each picture is prepared as in Thaw: its centre square, resized to ${config.inputSize}x${config.inputSize} px
  (bilinear), values scaled to x / 127.5 - 1.

Files
  index.html  the page        demo.js    its program      style.css  its look
  model.js    the model       tf.min.js  TensorFlow.js    README.txt this file
`;
}
