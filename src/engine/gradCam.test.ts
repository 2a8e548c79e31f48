import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../common/rng';
import { groupLayersIntoBlocks, type Block } from '../freeze/blocks';
import { gradCam, heatmapBlocks, heatmapTarget } from './gradCam';
import { heatmapOf } from './heatmap';
import { useCpuBackend } from './testSupport';

const SIDE = 16;

/**
 * Class 1: a bright 4×4 blob somewhere in the left half; class 0: none. Both halves are noise besides, the
 * right one busier, so the only thing that tells the classes apart is in the left half. Values are the
 * model's input range (−1..1).
 */
function leftBlobImage(rng: Rng, withBlob: boolean): Float32Array {
  const pixels = new Float32Array(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const noise = x < SIDE / 2 ? -1 + 0.4 * rng() : -1 + 1.2 * rng();
      pixels.fill(noise, (y * SIDE + x) * 3, (y * SIDE + x) * 3 + 3);
    }
  }
  if (withBlob) {
    const top = Math.floor(rng() * (SIDE - 4));
    const left = Math.floor(rng() * (SIDE / 2 - 4));
    for (let y = top; y < top + 4; y++) for (let x = left; x < left + 4; x++) pixels.fill(1, (y * SIDE + x) * 3, (y * SIDE + x) * 3 + 3);
  }
  return pixels;
}

function images(count: number, seed: number): { x: tf.Tensor4D; labels: number[] } {
  const rng = createRng(seed);
  const labels = Array.from({ length: count }, (_, i) => i % 2);
  const all = new Float32Array(count * SIDE * SIDE * 3);
  labels.forEach((label, i) => all.set(leftBlobImage(rng, label === 1), i * SIDE * SIDE * 3));
  return { x: tf.tensor4d(all, [count, SIDE, SIDE, 3]), labels };
}

/** Two conv blocks (the second at half resolution) and a pooled head, trained a few epochs on the left-blob images. */
async function trainedLeftHalfModel(): Promise<{ model: tf.LayersModel; blocks: Block[]; accuracy: number }> {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const input = tf.input({ shape: [SIDE, SIDE, 3] });
  const conv1 = tf.layers.conv2d({ name: 'block1_a', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }).apply(input);
  const pooled = tf.layers.maxPooling2d({ name: 'block2_pool', poolSize: 2 }).apply(conv1);
  const conv2 = tf.layers.conv2d({ name: 'block2_a', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }).apply(pooled);
  const gap = tf.layers.globalAveragePooling2d({ name: 'head_pool' }).apply(conv2);
  const logits = tf.layers.dense({ name: 'head_dense', units: 2, kernelInitializer: init(3) }).apply(gap) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: logits });
  const { x, labels } = images(64, 7);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 2);
  model.compile({ optimizer: tf.train.adam(0.02), loss: (t: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(t, p) });
  await model.fit(x, y, { epochs: 12, batchSize: 16, shuffle: false, verbose: 0 });
  const accuracy = tf.tidy(() => (model.predict(x) as tf.Tensor).argMax(-1).equal(y.argMax(-1)).mean().dataSync()[0] ?? 0);
  tf.dispose([x, y]);
  return { model, blocks: groupLayersIntoBlocks(model), accuracy };
}

/** Mean heat of the left and right halves over `count` fresh class-1 images. */
async function meanHeatByHalf(model: tf.LayersModel, layerName: string, classIndex: number | null): Promise<{ left: number; right: number }> {
  const rng = createRng(99);
  let left = 0;
  let right = 0;
  for (let i = 0; i < 8; i++) {
    const input = tf.tensor4d(leftBlobImage(rng, true), [1, SIDE, SIDE, 3]);
    const { heat, side } = await gradCam(model, input, layerName, classIndex);
    input.dispose();
    heat.forEach((v, p) => { if (p % side < side / 2) left += v; else right += v; });
  }
  return { left, right };
}

