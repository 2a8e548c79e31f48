import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GradCamRequest, TrainConfig } from '../contract';
import { Engine } from './engine';
import { optimizerConfig, useCpuBackend } from './testSupport';

beforeAll(useCpuBackend);

const DATASET = { seed: 4, imageSize: 16, imagesPerClass: 6, imbalanced: false, validationFraction: 0.25 };
const CONFIG: TrainConfig = { epochs: 1, batchSize: 8, seed: 1, optimizer: optimizerConfig({ learningRate: 0.01 }) };
const TOP: GradCamRequest = { classIndex: null, blockId: null, source: 'current' };

async function engineWith(architecture: 'small-cnn' | 'mini-resnet'): Promise<{ engine: Engine; classNames: string[] }> {
  const engine = new Engine();
  await engine.init('cpu');
  const { classNames } = await engine.loadSampleDataset(DATASET);
  await engine.buildModel({ architecture, width: 4, dropout: 0, seed: 2 });
  return { engine, classNames };
}

describe('Engine.gradCam', () => {
  it.each(['small-cnn', 'mini-resnet'] as const)('%s: a heatmap at every spatial block (skip connections included), tensor count flat', async (architecture) => {
    const { engine, classNames } = await engineWith(architecture);
    const [image] = await engine.validationImages([0]);
    if (!image) throw new Error('no validation image');
    const top = await engine.gradCam(image, TOP);
    expect(top.blocks.length).toBeGreaterThan(1);
    expect(top.blocks.map((b) => b.id)).toContain(top.blockId);
    expect(top.blocks.map((b) => b.id)).not.toContain('head');
    expect(top.heat).toHaveLength(16 * 16);
    expect(top.probabilities.map((p) => p.label)).toEqual(classNames);
    expect(top.className).toBe(classNames[top.classIndex]);
    const before = tf.memory().numTensors;
    const sides = new Set<number>();
    for (const block of top.blocks) {
      const result = await engine.gradCam(image, { ...TOP, blockId: block.id, classIndex: 2 });
      expect(result.blockId).toBe(block.id);
      expect(result.classIndex).toBe(2);
      expect(result.className).toBe(classNames[2]);
      sides.add(result.featureShape[0]);
      expect(result.heat.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
    // The blocks are taken at their own depth: the feature maps shrink along the network.
    expect(sides.size).toBeGreaterThan(1);
    await expect(engine.gradCam(image, { ...TOP, blockId: 'head' })).rejects.toThrow(/Head outputs no image-shaped feature map.*pick one of/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes the best checkpoint\'s heatmap beside the current model, and refuses a malformed request', async () => {
    const { engine } = await engineWith('small-cnn');
    await engine.train(CONFIG, () => {});
    const [image] = await engine.validationImages([1]);
    if (!image) throw new Error('no validation image');
    const current = await engine.gradCam(image, TOP);
    const best = await engine.gradCam(image, { ...TOP, source: 'best', classIndex: current.classIndex });
    expect(best.blockId).toBe(current.blockId);
    expect(best.heat).toHaveLength(current.heat.length);
    await expect(engine.gradCam(image, { ...TOP, classIndex: -1 })).rejects.toThrow(/heatmap request/i);
  });
});
