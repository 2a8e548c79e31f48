import type { OptimizerConfig } from '../contract';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from '../engine/trainer';
import { disposeData, optimizerConfig, tinyData, tinyModel, useCpuBackend } from '../engine/testSupport';

beforeAll(useCpuBackend);

/** Every weight of the named layers, BN moving statistics included, as raw bytes. */
function snapshot(model: tf.LayersModel, layerPrefix: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const layer of model.layers.filter((l) => l.name.startsWith(layerPrefix))) {
    for (const w of layer.weights) out.set(w.originalName, w.read().dataSync() as Float32Array);
  }
  return out;
}

function identical(a: Map<string, Float32Array>, b: Map<string, Float32Array>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, values] of a) {
    const other = b.get(name)!;
    if (values.length !== other.length) return false;
    for (let i = 0; i < values.length; i++) if (Object.is(values[i], other[i]) === false) return false;
  }
  return true;
}

async function runSteps(trainer: Trainer, images: tf.Tensor4D, labels: Int32Array, steps: number): Promise<void> {
  for (let s = 0; s < steps; s++) {
    const y = tf.tensor1d(labels, 'int32');
    await trainer.trainStep(images, y);
    y.dispose();
  }
}

const optimizers: [string, Partial<OptimizerConfig>][] = [
  ['SGD with Nesterov momentum and weight decay', { name: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 }],
  ['AdamW with decoupled weight decay', { name: 'adamw', learningRate: 0.01, weightDecay: 0.05 }],
  ['RMSprop with momentum', { name: 'rmsprop', learningRate: 0.01, momentum: 0.5, weightDecay: 0.01 }],
];

describe('Frozen means frozen', () => {
  for (const [label, optimizer] of optimizers) {
    it(`keeps a frozen block bit-identical, BN moving stats included (${label}); thawing brings it to life`, async () => {
      const data = tinyData(16, 4);
      const { model, freeze } = tinyModel();
      const trainer = new Trainer(model, freeze, data, { epochs: 1, batchSize: 16, seed: 1, optimizer: optimizerConfig(optimizer) });
      // Warm the momentum of block2 first, so that a frozen block with live optimizer state is exercised.
      await runSteps(trainer, data.trainImages, data.trainLabels, 2);
      freeze.setFrozen('stem', true);
      freeze.setFrozen('block2', true);
      const stemBefore = snapshot(model, 'stem_');
      const block2Before = snapshot(model, 'block2_');
      const headBefore = snapshot(model, 'head_');
      await runSteps(trainer, data.trainImages, data.trainLabels, 8);
      expect(identical(snapshot(model, 'stem_'), stemBefore)).toBe(true);
      expect(identical(snapshot(model, 'block2_'), block2Before)).toBe(true);
      expect(identical(snapshot(model, 'head_'), headBefore)).toBe(false);

      freeze.setFrozen('block2', false);
      await runSteps(trainer, data.trainImages, data.trainLabels, 1);
      const block2After = snapshot(model, 'block2_');
      expect(identical(block2After, block2Before)).toBe(false);
      // The BN moving statistics of a thawed block update again (training-mode BatchNorm).
      const movingMean = [...block2After.keys()].find((k) => k.includes('moving_mean'))!;
      expect(block2After.get(movingMean)).not.toEqual(block2Before.get(movingMean));
      trainer.dispose();
      model.dispose();
      disposeData(data);
    });
  }

  it('reports trainable parameters from the block states', () => {
    const { model, freeze } = tinyModel();
    const all = freeze.summary();
    expect(all.trainableParams).toBeGreaterThan(0);
    expect(all.blocks.map((b) => b.id)).toEqual(['stem', 'block1', 'block2', 'block3', 'head']);
    expect(all.totalParams).toBe(model.countParams());
    for (const b of all.blocks.filter((b) => b.id !== 'head')) freeze.setFrozen(b.id, true);
    const headOnly = freeze.summary();
    const head = headOnly.blocks.find((b) => b.id === 'head')!;
    expect(headOnly.trainableParams).toBe(head.params);
    expect(freeze.trainableVariables().map((v) => v.name).every((n) => n.includes('head_'))).toBe(true);
    model.dispose();
  });

  it('a frozen block keeps its optimizer state for when it is thawed again', async () => {
    const data = tinyData(16, 4);
    const { model, freeze } = tinyModel();
    const trainer = new Trainer(model, freeze, data, { epochs: 1, batchSize: 16, seed: 1, optimizer: optimizerConfig({ name: 'adam' }) });
    await runSteps(trainer, data.trainImages, data.trainLabels, 1);
    const slotsAfterFirstStep = trainer.optimizer.stateCount;
    freeze.setFrozen('block1', true);
    await runSteps(trainer, data.trainImages, data.trainLabels, 1);
    expect(trainer.optimizer.stateCount).toBe(slotsAfterFirstStep);
    trainer.dispose();
    model.dispose();
    disposeData(data);
  });
});
