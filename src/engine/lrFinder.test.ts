import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LrFinderPoint, LrFinderResult, TrainConfig } from '../contract';
import { Engine } from './engine';
import { findLearningRate, LR_SWEEP, suggestRate, sweep, sweepRates } from './lrFinder';
import { disposeData, optimizerConfig, tinyData, tinyModel, useCpuBackend } from './testSupport';

beforeAll(useCpuBackend);

const CONFIG: TrainConfig = { epochs: 1, batchSize: 8, seed: 1, optimizer: optimizerConfig({ name: 'sgd', learningRate: 0.01, momentum: 0.9 }) };

/** The suggestion is on the descending part: the smoothed curve falls right after it and reaches its lowest later. */
function expectOnDescendingPart(result: { points: LrFinderPoint[]; suggestion: number | null }) {
  const { points, suggestion } = result;
  const index = points.findIndex((p) => p.learningRate === suggestion);
  expect(index).toBeGreaterThanOrEqual(0);
  // The lowest smoothed loss from the suggestion on comes after it: the curve is falling there, towards its minimum.
  const minimum = points.reduce((m, p, i) => (i >= index && p.smoothedLoss < points[m]!.smoothedLoss ? i : m), index);
  expect(minimum).toBeGreaterThan(index);
  expect(points[index + 1]!.smoothedLoss).toBeLessThan(points[index]!.smoothedLoss);
}

describe('learning-rate sweep', () => {
  it('sweeps exponentially from 1e-7 to 10', () => {
    const rates = sweepRates(LR_SWEEP.startLr, LR_SWEEP.endLr, LR_SWEEP.steps);
    expect(rates).toHaveLength(100);
    expect(rates[0]).toBeCloseTo(1e-7, 12);
    expect(rates.at(-1)).toBeCloseTo(10, 6);
    expect(rates[1]! / rates[0]!).toBeCloseTo(rates[99]! / rates[98]!, 9);
  });

  it('stops once the smoothed loss passes 4× its minimum, and suggests a rate on the descending part', async () => {
    // A textbook curve: flat at low rates, falling from 1e-4, lowest near 1e-1, exploding after.
    const lossAt = (lr: number) => {
      const x = Math.log10(lr);
      return x < -4 ? 2.3 : x < -1 ? 2.3 - 0.7 * (x + 4) : 0.2 * 10 ** (3 * (x + 1));
    };
    const result = await sweep(async (lr) => lossAt(lr), sweepRates(1e-7, 10, 100));
    expect(result.stoppedEarly).toMatch(/passed 4× its minimum/);
    expect(result.points.length).toBeLessThan(100);
    const smoothed = result.points.map((p) => p.smoothedLoss);
    expect(smoothed.at(-1)!).toBeGreaterThan(4 * Math.min(...smoothed));
    const suggestion = suggestRate(result.points);
    expectOnDescendingPart({ points: result.points, suggestion });
    expect(suggestion!).toBeGreaterThan(1e-4);
    expect(suggestion!).toBeLessThan(1e-1);
  });

  it('stops at a non-finite loss, and suggests nothing when the loss never fell', async () => {
    const result = await sweep(async (_lr, i) => (i < 30 ? 1 + i / 100 : Number.NaN), sweepRates(1e-7, 10, 100));
    expect(result.points).toHaveLength(30);
    expect(result.stoppedEarly).toMatch(/became NaN/);
    expect(suggestRate(result.points)).toBeNull();
  });
});

describe('learning-rate finder on a model', () => {
  it('leaves every weight bit-identical and no tensor behind; trains only the trainable blocks; suggests a rate on the descending part', async () => {
    const data = tinyData(16, 12);
    const { model, freeze } = tinyModel();
    freeze.blocks.filter((b) => b.id !== 'head').forEach((b) => freeze.setFrozen(b.id, true));
    const frozenIndices = model.weights.flatMap((w, i) => (freeze.trainableVariables().some((v) => v.name === (w.read() as tf.Variable).name) ? [] : [i]));
    const before = model.weights.map((w) => Float32Array.from(w.read().dataSync()));
    const tensors = tf.memory().numTensors;
    const progress: number[] = [];
    const changedMidSweep = { frozen: false, trainable: false };
    const result: LrFinderResult = await findLearningRate(model, freeze, data, CONFIG, (p) => {
      progress.push(p.step);
      if (p.step !== 30) return;
      model.weights.forEach((w, i) => {
        const moved = w.read().dataSync().some((v, j) => v !== before[i]![j]);
        if (frozenIndices.includes(i)) changedMidSweep.frozen ||= moved;
        else changedMidSweep.trainable ||= moved;
      });
    });
    expect(changedMidSweep).toEqual({ frozen: false, trainable: true });
    expect(tf.memory().numTensors).toBe(tensors);
    model.weights.forEach((w, i) => expect(Float32Array.from(w.read().dataSync())).toEqual(before[i]));
    expect(progress[0]).toBe(1);
    expect(result.points.length).toBeGreaterThan(10);
    expect(result.points.length).toBeLessThanOrEqual(100);
    expect(result.points.length === 100 || result.stoppedEarly !== null).toBe(true);
    expect(result.rule).toMatch(/steepest descent/);
    // Left out as fastai does: the first tenth of the sweep, where the average is still settling.
    expect(result.suggestion!).toBeGreaterThanOrEqual(sweepRates(LR_SWEEP.startLr, LR_SWEEP.endLr, LR_SWEEP.steps)[10]!);
    expectOnDescendingPart(result);
    model.dispose();
    disposeData(data);
  });

  it('sweeps the number of steps asked for (fastai\'s num_it), and refuses a count outside 20–200', async () => {
    const data = tinyData(16, 12);
    const { model, freeze } = tinyModel();
    const steps: number[] = [];
    const result = await findLearningRate(model, freeze, data, CONFIG, (p) => steps.push(p.steps), 25);
    expect(new Set(steps)).toEqual(new Set([25]));
    expect(result.points.length).toBeLessThanOrEqual(25);
    expect(result.points[0]!.learningRate).toBeCloseTo(1e-7, 12);
    await expect(findLearningRate(model, freeze, data, CONFIG, undefined, 5)).rejects.toThrow(/Sweep steps must be a whole number from 20 to 200; got 5/);
    model.dispose();
    disposeData(data);
  });

  it('the engine refuses it while a run trains, saying what to do, and the model is unchanged after it', async () => {
    const engine = new Engine();
    await engine.init('cpu');
    await engine.loadSampleDataset({ seed: 6, imageSize: 16, imagesPerClass: 6, imbalanced: false, validationFraction: 0.25 });
    await engine.buildModel({ architecture: 'small-cnn', width: 4, dropout: 0, seed: 2 });
    let refusal: unknown = null;
    await engine.train({ ...CONFIG, epochs: 1 }, (e) => {
      if (e.type === 'step' && e.step === 1) engine.findLearningRate(CONFIG).catch((error: unknown) => { refusal = error; });
    });
    expect(String(refusal)).toMatch(/Stop the current run before you find a learning rate/);
    const summary = await engine.modelSummary();
    const result = await engine.findLearningRate(CONFIG);
    expect(result.points.length).toBeGreaterThan(0);
    expect(await engine.modelSummary()).toEqual(summary);
  });
});
