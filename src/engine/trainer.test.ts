import { DEFAULT_AUGMENTATION, type TrainerSnapshot } from '../contract';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Trainer, isAllocationFailure, restoreWeights } from './trainer';
import { disposeData, optimizerConfig, tinyData, tinyModel, useCpuBackend } from './testSupport';
import type { EngineEvent, EpochEvent } from './api';
import { valueAt } from './arrays';
import { keptPositions } from '../common/imbalancedSubset';

beforeAll(useCpuBackend);

describe('Trainer step loop', () => {
  let cleanup: (() => void)[] = [];
  afterEach(() => {
    cleanup.forEach((f) => f());
    cleanup = [];
  });

  it('lowers the loss on the sample shapes (a learnable problem)', async () => {
    const data = tinyData(16, 16);
    const { model, freeze } = tinyModel();
    const events: EngineEvent[] = [];
    const trainer = new Trainer(model, freeze, data, { epochs: 6, batchSize: 16, seed: 1, optimizer: optimizerConfig({ learningRate: 0.01 }) }, (e) => events.push(e));
    cleanup.push(() => { trainer.dispose(); model.dispose(); disposeData(data); });
    expect(await trainer.run()).toBe('finished');
    const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
    expect(epochs).toHaveLength(6);
    const first = valueAt(epochs, 0);
    const last = valueAt(epochs, epochs.length - 1);
    expect(last.trainLoss).toBeLessThan(first.trainLoss * 0.8);
    // Batch losses stream while the epoch runs, not only at its end.
    const stepsBeforeFirstEpoch = events.findIndex((e) => e.type === 'epoch');
    expect(events.slice(0, stepsBeforeFirstEpoch).filter((e) => e.type === 'step').length).toBeGreaterThan(1);
  });

  it('leaves no tensors behind: the tensor count is flat across epochs', async () => {
    const data = tinyData(16, 6);
    const { model, freeze } = tinyModel();
    const counts: number[] = [];
    const trainer = new Trainer(model, freeze, data, { epochs: 4, batchSize: 8, seed: 2, optimizer: optimizerConfig({ name: 'sgd', momentum: 0.9 }) }, (e) => {
      if (e.type === 'epoch') counts.push(tf.memory().numTensors);
    });
    cleanup.push(() => { model.dispose(); disposeData(data); });
    const before = tf.memory().numTensors;
    await trainer.run();
    // Epoch 1 creates the optimizer's momentum slots once; after that nothing may grow.
    expect(counts[3]).toBe(counts[1]);
    expect(counts[2]).toBe(counts[1]);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Trainer on an imbalanced training subset (config.trainSubset)', () => {
  it('trains on the kept images only, validates on the whole split, and leaves no tensors behind', async () => {
    const data = tinyData(16, 8);
    const { model, freeze } = tinyModel();
    const keepFraction = [1, 0, 0.25, 1, 1];
    const kept = keptPositions(data.trainLabels, keepFraction);
    const events: EngineEvent[] = [];
    const before = tf.memory().numTensors;
    const trainer = new Trainer(model, freeze, data, { epochs: 2, batchSize: 4, seed: 1, optimizer: optimizerConfig({ name: 'sgd' }), trainSubset: { keepFraction } }, (e) => events.push(e));
    expect(await trainer.run()).toBe('finished');
    const steps = events.filter((e) => e.type === 'step');
    expect(steps[0]).toMatchObject({ stepsPerEpoch: Math.ceil(kept.length / 4) });
    expect(kept.length).toBeLessThan(data.trainLabels.length);
    expect(kept.some((i) => data.trainLabels[i] === 1)).toBe(false);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    disposeData(data);
  });
});

describe('Trainer options', () => {
  it('two runs with the same seed give identical loss curves on the CPU backend (dropout and augmentation on)', async () => {
    const curves: number[][] = [];
    for (let run = 0; run < 2; run++) {
      const data = tinyData(16, 6);
      const { model, freeze } = tinyModel({ dropout: 0.3 });
      const losses: number[] = [];
      const trainer = new Trainer(model, freeze, data, {
        epochs: 2, batchSize: 8, seed: 5, optimizer: optimizerConfig(),
        augmentation: { ...DEFAULT_AUGMENTATION, mixupAlpha: 0.4 },
      }, (e) => { if (e.type === 'step') losses.push(e.loss); });
      await trainer.run();
      trainer.dispose();
      model.dispose();
      disposeData(data);
      curves.push(losses);
    }
    expect(curves[0]?.length).toBeGreaterThan(4);
    expect(curves[1]).toEqual(curves[0]);
  });

  it('reports the scheduled learning rate at every step (cosine with warm-up)', async () => {
    const data = tinyData(16, 4);
    const { model, freeze } = tinyModel();
    const rates: number[] = [];
    const trainer = new Trainer(model, freeze, data, {
      epochs: 2, batchSize: 8, seed: 1, optimizer: optimizerConfig({ learningRate: 0.01 }),
      schedule: { kind: 'cosine', totalEpochs: 2, minLr: 0, warmupSteps: 2 },
    }, (e) => { if (e.type === 'step') rates.push(e.learningRate); });
    await trainer.run();
    trainer.dispose();
    model.dispose();
    disposeData(data);
    expect(rates[0]).toBe(0);
    expect(rates[1]).toBeGreaterThan(0);
    expect(Math.max(...rates)).toBeLessThanOrEqual(0.01);
    expect(rates.at(-1)).toBeLessThan(valueAt(rates, 2));
  });
});

describe('Trainer snapshots (checkpoints and resume)', () => {
  it('a run resumed from its epoch-2 snapshot on a rebuilt model continues exactly like the uninterrupted run', async () => {
    const config = {
      epochs: 4, batchSize: 8, seed: 9, optimizer: optimizerConfig({ name: 'adam' as const, learningRate: 0.01 }),
      schedule: { kind: 'cosine' as const, totalEpochs: 4, minLr: 0 },
      augmentation: { ...DEFAULT_AUGMENTATION, mixupAlpha: 0.2 },
      callbacks: { reduceLrOnPlateau: { monitor: 'validationLoss' as const, factor: 0.5, patience: 1, minLr: 0, cooldown: 0, minDelta: 0 } },
    };
    const data = tinyData(16, 6);
    const full = tinyModel({ dropout: 0.3 });
    const fullLosses: number[] = [];
    let atEpoch2: TrainerSnapshot | null = null;
    const fullTrainer: Trainer = new Trainer(full.model, full.freeze, data, config, (e) => { if (e.type === 'step') fullLosses.push(e.loss); }, {
      afterEpoch: async (info) => { if (info.epoch === 2) atEpoch2 = await fullTrainer.snapshot(); },
    });
    full.freeze.setFrozen(valueAt(full.freeze.blocks, 0).id, true);
    await fullTrainer.run();

    const snapshot = atEpoch2 as TrainerSnapshot | null;
    if (!snapshot) throw new Error('no snapshot at epoch 2');
    expect(snapshot.epoch).toBe(2);
    expect(snapshot.optimizer.slots.length).toBeGreaterThan(0);
    const rebuilt = tinyModel({ dropout: 0.3, seed: 77 });
    const resumedLosses: number[] = [];
    const resumedTrainer = new Trainer(rebuilt.model, rebuilt.freeze, data, config, (e) => { if (e.type === 'step') resumedLosses.push(e.loss); }, { resumeFrom: snapshot });
    expect(rebuilt.freeze.isFrozen(valueAt(rebuilt.freeze.blocks, 0).id)).toBe(true);
    await resumedTrainer.run();
    expect(resumedLosses.length).toBe(fullLosses.length / 2);
    expect(resumedLosses).toEqual(fullLosses.slice(fullLosses.length / 2));
    const a = full.model.getWeights().map((w) => Array.from(w.dataSync()));
    const b = rebuilt.model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(b).toEqual(a);
    for (const t of [fullTrainer, resumedTrainer]) t.dispose();
    full.model.dispose();
    rebuilt.model.dispose();
    disposeData(data);
  });

  it('refuses a snapshot of another architecture without touching the model', () => {
    const small = tinyModel();
    const other = tinyModel({ architecture: 'mini-resnet' });
    const before = small.model.getWeights().map((w) => Array.from(w.dataSync()));
    const weights = other.model.getWeights().map((w) => ({ shape: [...w.shape], values: w.dataSync() as Float32Array }));
    expect(() => restoreWeights(small.model, weights)).toThrow(/do not fit this model/);
    expect(small.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    small.model.dispose();
    other.model.dispose();
  });
});

describe('Trainer on a failed allocation', () => {
  it('pauses with advice instead of failing; resuming retries the step and the run ends as if nothing happened', async () => {
    const losses: number[][] = [];
    const pauses: string[] = [];
    for (const withFault of [false, true]) {
      const data = tinyData(16, 6);
      const { model, freeze } = tinyModel();
      const curve: number[] = [];
      const trainer: Trainer = new Trainer(model, freeze, data, { epochs: 2, batchSize: 8, seed: 5, optimizer: optimizerConfig() }, (e) => {
        if (e.type === 'step') {
          curve.push(e.loss);
          if (withFault && e.step === 3) trainer.simulateAllocationFailure();
        }
        if (e.type === 'status' && e.state === 'paused') {
          pauses.push(e.message ?? '');
          queueMicrotask(() => trainer.resume());
        }
      });
      const before = tf.memory().numTensors;
      expect(await trainer.run()).toBe('finished');
      trainer.dispose();
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
      disposeData(data);
      losses.push(curve);
    }
    expect(pauses).toEqual([expect.stringMatching(/^Out of memory at step 4 \(batch 8\): Array buffer allocation failed \(simulated\)\. The run is paused with its weights intact\. Resume to try this step again .* smaller batch size or image size\.$/)]);
    expect(losses[1]).toEqual(losses[0]);
  });

  it('tells allocation failures from other errors', () => {
    expect(isAllocationFailure(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isAllocationFailure(new RangeError('Invalid typed array length: 4294967296'))).toBe(true);
    expect(isAllocationFailure(new Error('WebGL error: OUT_OF_MEMORY'))).toBe(true);
    expect(isAllocationFailure(new Error('Unable to create WebGLTexture.'))).toBe(true);
    expect(isAllocationFailure(new Error('Shapes [2,3] and [4] must match'))).toBe(false);
    expect(isAllocationFailure(new RangeError('Maximum call stack size exceeded'))).toBe(false);
  });
});
