import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useCpuBackend } from '../engine/testSupport';
import { forwardWithPerLayerTraining } from '../engine/forward';
import { groupLayersIntoBlocks } from '../freeze/blocks';
import { FreezeState } from '../freeze/freezeState';
import { preprocessPixels } from '../engine/tensors';
import {
  attachHead, loadMobileNet, MOBILENET_FEATURE_LAYER, MOBILENET_VARIANTS, mobileNetUrl, TFJS_MODELS_BASE_URL,
} from './mobilenet';
import { fileSystemHandler, sharedMobileNetDir } from './testFiles';

beforeAll(useCpuBackend);

const sharedDir = sharedMobileNetDir();
if (!sharedDir) {
  console.warn('Skipping real-MobileNet tests: ../shared/models/mobilenet_v1_0.25_224 (relative to the repo root) is missing');
}

describe('MobileNet variants', () => {
  it('lists the three official 224 px MobileNet v1 models under one base URL', () => {
    expect(Object.values(MOBILENET_VARIANTS).map((v) => v.alpha)).toEqual([0.25, 0.5, 1.0]);
    expect(Object.values(MOBILENET_VARIANTS).map((v) => mobileNetUrl(v))).toEqual([
      'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_0.25_224/model.json',
      'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_0.50_224/model.json',
      'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_1.0_224/model.json',
    ]);
    expect(TFJS_MODELS_BASE_URL).toBe('https://storage.googleapis.com/tfjs-models/tfjs/');
    expect(mobileNetUrl(MOBILENET_VARIANTS.v025, '/models')).toBe('/models/mobilenet_v1_0.25_224/model.json');
    expect(Object.values(MOBILENET_VARIANTS).map((v) => v.featureShape)).toEqual([[7, 7, 256], [7, 7, 512], [7, 7, 1024]]);
  });

  it('preprocessing maps pixel 0 to -1 and 255 to 1 (the Keras MobileNet range)', () => {
    const pixels = new Uint8Array(2 * 2 * 3).fill(255);
    pixels.fill(0, 0, 6);
    const x = preprocessPixels(pixels, [0], 2);
    expect(Array.from(x.dataSync())).toEqual([-1, -1, -1, -1, -1, -1, 1, 1, 1, 1, 1, 1]);
    x.dispose();
  });
});

/** A miniature MobileNet-shaped backbone with an ImageNet-like tail, so attachHead is tested without the shared weights. */
function miniBackbone(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3], name: 'input_1' });
  let x = tf.layers.conv2d({ name: 'conv1', filters: 4, kernelSize: 3, strides: 2, padding: 'same', useBias: false }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'conv1_bn' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'conv1_relu', maxValue: 6 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.depthwiseConv2d({ name: 'conv_dw_1', kernelSize: 3, padding: 'same', useBias: false }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ name: 'conv_pw_1', filters: 6, kernelSize: 1, useBias: false }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ name: 'conv_pw_1_relu', activation: 'relu6' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ name: 'preds', units: 10 }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x, name: 'mini_mobilenet' });
}

describe('attachHead', () => {
  it('builds one flat model from the backbone layers plus head_ layers and frees the dropped tail', () => {
    const backbone = miniBackbone();
    const preds = backbone.getLayer('preds');
    const model = attachHead(backbone, 'conv_pw_1_relu', { numClasses: 3, dropout: 0.1, seed: 1, hiddenUnits: 5 });
    expect(model.layers.map((l) => l.name)).toEqual([
      'input_1', 'conv1', 'conv1_bn', 'conv1_relu', 'conv_dw_1', 'conv_pw_1', 'conv_pw_1_relu',
      'head_pool', 'head_hidden', 'head_hidden_bn', 'head_hidden_relu', 'head_dropout', 'head_logits',
    ]);
    expect(model.layers.every((l) => !(l instanceof tf.LayersModel))).toBe(true);
    expect(model.getLayer('conv1')).toBe(backbone.getLayer('conv1'));
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    expect(groupLayersIntoBlocks(model).map((b) => b.id)).toEqual(['stem', 'block1', 'head']);
    expect(() => preds.getWeights()).toThrow(/disposed/);
    // A second head on the same backbone shares its weights and must not double-dispose the tail.
    const again = attachHead(backbone, 'conv_pw_1_relu', { numClasses: 2, dropout: 0, seed: 2 });
    expect(again.getLayer('conv_pw_1')).toBe(model.getLayer('conv_pw_1'));
    again.getLayer('head_logits').dispose();
    model.dispose();
  });

  it('names the missing feature layer', () => {
    const backbone = miniBackbone();
    expect(() => attachHead(backbone, 'conv_pw_13_relu', { numClasses: 2, dropout: 0, seed: 1 }))
      .toThrow(/no layer named "conv_pw_13_relu"/);
    backbone.dispose();
  });
});

