import { describe, expect, it } from 'vitest';
import { epochOrder } from './sampling';
import { createRng } from '../common/rng';
import { valueAt } from './arrays';

const imbalanced = Int32Array.from([...Array<number>(80).fill(0), ...Array<number>(16).fill(1), ...Array<number>(4).fill(2)]);

function classCounts(order: number[]): number[] {
  const counts = [0, 0, 0];
  for (const i of order) {
    const label = valueAt(imbalanced, i);
    counts[label] = valueAt(counts, label) + 1;
  }
  return counts;
}

describe('epoch sampling', () => {
  it('shuffle visits every image exactly once', () => {
    const order = epochOrder(imbalanced, 3, 'shuffle', createRng(1));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from(imbalanced.keys()));
    expect(order).not.toEqual(Array.from(imbalanced.keys()));
  });

  it('balanced oversampling draws each class about equally often, epoch size unchanged', () => {
    const counts = [0, 0, 0];
    const rng = createRng(2);
    for (let epoch = 0; epoch < 20; epoch++) {
      const order = epochOrder(imbalanced, 3, 'balanced', rng);
      expect(order).toHaveLength(100);
      classCounts(order).forEach((c, k) => { counts[k] = valueAt(counts, k) + c; });
    }
    // 2000 draws, a third each: the rarest class (4% of the data) is seen ~33% of the time.
    for (const c of counts) {
      expect(c / 2000).toBeGreaterThan(0.29);
      expect(c / 2000).toBeLessThan(0.38);
    }
  });

  it('skips classes with no images instead of failing', () => {
    const order = epochOrder(Int32Array.from([0, 0, 2]), 3, 'balanced', createRng(3));
    expect(order.every((i) => i >= 0 && i < 3)).toBe(true);
  });
});

describe('epochOrder over a training subset', () => {
  it('draws only the kept positions, shuffled or balanced', () => {
    const kept = [0, 1, 2, 80, 96];
    const shuffled = epochOrder(imbalanced, 3, 'shuffle', createRng(3), kept);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(kept);
    const balanced = epochOrder(imbalanced, 3, 'balanced', createRng(3), kept);
    expect(balanced).toHaveLength(kept.length);
    expect(balanced.every((i) => kept.includes(i))).toBe(true);
  });
});
