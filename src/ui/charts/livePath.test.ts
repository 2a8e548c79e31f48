import { describe, expect, it } from 'vitest';
import type { StepPoint } from '../../store/chartSeries';
import { pathOf } from './livePath';

const point = (step: number, loss: number, penalty?: number): StepPoint => ({
  step, epoch: 1, loss, smoothedLoss: loss, accuracy: 0.5, learningRate: step < 3 ? 0.01 : 0.001, ...(penalty === undefined ? {} : { penalty }),
});
// Scales as a 100×100 plot would have them: steps 0–10 across, values 0–1 from the bottom up.
const x = (v: unknown) => (v as number) * 10;
const y = (v: unknown) => 100 - (v as number) * 100;

describe('a live path', () => {
  it('joins the points with straight lines on the chart scales', () => {
    expect(pathOf([point(1, 0.9), point(2, 0.5), point(4, 0.25)], 'loss', x, y, 'linear')).toBe('M10.0,10.0L20.0,50.0L40.0,75.0');
  });

  it('holds each learning rate until the next step, as steps', () => {
    expect(pathOf([point(1, 0), point(2, 0), point(3, 0)], 'learningRate', x, (v) => 100 - (v as number) * 1000, 'stepAfter'))
      .toBe('M10.0,90.0H20.0V90.0H30.0V99.0');
  });

  it('skips points without a finite value or outside the scales, and is empty with none', () => {
    expect(pathOf([point(1, 0.5, 0.1), point(2, Number.NaN), point(3, 0.5)], 'loss', x, y, 'linear')).toBe('M10.0,50.0L30.0,50.0');
    expect(pathOf([point(1, 0.5), point(2, 0.4, 0.2)], 'penalty', x, y, 'linear')).toBe('M20.0,80.0');
    expect(pathOf([point(1, 0.5), point(2, 0.4)], 'loss', (v) => ((v as number) > 1 ? undefined : 10), y, 'linear')).toBe('M10.0,50.0');
    expect(pathOf([], 'loss', x, y, 'linear')).toBe('');
  });
});
