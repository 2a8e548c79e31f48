import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../contract';
import { Engine } from './engine';
import type { EngineEvent } from './api';
import { optimizerConfig, useCpuBackend } from './testSupport';

beforeAll(useCpuBackend);

const DATASET = { seed: 6, imageSize: 16, imagesPerClass: 6, imbalanced: false, validationFraction: 0.25 };
const MODEL = { architecture: 'small-cnn' as const, width: 4, dropout: 0, seed: 2 };
const CONFIG: TrainConfig = { epochs: 2, batchSize: 8, seed: 1, optimizer: optimizerConfig({ learningRate: 0.01 }) };

async function freshEngine(): Promise<Engine> {
  const engine = new Engine();
  await engine.init('cpu');
  return engine;
}

describe('Engine states', () => {
  it('asks for what is missing: a dataset before a model, a model before training', async () => {
    const engine = await freshEngine();
    await expect(engine.buildModel(MODEL)).rejects.toThrow('Load a dataset before building a model');
    await expect(engine.modelSummary()).rejects.toThrow('Build a model first');
    await expect(engine.validationImages([0])).rejects.toThrow('Load a dataset first');
    await expect(engine.resumeSavedRun(() => {})).rejects.toThrow('Restore the saved run before resuming it');
    await engine.loadSampleDataset(DATASET);
    await expect(engine.train(CONFIG, () => {})).rejects.toThrow('Load a dataset and build a model first');
    await expect(engine.simulateAllocationFailure()).rejects.toThrow('No run in progress');
    await engine.buildModel(MODEL);
    expect((await engine.modelSummary()).blocks.length).toBeGreaterThan(1);
    expect(await engine.validationImages([0, -1, 1.5, 10_000])).toHaveLength(1);
  });

  it('refuses training settings that do not fit, naming each wrong field, before anything is allocated', async () => {
    const engine = await freshEngine();
    await engine.loadSampleDataset(DATASET);
    await engine.buildModel(MODEL);
    const tensors = tf.memory().numTensors;
    const events: EngineEvent[] = [];
    const bad = { ...CONFIG, batchSize: 0, optimizer: { ...CONFIG.optimizer, beta1: 2 }, callbacks: { earlyStopping: { monitor: 'loss' } } };
    const refused = engine.train(bad as unknown as TrainConfig, (e) => events.push(e));
    await expect(refused).rejects.toThrow(/^Training settings: batchSize: must be ≥ 1 \(got 0\); optimizer\.beta1: must be ≤ 1 \(got 2\); callbacks\.earlyStopping\.monitor: /);
    expect(events).toEqual([]);
    expect(tf.memory().numTensors).toBe(tensors);
    await expect(engine.loadSampleDataset({ ...DATASET, imageSize: 4 })).rejects.toThrow(/^Sample dataset: imageSize: must be ≥ 8/);
    // The Data step's "Images per class" stops at 500; a larger number from elsewhere (a checkpoint) is refused too.
    await expect(engine.loadSampleDataset({ ...DATASET, imagesPerClass: 501 })).rejects.toThrow(/^Sample dataset: imagesPerClass: must be ≤ 500 \(got 501\)/);
    await expect(engine.buildModel({ ...MODEL, width: 0 })).rejects.toThrow(/^Model settings: width: must be ≥ 1/);
  });

  it('while a run is in progress: refuses to change the dataset, logs freeze clicks on the run, and is idle again after', async () => {
    const engine = await freshEngine();
    await engine.loadSampleDataset(DATASET);
    await engine.buildModel(MODEL);
    const events: EngineEvent[] = [];
    let refusal: unknown = null;
    const run = engine.train(CONFIG, (e) => {
      events.push(e);
      if (e.type === 'step' && e.step === 1) {
        engine.loadSampleDataset(DATASET).catch((error: unknown) => { refusal = error; });
        void engine.setBlockFrozen('stem', true);
      }
    });
    expect(await run).toBe('finished');
    expect(String(refusal)).toMatch(/Stop the current run before you change the dataset/);
    expect(events).toContainEqual({ type: 'freeze', step: 1, epoch: 1, blockId: 'stem', frozen: true });
    await engine.loadSampleDataset(DATASET);
    expect((await engine.modelSummary()).blocks.find((b) => b.id === 'stem')?.frozen).toBe(true);
  });
});
