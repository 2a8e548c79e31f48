import { describe, expect, it } from 'vitest';
import { appendSteps, decimateSteps } from './chartSeries';
import type { StepEvent } from '../engine/api';

const step = (s: number, loss: number): StepEvent => ({
  type: 'step', epoch: 1, step: s, stepInEpoch: s, stepsPerEpoch: 10, loss, accuracy: 0, learningRate: 0.1, imagesPerSecond: 1, cachedFeatures: false,
});

describe('batch-loss smoothing', () => {
  it('starts at the first loss (debiased) and follows a constant loss exactly', () => {
    const series = appendSteps([], [step(1, 2), step(2, 2), step(3, 2)]);
    expect(series).toHaveLength(3);
    for (const p of series) expect(p.smoothedLoss).toBeCloseTo(2, 10);
  });

  it('lags behind a drop and is the same whether appended at once or in chunks', () => {
    const events = [step(1, 2), step(2, 2), step(3, 0), step(4, 0)];
    const once = appendSteps([], events);
    const chunked = appendSteps(appendSteps([], events.slice(0, 3)), events.slice(3));
    expect(once[2]?.smoothedLoss).toBeGreaterThan(0.5);
    expect(once[2]?.smoothedLoss).toBeLessThan(2);
    expect(chunked.map((p) => p.smoothedLoss)).toEqual(once.map((p) => p.smoothedLoss));
  });
});

describe('points drawn', () => {
  it('a long series is thinned to the limit, keeping every bucket\'s lowest and highest loss and the last step', () => {
    const losses = Array.from({ length: 5000 }, (_, i) => 1 + 0.1 * Math.sin(i));
    losses[2345] = 9; // a spike must survive
    const series = appendSteps([], losses.map((loss, i) => step(i + 1, loss)));
    const drawn = decimateSteps(series, 400);
    expect(drawn.length).toBeLessThanOrEqual(402);
    expect(drawn.some((p) => p.loss === 9)).toBe(true);
    expect(drawn.at(-1)?.step).toBe(5000);
    expect(drawn.map((p) => p.step)).toEqual([...drawn.map((p) => p.step)].sort((a, b) => a - b));
    const short = series.slice(0, 300);
    expect(decimateSteps(short, 400)).toBe(short);
  });
});
