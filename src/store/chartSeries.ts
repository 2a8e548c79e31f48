import type { EpochRow } from '../contract';
import type { EpochEvent, StepEvent } from '../engine/api';

export interface StepPoint {
  step: number;
  epoch: number;
  loss: number;
  /** Exponential moving average of the loss, bias-corrected (as TensorBoard's smoothing). */
  smoothedLoss: number;
  accuracy: number;
  learningRate: number;
}

export const SMOOTHING = 0.8;

/** Appends step events to the series, carrying the smoothing state along. */
export function appendSteps(series: StepPoint[], events: StepEvent[], smoothing = SMOOTHING): StepPoint[] {
  if (events.length === 0) return series;
  const next = series.slice();
  for (const e of events) {
    const n = next.length + 1;
    const previous = next[next.length - 1];
    // Debiased EMA: the raw average is recovered from the previous debiased value.
    const rawPrevious = previous ? previous.smoothedLoss * (1 - Math.pow(smoothing, n - 1)) : 0;
    const raw = rawPrevious * smoothing + (1 - smoothing) * e.loss;
    next.push({
      step: e.step, epoch: e.epoch, loss: e.loss, accuracy: e.accuracy, learningRate: e.learningRate,
      smoothedLoss: raw / (1 - Math.pow(smoothing, n)),
    });
  }
  return next;
}

export function epochPoint(e: EpochEvent): EpochRow {
  return {
    epoch: e.epoch, step: e.step, trainLoss: e.trainLoss, validationLoss: e.validationLoss,
    trainAccuracy: e.trainAccuracy, validationAccuracy: e.validationAccuracy, seconds: e.seconds,
  };
}

/**
 * At most about `maxPoints` points to draw: a chart's cost grows with its points, and a long run has
 * thousands. Each bucket of consecutive steps keeps its lowest and its highest loss, in step order,
 * so a spike stays visible; the last step is always kept.
 */
export function decimateSteps(series: StepPoint[], maxPoints = 400): StepPoint[] {
  if (series.length <= maxPoints) return series;
  const bucket = Math.ceil(series.length / Math.floor(maxPoints / 2));
  const drawn: StepPoint[] = [];
  for (let start = 0; start < series.length; start += bucket) {
    let low = start;
    let high = start;
    for (let i = start + 1; i < Math.min(series.length, start + bucket); i++) {
      if (series[i].loss < series[low].loss) low = i;
      if (series[i].loss > series[high].loss) high = i;
    }
    drawn.push(series[Math.min(low, high)]);
    if (high !== low) drawn.push(series[Math.max(low, high)]);
  }
  if (drawn[drawn.length - 1] !== series[series.length - 1]) drawn.push(series[series.length - 1]);
  return drawn;
}