/** Serves the shared folder to tfjs's HTTP loader, so the real URL code path (and onProgress) runs. */
function fetchFromFolder(dir: string): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const file = path.join(dir, path.basename(new URL(url).pathname));
    if (!fs.existsSync(file)) return new Response('not found', { status: 404 });
    return new Response(fs.readFileSync(file), { status: 200 });
  });
}

describe.skipIf(!sharedDir)('real MobileNet v1 0.25 (shared weights)', () => {
  const dir = sharedDir!;
  let backbone: tf.LayersModel;
  let model: tf.LayersModel;
  let backboneLayerCount = 0;
  let backboneParams = 0;
  const progress: number[] = [];

  beforeAll(async () => {
    vi.stubGlobal('fetch', fetchFromFolder(dir));
    try {
      const started = performance.now();
      backbone = await loadMobileNet(mobileNetUrl(MOBILENET_VARIANTS.v025, 'https://mirror.test/models/'), (f) => progress.push(f));
      console.info(`MobileNet v1 0.25 loaded through the HTTP loader in ${(performance.now() - started).toFixed(0)} ms`);
    } finally {
      vi.unstubAllGlobals();
    }
    backboneLayerCount = backbone.layers.length;
    backboneParams = backbone.countParams();
    const started = performance.now();
    model = attachHead(backbone, MOBILENET_FEATURE_LAYER, { numClasses: 2, dropout: 0.2, seed: 7 });
    console.info(`attachHead took ${(performance.now() - started).toFixed(0)} ms`);
  });

  afterAll(() => model?.dispose());

  it('loads the documented ImageNet model with progress reports', () => {
    expect(backboneLayerCount).toBe(88);
    expect(backboneParams).toBe(475_544);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toBeCloseTo(1, 5);
  });

  it('loads through fileSystemHandler too', async () => {
    const started = performance.now();
    const again = await loadMobileNet(fileSystemHandler(dir));
    console.info(`MobileNet v1 0.25 loaded from disk in ${(performance.now() - started).toFixed(0)} ms`);
    expect(again.countParams()).toBe(475_544);
    expect(again.getLayer(MOBILENET_FEATURE_LAYER).outputShape).toEqual([null, 7, 7, 256]);
    again.dispose();
  });

  it('is one flat model: 82 backbone layers up to conv_pw_13_relu, then the head_ layers', () => {
    const names = model.layers.map((l) => l.name);
    const cut = names.indexOf(MOBILENET_FEATURE_LAYER);
    expect(cut).toBe(81);
    expect(names.slice(0, cut + 1).every((n) => backbone.getLayer(n) === model.getLayer(n))).toBe(true);
    expect(names.slice(cut + 1)).toEqual(['head_pool', 'head_dropout', 'head_logits']);
    expect(model.layers.every((l) => !(l instanceof tf.LayersModel))).toBe(true);
    expect(model.inputs[0]!.shape).toEqual([null, 224, 224, 3]);
    expect(model.outputs[0]!.shape).toEqual([null, 2]);
    expect(() => backbone.getLayer('conv_preds').getWeights()).toThrow(/disposed/);
  });

  it('groups into stem, block1..block13, head with parameter counts summing to the model', () => {
    const blocks = groupLayersIntoBlocks(model);
    expect(blocks.map((b) => b.id)).toEqual(['stem', ...Array.from({ length: 13 }, (_, i) => `block${i + 1}`), 'head']);
    expect(blocks[0]!.layerNames).toEqual(['conv1', 'conv1_bn', 'conv1_relu']);
    expect(blocks[13]!.layerNames).toEqual(['conv_dw_13', 'conv_dw_13_bn', 'conv_dw_13_relu', 'conv_pw_13', 'conv_pw_13_bn', 'conv_pw_13_relu']);
    const paramsOf = (names: string[]) => names.reduce((s, n) => s + model.getLayer(n).countParams(), 0);
    const total = blocks.reduce((s, b) => s + paramsOf(b.layerNames), 0);
    // The 1000-class conv_preds (256×1000 + 1000) is gone; the new head adds 256×2 + 2.
    expect(model.countParams()).toBe(475_544 - 257_000 + 514);
    expect(total).toBe(model.countParams());
    expect(new FreezeState(model, blocks).summary().totalParams).toBe(model.countParams());
  });

  it('the per-layer forward executor matches predict in inference mode', () => {
    const x = tf.randomUniform([2, 224, 224, 3], -1, 1, 'float32', 11);
    const viaExecutor = forwardWithPerLayerTraining(model, x, () => false);
    const viaPredict = model.predict(x) as tf.Tensor;
    const diff = tf.max(tf.abs(tf.sub(viaExecutor, viaPredict))).dataSync()[0]!;
    console.info(`executor vs predict max abs diff: ${diff.toExponential(2)}`);
    expect(viaPredict.shape).toEqual([2, 2]);
    expect(diff).toBeLessThan(1e-5);
    tf.dispose([x, viaExecutor, viaPredict]);
  });
});
