import * as tf from '@tensorflow/tfjs';
import { LR_FINDER_STEPS, type LrFinderPoint, type LrFinderProgress, type LrFinderResult, type TrainConfig } from '../contract';
import type { FreezeState } from '../freeze/freezeState';
import { createRng, deriveSeed, shuffleInPlace } from '../common/rng';
import type { TrainingData } from './data/batches';
import { Trainer } from './trainer';
import { valueAt } from './arrays';
import { yieldToEventLoop } from '../common/yieldToEventLoop';
import { i18n } from '../common/i18n/i18n';

/** fastai's `lr_find` defaults: an exponential sweep from 1e-7 to 10 in 100 steps, stopped once the smoothed loss passes 4× its minimum. */
export const LR_SWEEP = { startLr: 1e-7, endLr: 10, steps: 100, smoothing: 0.98, explosionFactor: 4 } as const;

/** `steps` rates from `start` to `end`, evenly spaced on a log scale. */
export function sweepRates(start: number, end: number, steps: number): number[] {
  if (steps === 1) return [start];
  return Array.from({ length: steps }, (_, i) => start * (end / start) ** (i / (steps - 1)));
}

/**
 * The sweep itself, over any step function (one training step at a rate, giving its batch's loss):
 * stops at a non-finite loss or once the smoothed loss exceeds `explosionFactor` × its minimum.
 */
export async function sweep(
  step: (learningRate: number, index: number) => Promise<number>, rates: readonly number[],
  onProgress: (progress: LrFinderProgress) => void = () => {},
): Promise<{ points: LrFinderPoint[]; stoppedEarly: string | null }> {
  const points: LrFinderPoint[] = [];
  let average = 0;
  let lowest = Number.POSITIVE_INFINITY;
  for (const [i, learningRate] of rates.entries()) {
    onProgress({ step: i + 1, steps: rates.length, learningRate });
    const loss = await step(learningRate, i);
    if (!Number.isFinite(loss)) return { points, stoppedEarly: i18n.t('engine:finder.lossNotFinite', { loss, rate: learningRate.toExponential(1) }) };
    average = LR_SWEEP.smoothing * average + (1 - LR_SWEEP.smoothing) * loss;
    const smoothedLoss = average / (1 - LR_SWEEP.smoothing ** (i + 1));
    points.push({ learningRate, loss, smoothedLoss });
    lowest = Math.min(lowest, smoothedLoss);
    if (smoothedLoss > LR_SWEEP.explosionFactor * lowest) {
      return { points, stoppedEarly: i18n.t('engine:finder.exploded', { factor: LR_SWEEP.explosionFactor, rate: learningRate.toExponential(1) }) };
    }
  }
  return { points, stoppedEarly: null };
}

/**
 * fastai's "steep" suggestion: the point whose smoothed loss falls fastest towards the next one
 * (slope per log10 of the rate). As fastai does, the first tenth of the sweep (the moving average
 * still settling, where two neighbours a few hundredths of a decade apart give wild slopes) and its
 * last 5 points are left out; and only points before the smoothed minimum count, so the suggestion
 * is always on the descending part of the curve. Null when the loss never fell there.
 */
export function suggestRate(points: readonly LrFinderPoint[], skipStart = Math.floor(LR_SWEEP.steps / 10), skipEnd = 5): number | null {
  const window = points.slice(skipStart, Math.max(skipStart, points.length - skipEnd));
  let minimum = 0;
  window.forEach((p, i) => { if (p.smoothedLoss < valueAt(window, minimum).smoothedLoss) minimum = i; });
  let steepest: { index: number; slope: number } | null = null;
  for (let i = 0; i < minimum; i++) {
    const [a, b] = [valueAt(window, i), valueAt(window, i + 1)];
    const slope = (b.smoothedLoss - a.smoothedLoss) / (Math.log10(b.learningRate) - Math.log10(a.learningRate));
    if (slope < 0 && (!steepest || slope < steepest.slope)) steepest = { index: i, slope };
  }
  return steepest ? valueAt(window, steepest.index).learningRate : null;
}

/**
 * The learning-rate finder on the model as it is: one training step per rate, on copies of every
 * weight (BatchNorm statistics included) with a fresh optimizer of the run's kind, over the blocks
 * training would train (frozen blocks stay frozen, their learning-rate multipliers apply). The
 * weights are put back bit for bit afterwards; nothing of the sweep stays on the device.
 * Batches are plain training batches (no augmentation), drawn in a seeded order.
 */
export async function findLearningRate(
  model: tf.LayersModel, freeze: FreezeState, data: TrainingData, config: TrainConfig,
  onProgress?: (progress: LrFinderProgress) => void, steps: number = LR_SWEEP.steps,
): Promise<LrFinderResult> {
  if (!Number.isInteger(steps) || steps < LR_FINDER_STEPS.min || steps > LR_FINDER_STEPS.max) {
    throw new Error(`Sweep steps must be a whole number from ${LR_FINDER_STEPS.min} to ${LR_FINDER_STEPS.max}; got ${steps}`);
  }
  const saved = model.weights.map((w) => w.read().clone());
  const { augmentation: _augmentation, callbacks: _callbacks, schedule: _schedule, ...plain } = config;
  const trainer = new Trainer(model, freeze, data, plain);
  try {
    const batches = batchOrder(data.trainLabels.length, config.batchSize, config.seed);
    const result = await sweep(async (learningRate, i) => {
      await yieldToEventLoop();
      return stepAt(trainer, data, valueAt(batches, i % batches.length), learningRate);
    }, sweepRates(LR_SWEEP.startLr, LR_SWEEP.endLr, steps), onProgress);
    const suggestion = suggestRate(result.points);
    return { ...result, suggestion, rule: i18n.t(suggestion === null ? 'engine:finder.noRule' : 'engine:finder.rule') };
  } finally {
    model.setWeights(saved);
    tf.dispose(saved);
    trainer.dispose();
  }
}

/** The training positions in a seeded shuffled order, cut into batches (the last one may be short). */
function batchOrder(count: number, batchSize: number, seed: number): number[][] {
  const order = Array.from({ length: count }, (_, i) => i);
  shuffleInPlace(order, createRng(deriveSeed(seed, 'lr-finder')));
  const batches: number[][] = [];
  for (let start = 0; start < count; start += batchSize) batches.push(order.slice(start, start + batchSize));
  return batches;
}

/** One step on a batch at `learningRate`; its loss, NaN when no image of the batch could be read. */
async function stepAt(trainer: Trainer, data: TrainingData, positions: number[], learningRate: number): Promise<number> {
  const { images, kept } = await data.trainBatch(positions);
  if (!images) return Number.NaN;
  const labels = tf.tensor1d(Int32Array.from(kept, (k) => valueAt(data.trainLabels, valueAt(positions, k))), 'int32');
  try {
    return (await trainer.trainStep(images, labels, { learningRate })).loss;
  } finally {
    tf.dispose([images, labels]);
  }
}
