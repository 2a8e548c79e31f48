import { describe, expect, it } from 'vitest';
import { niceTicks, stepAxisEnd, wholeTicks } from './ticks';

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
});
