import type { TrainConfig } from '../contract';
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from './engine';
import { loadCheckpointMeta } from '../persistence/checkpoints';
import type { EngineEvent } from './api';
import { optimizerConfig, useCpuBackend } from './testSupport';

beforeAll(useCpuBackend);

const DATASET = { seed: 4, imageSize: 16, imagesPerClass: 8, imbalanced: false, validationFraction: 0.25 };
const MODEL = { architecture: 'small-cnn' as const, width: 4, dropout: 0.2, seed: 2 };
const CONFIG: TrainConfig = {
  epochs: 3, batchSize: 8, seed: 3, optimizer: optimizerConfig({ name: 'sgd', momentum: 0.9, learningRate: 0.02 }),
  callbacks: { bestMonitor: 'validationAccuracy' },
};

async function freshEngine(): Promise<Engine> {
  const engine = new Engine();
  await engine.init('cpu');
  return engine;
}

function waitFor(predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (predicate() ? resolve() : setTimeout(poll, 20));
    poll();
  });
}

describe('Engine checkpoints', () => {
  it('a run stopped after epoch 1 resumes in a new engine (a reloaded tab) and ends with the uninterrupted run\'s losses', async () => {
    const reference = await freshEngine();
    await reference.loadSampleDataset(DATASET);
    await reference.buildModel(MODEL);
    const referenceLosses: number[] = [];
    expect(await reference.train(CONFIG, (e) => { if (e.type === 'step') referenceLosses.push(e.loss); })).toBe('finished');
    const afterReference = await reference.savedCheckpoints();
    expect(afterReference.last?.finished).toBe(true);
    expect(afterReference.best?.epoch).toBeGreaterThanOrEqual(1);

    const interrupted = await freshEngine();
    await interrupted.loadSampleDataset(DATASET);
    await interrupted.buildModel(MODEL);
    const firstLosses: number[] = [];
    const events: EngineEvent[] = [];
    const stopped = interrupted.train(CONFIG, (e) => {
      events.push(e);
      if (e.type === 'step') firstLosses.push(e.loss);
      if (e.type === 'epoch' && e.epoch === 1) void interrupted.stop();
    });
    expect(await stopped).toBe('stopped');
    await waitFor(() => events.some((e) => e.type === 'checkpoint' && e.kind === 'last'));

    const reloaded = await freshEngine();
    const saved = await reloaded.savedCheckpoints();
    expect(saved.last).toMatchObject({ epoch: 1, totalEpochs: 3, finished: false });
    const restored = await reloaded.restoreSavedRun();
    expect(restored.meta.epoch).toBe(1);
    expect(restored.dataset.classNames.length).toBe(5);
    const resumedLosses: number[] = [];
    const resumedEpochs: number[] = [];
    expect(await reloaded.resumeSavedRun((e) => {
      if (e.type === 'step') resumedLosses.push(e.loss);
      if (e.type === 'epoch') resumedEpochs.push(e.epoch);
    })).toBe('finished');
    expect(resumedEpochs).toEqual([2, 3]);
    const stepsPerEpoch = referenceLosses.length / 3;
    expect(firstLosses.slice(0, stepsPerEpoch)).toEqual(referenceLosses.slice(0, stepsPerEpoch));
    expect(resumedLosses).toEqual(referenceLosses.slice(stepsPerEpoch));
    expect((await reloaded.savedCheckpoints()).last?.finished).toBe(true);
  });

  it('loads the best checkpoint\'s weights into the same model, and refuses another architecture', async () => {
    const engine = await freshEngine();
    await engine.loadSampleDataset(DATASET);
    await engine.buildModel(MODEL);
    let bestEpoch = 0;
    await engine.train({ ...CONFIG, epochs: 2 }, (e) => { if (e.type === 'checkpoint' && e.kind === 'best') bestEpoch = e.epoch; });
    await waitFor(() => bestEpoch > 0);
    const meta = await engine.loadBestWeights();
    expect(meta.epoch).toBe(bestEpoch);
    await engine.buildModel({ ...MODEL, architecture: 'mini-resnet' });
    await expect(engine.loadBestWeights()).rejects.toThrow(/build that model first/);
    await engine.discardCheckpoints();
    expect(await engine.savedCheckpoints()).toEqual({ last: undefined, best: undefined });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('predicts from the best checkpoint without touching the current model', async () => {
    const engine = await freshEngine();
    await engine.loadSampleDataset(DATASET);
    await engine.buildModel(MODEL);
    expect(await engine.train({ ...CONFIG, epochs: 4 }, () => {})).toBe('finished');
    const image = { width: 16, height: 16, rgb: Uint8Array.from({ length: 16 * 16 * 3 }, (_, i) => (i * 37) % 256) };
    const current = await engine.predict(image, 5);
    const fromBest = await engine.predict(image, 5, 'best');
    expect(await engine.predict(image, 5)).toEqual(current);
    await engine.loadBestWeights();
    expect(await engine.predict(image, 5)).toEqual(fromBest);
    expect(fromBest.reduce((sum, p) => sum + p.probability, 0)).toBeCloseTo(1, 5);
  });

  it('writes an epoch\'s checkpoint only once the listener has taken that epoch, as the page stores its curves first', async () => {
    const engine = await freshEngine();
    await engine.loadSampleDataset(DATASET);
    await engine.buildModel(MODEL);
    let curvesStored = (): void => {};
    const storing = new Promise<void>((resolve) => { curvesStored = resolve; });
    const events: EngineEvent[] = [];
    const run = engine.train({ ...CONFIG, epochs: 1 }, (e) => {
      events.push(e);
      return e.type === 'epoch' ? storing : undefined;
    }, 'curves-first');
    await waitFor(() => events.some((e) => e.type === 'epoch'));
    // A checkpoint write takes milliseconds here: this one waits for the listener (the run's end waits for it too).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(events.some((e) => e.type === 'checkpoint')).toBe(false);
    expect((await loadCheckpointMeta('last'))?.runId).not.toBe('curves-first');
    curvesStored();
    expect(await run).toBe('finished');
    await waitFor(() => events.some((e) => e.type === 'checkpoint' && e.kind === 'last'));
    expect(await loadCheckpointMeta('last')).toMatchObject({ runId: 'curves-first', epoch: 1, finished: true });
  });
});
