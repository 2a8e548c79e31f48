import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { targetClassMapping, targetClassMismatch, type DatasetManifest } from '../contract';
import { commitManifest } from '../persistence/datasets';
import { loadTargetDomain } from './targetLoading';

function manifest(id: string, classNames: string[]): DatasetManifest {
  const images = Array.from({ length: 8 }, (_, n) => ({
    id: n, path: `${n}.jpg`, classIndex: n % classNames.length, hash: `h${n}`, width: 4, height: 4,
    split: n < 6 ? 'train' as const : 'validation' as const, givenSplit: false,
  }));
  return {
    version: 1, id, name: `set ${id}`, createdAt: 0, updatedAt: 0, classNames, nextImageId: images.length, images,
    split: { seed: 1, validationPercent: 25, testPercent: 0 }, skipped: [], duplicates: [], storedBytes: 0,
  };
}

const SOURCE = { kind: 'stored' as const, datasetId: 'source' };

describe('a second imported dataset as the target domain', () => {
  it('matches class names whatever their order and case, mapping target labels onto the source classes', () => {
    expect(targetClassMismatch(['cat', 'dog'], ['Dog', 'cat '])).toBeNull();
    expect(targetClassMapping(['cat', 'dog'], ['Dog', 'cat '])).toEqual([1, 0]);
    expect(targetClassMismatch(['cat', 'dog', 'fox'], ['cat', 'cow'])).toEqual({ missing: ['dog', 'fox'], extra: ['cow'] });
  });

  it('serves a dataset with the same classes: its training split unlabelled, its validation split with mapped labels', async () => {
    await commitManifest(manifest('same', ['dog', 'cat']));
    const target = await loadTargetDomain({ kind: 'stored', datasetId: 'same' }, SOURCE, ['cat', 'dog'], 16, 1e6);
    expect(target.unlabelled.count).toBe(6);
    // Images 6 and 7 are the validation split: classes 0 (dog → 1) and 1 (cat → 0).
    expect(Array.from(target.evaluation.labels)).toEqual([1, 0]);
    expect('labels' in target.unlabelled).toBe(false);
  });

  it('refuses a dataset whose class names differ, naming the missing ones and what to do', async () => {
    await commitManifest(manifest('other', ['cat', 'cow']));
    await expect(loadTargetDomain({ kind: 'stored', datasetId: 'other' }, SOURCE, ['cat', 'dog', 'fox'], 16, 1e6))
      .rejects.toThrow(/"set other" cannot be the target domain.*it lacks "dog", "fox"; it has "cow".*Rename its classes, or pick another target/);
  });

  it('refuses the dataset trained on itself, a missing dataset, and the shifted sample on imported data', async () => {
    await expect(loadTargetDomain({ kind: 'stored', datasetId: 'source' }, SOURCE, ['a', 'b'], 16, 1e6)).rejects.toThrow(/another dataset/);
    await expect(loadTargetDomain({ kind: 'stored', datasetId: 'gone' }, SOURCE, ['a', 'b'], 16, 1e6)).rejects.toThrow(/not stored any more/);
    await expect(loadTargetDomain({ kind: 'shiftedSample' }, SOURCE, ['a', 'b'], 16, 1e6)).rejects.toThrow(/sample dataset only/);
  });
});

describe('the shifted sample as the target domain', () => {
  it('is drawn at twice the source\'s images per class, half of them held out to score (balanced classes, labels for scoring only)', async () => {
    const sample = { kind: 'sample' as const, spec: { seed: 7, imageSize: 16, imagesPerClass: 10, imbalanced: false, validationFraction: 0.2 } };
    const target = await loadTargetDomain({ kind: 'shiftedSample' }, sample, ['circle', 'square', 'triangle', 'cross', 'ring'], 16, 1e6);
    expect(target.unlabelled.count).toBe(50);
    expect(target.evaluation.labels.length).toBe(50);
    expect('labels' in target.unlabelled).toBe(false);
    const perClass = [0, 1, 2, 3, 4].map((c) => Array.from(target.evaluation.labels).filter((l) => l === c).length);
    expect(perClass.reduce((a, b) => a + b, 0)).toBe(50);
    expect(Math.min(...perClass)).toBeGreaterThan(0);
  });
});
