import { describe, expect, it } from 'vitest';
import { niceTicks, sameTicks, stepAxisEnd, wholeTicks } from './ticks';
import { sameMarkers } from './markers';
import type { ChartMarker } from '../../store/chartSeries';

describe('chart ticks', () => {
  it('are round values covering the data', () => {
    expect(niceTicks(0, 1.7)).toEqual({ ticks: [0, 0.5, 1, 1.5, 2], domain: [0, 2] });
    expect(niceTicks(0, 0.3).ticks).toEqual([0, 0.1, 0.2, 0.3]);
    const { ticks, domain } = niceTicks(0.0123, 0.0871);
    expect(domain[0]).toBeLessThanOrEqual(0.0123);
    expect(domain[1]).toBeGreaterThanOrEqual(0.0871);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(7);
  });

  it('survive a flat series and missing data', () => {
    expect(niceTicks(2, 2).domain[1]).toBeGreaterThan(2);
    expect(niceTicks(Number.NaN, 1)).toEqual({ ticks: [0, 1], domain: [0, 1] });
  });

  it('on the step axis are whole numbers within the steps drawn', () => {
    const { ticks, domain } = wholeTicks(1, 137);
    expect(domain).toEqual([1, 137]);
    expect(ticks.every((t) => Number.isInteger(t) && t >= 1 && t <= 137)).toBe(true);
    expect(wholeTicks(1, 1).ticks).toEqual([1, 2]);
  });

  it('on a running run span the steps it plans, and never cut off a step drawn', () => {
    expect(stepAxisEnd(1, 12, 90)).toBe(90);
    expect(stepAxisEnd(1, 47, 90)).toBe(90);
    expect(stepAxisEnd(1, 95, 90)).toBe(95);
    expect(stepAxisEnd(1, 12, null)).toBe(12);
    expect(stepAxisEnd(0, 0, null)).toBe(1);
  });

  it('are the same axis when a new highest value keeps the round ticks, and another when it adds one', () => {
    expect(sameTicks(niceTicks(0, 2.31), niceTicks(0, 2.44))).toBe(true);
    expect(sameTicks(niceTicks(0, 2.31), niceTicks(0, 3.2))).toBe(false);
    expect(sameTicks(niceTicks(0, 1), niceTicks(0.5, 1))).toBe(false);
  });
});

describe('marker lists', () => {
  const best = (step: number): ChartMarker => ({ step, label: `best epoch at ${step}`, kind: 'best' });
  it('draw the same lines when they hold the same markers, whatever the arrays', () => {
    expect(sameMarkers([best(10)], [best(10)])).toBe(true);
    expect(sameMarkers([], [])).toBe(true);
  });
  it('draw other lines when a marker moved, was added or changed its label', () => {
    expect(sameMarkers([best(10)], [best(20)])).toBe(false);
    expect(sameMarkers([best(10)], [best(10), best(20)])).toBe(false);
    expect(sameMarkers([best(10)], [{ ...best(10), label: 'other' }])).toBe(false);
  });
});
