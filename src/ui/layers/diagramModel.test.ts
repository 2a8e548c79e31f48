import { describe, expect, it } from 'vitest';
import type { BlockSummary } from '../../contract';
import { MIN_BLOCK_WIDTH, blockWidthPercent, boundaryPreset, frozenUnderBoundary, glowOf, latestFreezeEvent, nextBlockToThaw } from './diagramModel';

const block = (id: string, frozen: boolean, params = 100): BlockSummary => ({ id, name: id, layers: [], params, trainableParams: frozen ? 0 : params, frozen, lrMultiplier: 1 });

describe('network diagram arithmetic', () => {
  it('draws the largest block full width, a tiny one no narrower than the minimum, and grows with the square root', () => {
    expect(blockWidthPercent(40_000, 40_000)).toBe(100);
    expect(blockWidthPercent(0, 40_000)).toBe(MIN_BLOCK_WIDTH);
    expect(blockWidthPercent(216, 40_000)).toBeGreaterThanOrEqual(MIN_BLOCK_WIDTH);
    expect(blockWidthPercent(10_000, 40_000)).toBeCloseTo(MIN_BLOCK_WIDTH + (100 - MIN_BLOCK_WIDTH) / 2);
    expect(blockWidthPercent(5, 0)).toBe(MIN_BLOCK_WIDTH);
  });

  it('glows in proportion to the most-moved block, and not at all without activity or with broken numbers', () => {
    const all = [{ weightChange: 0.02, gradientNorm: 4 }, { weightChange: 0.01, gradientNorm: 1 }, { weightChange: 0, gradientNorm: 0 }];
    expect(glowOf(all[1], all)).toEqual({ change: 0.5, gradient: 0.25 });
    expect(glowOf(all[2], all)).toEqual({ change: 0, gradient: 0 });
    expect(glowOf(undefined, all)).toEqual({ change: 0, gradient: 0 });
    expect(glowOf({ weightChange: Number.NaN, gradientNorm: 2 }, [{ weightChange: Number.NaN, gradientNorm: 2 }])).toEqual({ change: 0, gradient: 1 });
  });

  it('freezes up to the dragged block and never the head', () => {
    expect(boundaryPreset(0, 4)).toEqual({ id: 'freeze-to', k: 1 });
    expect(boundaryPreset(2, 4)).toEqual({ id: 'freeze-to', k: 3 });
    expect(boundaryPreset(3, 4)).toEqual({ id: 'freeze-to', k: 3 });
    expect([0, 1, 2, 3].map((i) => frozenUnderBoundary(i, 1, 4))).toEqual([true, true, false, false]);
  });

  it('thaws the highest frozen block below the head next', () => {
    expect(nextBlockToThaw([block('stem', true), block('b1', true), block('b2', false), block('head', false)])?.id).toBe('b1');
    expect(nextBlockToThaw([block('stem', false), block('head', true)])).toBeNull();
  });

  it('announces the latest freeze or thaw, ignoring other markers', () => {
    expect(latestFreezeEvent([])).toBeNull();
    const markers = [
      { step: 3, label: 'froze Stem', kind: 'freeze' as const, block: 'Stem' },
      { step: 9, label: 'thawed Block 1', kind: 'thaw' as const, block: 'Block 1' },
      { step: 12, label: 'best epoch 2', kind: 'best' as const },
    ];
    expect(latestFreezeEvent(markers)).toEqual(markers[1]);
  });
});
