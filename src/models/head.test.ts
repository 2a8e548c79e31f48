import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from '../engine/trainer';
import { disposeData, optimizerConfig, tinyData, tinyModel, useCpuBackend } from '../engine/testSupport';
import { loadArchive } from './modelArchive';
import { exportArchive } from './export/exportArchive';
import { preprocessingFor } from '../contract';

beforeAll(useCpuBackend);

const squaredSum = (t: tf.Tensor) => tf.tidy(() => t.square().sum().dataSync()[0]!);

describe('head settings', () => {
  it('a hidden layer adds Dense + BatchNorm + ReLU to the head block, with the parameters that implies', () => {
    const { model, freeze } = tinyModel({ headHiddenUnits: 16 });
    const head = freeze.summary().blocks.find((b) => b.id === 'head')!;
    expect(head.layers.map((l) => l.name)).toEqual(['head_pool', 'head_hidden', 'head_hidden_bn', 'head_hidden_relu', 'head_logits']);
    // width 4 → 32 features; 32·16 kernel (no bias) + 4·16 BatchNorm + (16 + 1)·5 classifier.
    expect(head.params).toBe(32 * 16 + 4 * 16 + 17 * 5);
    model.dispose();
  });

  it('L2 adds λ·Σw² of the head kernels to the training loss, and keeps the kernels smaller', async () => {
    const data = tinyData();
    const lambda = 0.5;
    const run = async (headL2: number) => {
      const { model, freeze } = tinyModel({ headL2 });
      const kernel = model.getLayer('head_logits').getWeights()[0]!;
      const initialPenalty = lambda * squaredSum(kernel);
      const trainer = new Trainer(model, freeze, data, { epochs: 1, batchSize: 8, seed: 1, optimizer: optimizerConfig({ learningRate: 0.01 }) });
      const labels = tf.tensor1d(Array.from(data.trainLabels.slice(0, 8)), 'int32');
      const images = data.trainImages.slice(0, 8);
      const first = await trainer.trainStep(images, labels);
      for (let i = 0; i < 10; i++) await trainer.trainStep(images, labels);
      const finalNorm = squaredSum(model.getLayer('head_logits').getWeights()[0]!);
      tf.dispose([labels, images]);
      trainer.dispose();
      model.dispose();
      return { firstLoss: first.loss, initialPenalty, finalNorm };
    };
    const plain = await run(0);
    const regularized = await run(lambda);
    // Same seed, same initial weights: the first losses differ by exactly the penalty.
    expect(regularized.firstLoss - plain.firstLoss).toBeCloseTo(regularized.initialPenalty, 4);
    expect(regularized.finalNorm).toBeLessThan(plain.finalNorm);
    disposeData(data);
  });

  it('a model with a hidden head layer and L2 exports and imports with the same predictions', async () => {
    const { model } = tinyModel({ headHiddenUnits: 8, headL2: 0.01 });
    const bytes = await exportArchive(model, {
      labels: ['a', 'b', 'c', 'd', 'e'], preprocessing: preprocessingFor(16), config: {}, metrics: [], test: null, title: 'hidden head',
    }, 'thaw', { tfjsRuntime: () => Promise.reject(new Error('not needed')) });
    const loaded = await loadArchive(bytes);
    const x = tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 3);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.model.predict(x) as tf.Tensor];
    expect(tf.tidy(() => a.sub(b).abs().max().dataSync()[0])).toBeLessThan(1e-5);
    expect(loaded.model.getLayer('head_logits').getConfig().kernelRegularizer).toMatchObject({ className: 'L1L2' });
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.model.dispose();
  });
});
