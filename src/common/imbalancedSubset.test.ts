import { describe, expect, it } from 'vitest';
import { keepFractions, keptCount, keptCounts, keptPositions, subsetRefusal } from './imbalancedSubset';

describe('imbalanced subset builder', () => {
  it('a stated ratio keeps the largest class whole and cuts each minority class to 1/ratio of it', () => {
    const counts = [40, 40, 40];
    const fractions = keepFractions(counts, { kind: 'ratio', ratio: 10, minorityClasses: [1] });
    expect(fractions).toEqual([1, 0.1, 1]);
    expect(keptCounts(counts, fractions)).toEqual([40, 4, 40]);
  });

  it('dropping classes keeps none of their training images and all of the others', () => {
    expect(keptCounts([12, 30, 8], keepFractions([12, 30, 8], { kind: 'drop', classes: [2] }))).toEqual([12, 30, 0]);
  });

  it('keeps the first images of each class in split order, and only the quota', () => {
    const labels = Int32Array.from([0, 1, 1, 0, 1, 1, 0, 1]);
    expect(keptPositions(labels, [1, 0.5])).toEqual([0, 1, 2, 3, 4, 6]); // 5 images of class 1 × 0.5 → 3 kept
    expect(keptPositions(labels, [0, 1])).toEqual([1, 2, 4, 5, 7]);
  });

  it('a fraction above 0 keeps at least one image', () => {
    expect(keptCount(5, 0.01)).toBe(1);
    expect(keptCount(5, 0)).toBe(0);
  });

  it('says why a dataset cannot make the subset', () => {
    expect(subsetRefusal([50], { kind: 'drop', classes: [] })).toMatch(/at least 2 classes/);
    expect(subsetRefusal([10, 10], { kind: 'drop', classes: [0] })).toMatch(/fewer than 2 classes/);
    expect(subsetRefusal([10, 10], { kind: 'ratio', ratio: 10, minorityClasses: [1] })).toMatch(/class 2 would keep 1 training images/);
    expect(subsetRefusal([40, 40], { kind: 'ratio', ratio: 10, minorityClasses: [1] })).toBeNull();
  });
});
