import { describe, expect, it } from 'vitest';
import { classesTooSmallForSplit, countPerClass, stratifiedSplit } from './split';

const labels = [...Array<number>(40).fill(0), ...Array<number>(20).fill(1), ...Array<number>(5).fill(2), 3];

describe('stratifiedSplit', () => {
  it('gives each class the same share of validation and test, every image exactly once', () => {
    const split = stratifiedSplit(labels, 4, 0.2, 7, 0.1);
    expect(countPerClass(labels, split.validation, 4)).toEqual([8, 4, 1, 0]);
    expect(countPerClass(labels, split.test, 4)).toEqual([4, 2, 1, 0]);
    expect(countPerClass(labels, split.train, 4)).toEqual([28, 14, 3, 1]);
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(labels.map((_, i) => i));
  });

  it('is reproducible from its seed and differs with another seed', () => {
    expect(stratifiedSplit(labels, 4, 0.25, 3, 0.1)).toEqual(stratifiedSplit(labels, 4, 0.25, 3, 0.1));
    expect(stratifiedSplit(labels, 4, 0.25, 4).validation).not.toEqual(stratifiedSplit(labels, 4, 0.25, 3).validation);
  });

  it('without a test share, splits as before (no test images)', () => {
    const split = stratifiedSplit(labels, 4, 0.25, 3);
    expect(split.test).toEqual([]);
    expect(split).toEqual(stratifiedSplit(labels, 4, 0.25, 3, 0));
  });

  it('flags classes with too few images for the parts asked for', () => {
    expect(classesTooSmallForSplit([40, 2, 1], 0.2, 0)).toEqual([2]);
    expect(classesTooSmallForSplit([40, 2, 3], 0.2, 0.1)).toEqual([1]);
    expect(classesTooSmallForSplit([1, 5], 0, 0)).toEqual([]);
  });
});
