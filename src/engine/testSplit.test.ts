import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunTestScores, TrainConfig } from '../contract';
import { Engine } from './engine';
import type { EngineEvent } from './api';
import { optimizerConfig, useCpuBackend } from './testSupport';
import { InMemoryPixels } from './data/pixelSource';
import { generateSampleDataset } from '../data/sampleDataset';
import { stratifiedSplit } from '../data/split';
import { loadCheckpoint } from '../persistence/checkpoints';

beforeAll(useCpuBackend);
afterEach(() => { vi.restoreAllMocks(); });

const DATASET = { seed: 6, imageSize: 16, imagesPerClass: 8, imbalanced: false, validationFraction: 0.25, testFraction: 0.25 };
const MODEL = { architecture: 'small-cnn' as const, width: 4, dropout: 0, seed: 2 };
const CONFIG: TrainConfig = {
  epochs: 3, batchSize: 8, seed: 1, optimizer: optimizerConfig({ learningRate: 0.01 }),
  // Early stopping and plateau callbacks read validation: they must not read the test split either.
  callbacks: { earlyStopping: { monitor: 'validationLoss', patience: 5, minDelta: 0, restoreBestWeights: false }, reduceLrOnPlateau: { monitor: 'validationLoss', factor: 0.5, patience: 1, minLr: 0, cooldown: 0, minDelta: 0 } },
};

/** The sample's test images, as the engine's split draws them (same labels, fractions and seed). */
function testIndices(): Set<number> {
  const sample = generateSampleDataset(DATASET);
  return new Set(stratifiedSplit(sample.labels, sample.classNames.length, DATASET.validationFraction, DATASET.seed, DATASET.testFraction).test);
}

/** Every number a run reports while it trains and chooses: steps, epochs, callbacks (the test event excluded). */
function trainingNumbers(events: EngineEvent[]): unknown[] {
  return events.flatMap((e): unknown[] => {
    if (e.type === 'step') return [[e.step, e.loss, e.accuracy, e.learningRate]];
    if (e.type === 'epoch') return [[e.epoch, e.trainLoss, e.trainAccuracy, e.validationLoss, e.validationAccuracy, e.validationClassAccuracy, e.validationPredictions]];
    if (e.type === 'callback') return [[e.kind, e.epoch, e.message]];
    return [];
  });
}

async function trainOnce(): Promise<{ events: EngineEvent[]; engine: Engine }> {
  const engine = new Engine();
  await engine.init('cpu');
  await engine.loadSampleDataset(DATASET);
  await engine.buildModel(MODEL);
  const events: EngineEvent[] = [];
  expect(await engine.train(CONFIG, (e) => events.push(e))).toBe('finished');
  return { events, engine };
}

function scoresOf(events: EngineEvent[]): RunTestScores {
  const test = events.find((e) => e.type === 'test');
  if (!test?.scores) throw new Error('no test score');
  return test.scores;
}

describe('the held-out test split', () => {
  it('is split apart and named in the dataset summary', async () => {
    const engine = new Engine();
    await engine.init('cpu');
    const summary = await engine.loadSampleDataset(DATASET);
    const test = testIndices();
    expect(summary.testCounts.reduce((a, b) => a + b, 0)).toBe(test.size);
    expect(summary.testCounts.every((n) => n >= 1)).toBe(true);
    expect(summary.name).toContain(`${test.size} test images held out`);
  });

  it('is never read while training, validating, choosing the best epoch or stopping; it is scored once the run is over', async () => {
    const test = testIndices();
    const reads: { indices: number[]; afterTraining: boolean }[] = [];
    let runOver = false;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the original, called below with its own `this`
    const read = InMemoryPixels.prototype.read;
    vi.spyOn(InMemoryPixels.prototype, 'read').mockImplementation(function (this: InMemoryPixels, indices) {
      reads.push({ indices: [...indices], afterTraining: runOver });
      return read.call(this, indices);
    });
    const engine = new Engine();
    await engine.init('cpu');
    await engine.loadSampleDataset(DATASET);
    await engine.buildModel(MODEL);
    const events: EngineEvent[] = [];
    await engine.train(CONFIG, (e) => {
      events.push(e);
      // The trainer's last event: every read after it belongs to the scoring of the finished run.
      if (e.type === 'status' && e.state === 'finished') runOver = true;
    });
    const duringTraining = reads.filter((r) => !r.afterTraining).flatMap((r) => r.indices);
    const afterTraining = reads.filter((r) => r.afterTraining).flatMap((r) => r.indices);
    expect(duringTraining.length).toBeGreaterThan(0);
    expect(duringTraining.filter((i) => test.has(i))).toEqual([]);
    expect(new Set(afterTraining)).toEqual(test);
    const scores = scoresOf(events);
    expect(scores.final).toMatchObject({ images: test.size, epoch: 3 });
    expect(scores.best?.images).toBe(test.size);
    const finished = events.findIndex((e) => e.type === 'status' && e.state === 'finished');
    expect(events.findIndex((e) => e.type === 'test')).toBeGreaterThan(finished);
  });

  it('poisoned test images change the test score and no number of the training (steps, epochs, best epoch, callbacks)', async () => {
    const clean = await trainOnce();
    const test = testIndices();
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the original, called below with its own `this`
    const read = InMemoryPixels.prototype.read;
    vi.spyOn(InMemoryPixels.prototype, 'read').mockImplementation(async function (this: InMemoryPixels, indices) {
      const images = await read.call(this, indices);
      // Every test image becomes an inverted copy: a model that learned the shapes now gets them wrong.
      return images.map((image, k) => (image && test.has(indices[k] ?? -1) ? { ...image, rgb: image.rgb.map((v) => 255 - v) } : image));
    });
    const poisoned = await trainOnce();
    expect(trainingNumbers(poisoned.events)).toEqual(trainingNumbers(clean.events));
    expect(scoresOf(poisoned.events).final.loss).not.toBe(scoresOf(clean.events).final.loss);
  });

  it('scoring the best epoch leaves the model with its final weights, bit for bit, and no tensor behind', async () => {
    const engine = new Engine();
    await engine.init('cpu');
    await engine.loadSampleDataset(DATASET);
    await engine.buildModel(MODEL);
    const before = tf.memory().numTensors;
    const events: EngineEvent[] = [];
    await engine.train(CONFIG, (e) => events.push(e));
    expect(tf.memory().numTensors).toBe(before);
    const last = await loadCheckpoint('last');
    const model = (engine as unknown as { state: { model: { model: tf.LayersModel } } }).state.model.model;
    const weights = await Promise.all(model.weights.map((w) => w.read().data()));
    expect(weights.map((w) => Array.from(w))).toEqual(last?.data.snapshot.weights.map((w) => Array.from(w.values)));
    expect(scoresOf(events).best).not.toBeNull();
  });

  it('a dataset without a test split sends no test event', async () => {
    const engine = new Engine();
    await engine.init('cpu');
    const summary = await engine.loadSampleDataset({ ...DATASET, testFraction: 0 });
    expect(summary.testCounts.every((n) => n === 0)).toBe(true);
    await engine.buildModel(MODEL);
    const events: EngineEvent[] = [];
    await engine.train({ ...CONFIG, epochs: 1 }, (e) => events.push(e));
    expect(events.some((e) => e.type === 'test')).toBe(false);
  });
});