describe('Grad-CAM', () => {
  let model: tf.LayersModel;
  let blocks: Block[];
  let accuracy: number;
  beforeAll(async () => {
    await useCpuBackend();
    ({ model, blocks, accuracy } = await trainedLeftHalfModel());
  }, 120_000);

  it('learns the left-half task (the premise of the heatmap tests)', () => {
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('is brighter on the left for a model whose class depends only on the left half', async () => {
    const target = heatmapTarget(model, blocks, null);
    expect(target.layerName).toBe('block2_a');
    const { left, right } = await meanHeatByHalf(model, target.layerName, 1);
    expect(left).toBeGreaterThan(2 * right);
  });

  it('takes the heatmap at the block the user picks, at that block\'s resolution', async () => {
    expect(heatmapBlocks(model, blocks).map((b) => b.id)).toEqual(['block1', 'block2']);
    const first = heatmapTarget(model, blocks, 'block1');
    expect(first.layerName).toBe('block1_a');
    const input = tf.tensor4d(leftBlobImage(createRng(5), true), [1, SIDE, SIDE, 3]);
    const atConv1 = await gradCam(model, input, first.layerName, null);
    const atConv2 = await gradCam(model, input, 'block2_a', null);
    input.dispose();
    expect(atConv1.featureShape).toEqual([16, 16, 4]);
    expect(atConv2.featureShape).toEqual([8, 8, 4]);
    expect(atConv1.heat).not.toEqual(atConv2.heat);
    const { left, right } = await meanHeatByHalf(model, first.layerName, 1);
    expect(left).toBeGreaterThan(2 * right);
  });

  it('refuses a block without a spatial output, naming the ones to pick', () => {
    expect(() => heatmapTarget(model, blocks, 'head')).toThrow(/Head outputs no image-shaped feature map.*pick one of Block 1, Block 2\./);
    expect(() => heatmapTarget(model, blocks, 'nope')).toThrow(/no block "nope"/);
  });

  it('explains the chosen class, not only the top one, in 0..1', async () => {
    const input = tf.tensor4d(leftBlobImage(createRng(6), true), [1, SIDE, SIDE, 3]);
    const top = await gradCam(model, input, 'block2_a', null);
    const other = await gradCam(model, input, 'block2_a', 1 - top.classIndex);
    input.dispose();
    expect(top.classIndex).toBe(1);
    expect(other.classIndex).toBe(0);
    expect(other.heat).not.toEqual(top.heat);
    expect(Math.max(...top.heat)).toBeCloseTo(1, 5);
    expect(Math.min(...top.heat, ...other.heat)).toBeGreaterThanOrEqual(0);
    expect(top.probabilities[1]).toBeGreaterThan(0.5);
  });

  it('leaves the tensor count flat, refusals included', async () => {
    const rgb = Uint8Array.from(leftBlobImage(createRng(8), true), (v) => Math.round((v + 1) * 127.5));
    const image = { width: SIDE, height: SIDE, rgb };
    const heatmapModel = { model, inputSize: SIDE, blocks, classNames: ['plain', 'blob'] };
    await heatmapOf(heatmapModel, image, { classIndex: null, blockId: null, source: 'current' });
    const before = tf.memory().numTensors;
    for (const blockId of [null, 'block1', 'block2']) {
      for (const classIndex of [null, 0, 1]) await heatmapOf(heatmapModel, image, { classIndex, blockId, source: 'current' });
    }
    await expect(heatmapOf(heatmapModel, image, { classIndex: 5, blockId: null, source: 'current' })).rejects.toThrow(/no class 6/);
    await expect(heatmapOf(heatmapModel, image, { classIndex: null, blockId: 'head', source: 'current' })).rejects.toThrow(/pick one of/);
    expect(tf.memory().numTensors).toBe(before);
    const result = await heatmapOf(heatmapModel, image, { classIndex: null, blockId: null, source: 'current' });
    expect(result.className).toBe('blob');
    expect(result.heat).toHaveLength(SIDE * SIDE);
    expect(result.picture.rgb).toHaveLength(SIDE * SIDE * 3);
  });

  it('lays the heatmap on the centre square of a wider picture, at its own size up to 224 px', async () => {
    // 40 × 20: the left-blob picture in the middle 20 columns, bright bands outside them that the model never sees.
    const inner = Uint8Array.from(leftBlobImage(createRng(9), true), (v) => Math.round((v + 1) * 127.5));
    const rgb = new Uint8Array(40 * 20 * 3).fill(255);
    const scaled = tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(inner, [SIDE, SIDE, 3], 'float32'), [20, 20], false, true).round().clipByValue(0, 255).dataSync());
    for (let y = 0; y < 20; y++) rgb.set(Uint8Array.from(scaled.subarray(y * 60, (y + 1) * 60)), (y * 40 + 10) * 3);
    const result = await heatmapOf({ model, inputSize: SIDE, blocks, classNames: ['plain', 'blob'] }, { width: 40, height: 20, rgb }, { classIndex: 1, blockId: null, source: 'current' });
    expect(result.picture.width).toBe(20);
    expect(result.heat).toHaveLength(20 * 20);
    // The centre square is the inner picture: its right corners are the inner picture's noise (≤ 153), not the white bands.
    const corners = [19, 399].map((p) => result.picture.rgb[p * 3] ?? 255);
    expect(Math.max(...corners)).toBeLessThan(200);
    let left = 0;
    let right = 0;
    result.heat.forEach((v, p) => { if (p % 20 < 10) left += v; else right += v; });
    expect(left).toBeGreaterThan(2 * right);
  });
});
