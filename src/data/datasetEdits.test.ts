import type { DatasetManifest, StoredImageMeta } from '../contract';
import { describe, expect, it } from 'vitest';
import { assignSplit, countsBySplit, deleteClass, mergeClasses, removeImages, renameClass, smallClasses, validateSplit } from './datasetEdits';

function manifest(perClass: number[], given: Partial<Record<number, StoredImageMeta['split']>> = {}): DatasetManifest {
  let id = 0;
  const images: StoredImageMeta[] = perClass.flatMap((count, classIndex) => Array.from({ length: count }, () => {
    const n = id++;
    return { id: n, path: `c${classIndex}/${n}.jpg`, classIndex, hash: `h${n}`, width: 4, height: 4, split: given[n] ?? 'train', givenSplit: n in given };
  }));
  const base: DatasetManifest = {
    version: 1, id: 'd', name: 'D', createdAt: 0, updatedAt: 0, classNames: perClass.map((_, i) => `class${i}`), images, nextImageId: id,
    split: { seed: 3, validationPercent: 25, testPercent: 0 }, skipped: [], duplicates: [], storedBytes: 0,
  };
  return assignSplit(base, base.split);
}

describe('dataset edits', () => {
  it('draws a stratified split, reproducible, leaving folder-given splits alone', () => {
    const m = manifest([8, 4], { 0: 'test', 1: 'validation' });
    expect(m.images[0]?.split).toBe('test');
    expect(m.images[1]?.split).toBe('validation');
    expect(countsBySplit(m).validation).toEqual([1 + 2, 1]);
    const again = assignSplit(m, { seed: 3, validationPercent: 25, testPercent: 0 });
    expect(again.images.map((i) => i.split)).toEqual(m.images.map((i) => i.split));
    const test = assignSplit(m, { seed: 3, validationPercent: 25, testPercent: 25 });
    expect(countsBySplit(test).test).toEqual([1 + 2, 1]);
  });

  it('refuses impossible split settings with the reason', () => {
    expect(validateSplit({ seed: 1, validationPercent: 60, testPercent: 40 })).toMatch(/at most 90%/);
    expect(() => assignSplit(manifest([4, 4]), { seed: -1, validationPercent: 20, testPercent: 0 })).toThrow(/seed/);
  });

  it('renames a class, refusing empty and duplicate names', () => {
    const m = manifest([2, 2]);
    expect(renameClass(m, 1, '  dogs ').classNames).toEqual(['class0', 'dogs']);
    expect(() => renameClass(m, 1, ' ')).toThrow(/cannot be empty/);
    expect(() => renameClass(m, 1, 'class0')).toThrow(/already a class named/);
  });

  it('merges a class into another and deletes one, keeping the indices consistent', () => {
    const m = manifest([3, 2, 4]);
    const merged = mergeClasses(m, 0, 2);
    expect(merged.classNames).toEqual(['class1', 'class2']);
    expect(countsBySplit(merged).all).toEqual([2, 7]);
    const deleted = deleteClass(m, 1);
    expect(deleted.classNames).toEqual(['class0', 'class2']);
    expect(countsBySplit(deleted).all).toEqual([3, 4]);
    expect(deleted.images.every((i) => i.classIndex < 2)).toBe(true);
  });

  it('removes images and flags classes too small for the split', () => {
    const m = manifest([3, 2]);
    const fewer = removeImages(m, [3]);
    expect(countsBySplit(fewer).all).toEqual([3, 1]);
    expect(smallClasses(fewer)).toEqual(['class1']);
  });
});
