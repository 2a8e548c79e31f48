import type { CallbackKind, EpochRow } from '../contract';
import type { EpochEvent, StepEvent } from '../engine/api';

/** The series a run's charts draw: one point per step, one row per epoch, and labelled markers on the step axis. */

export interface StepPoint {
  step: number;
  epoch: number;
  loss: number;
  /** Exponential moving average of the loss, bias-corrected (as TensorBoard's smoothing). */
  smoothedLoss: number;
  accuracy: number;
  learningRate: number;
  /** The L2-SP / EWC term of `loss`, when the run has one. */
  penalty?: number;
}

/** A labelled vertical line at a step: a freeze or thaw, a backend switch, a resume, a callback (best epoch, LR drop…). */
export interface ChartMarker {
  step: number;
  label: string;
  kind: 'freeze' | 'thaw' | 'backend' | 'resume' | CallbackKind;
  /** The block a freeze or thaw changed, by name (the presenter view announces it in the user's language). */
  block?: string;
}

const SMOOTHING = 0.8;

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
      ...(e.penalty === undefined ? {} : { penalty: e.penalty }),
    });
  }
  return next;
}

export function epochPoint(e: EpochEvent): EpochRow {
  return {
    epoch: e.epoch, step: e.step, trainLoss: e.trainLoss, validationLoss: e.validationLoss,
    trainAccuracy: e.trainAccuracy, validationAccuracy: e.validationAccuracy, validationClassAccuracy: e.validationClassAccuracy, seconds: e.seconds,
    ...(e.sourceAccuracy === undefined ? {} : { sourceAccuracy: e.sourceAccuracy }),
    ...(e.trainPenalty === undefined ? {} : { trainPenalty: e.trainPenalty }),
    ...(e.targetAccuracy === undefined ? {} : { targetAccuracy: e.targetAccuracy }),
    ...(e.mmd === undefined ? {} : { mmd: e.mmd }),
    ...(e.domainAccuracy === undefined ? {} : { domainAccuracy: e.domainAccuracy }),
  };
}

/**
 * At most about `maxPoints` points to draw: a chart's cost grows with its points, and a long run has
 * thousands. Each bucket of consecutive steps keeps its lowest and its highest loss, in step order,
 * so a spike stays visible; the last step is always kept.
 */
export function decimateSteps(series: StepPoint[], maxPoints = 400): StepPoint[] {
  const last = series.at(-1);
  if (series.length <= maxPoints || !last) return series;
  const bucket = Math.ceil(series.length / Math.floor(maxPoints / 2));
  const drawn: StepPoint[] = [];
  for (let start = 0; start < series.length; start += bucket) {
    const points = series.slice(start, start + bucket);
    let low = points[0];
    let high = points[0];
    if (!low || !high) continue;
    for (const p of points) {
      if (p.loss < low.loss) low = p;
      if (p.loss > high.loss) high = p;
    }
    // In step order (the series is): the lower step first.
    const [first, second] = low.step <= high.step ? [low, high] : [high, low];
    drawn.push(first);
    if (second !== first) drawn.push(second);
  }
  if (drawn.at(-1) !== last) drawn.push(last);
  return drawn;
}
