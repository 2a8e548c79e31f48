import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_FORM, type DatasetSource } from '../contract';
import { domainRefusal } from './domainTarget';

const sample: DatasetSource = { kind: 'sample', spec: { seed: 7, imageSize: 32, imagesPerClass: 10, imbalanced: false, validationFraction: 0.2 } };
const stored: DatasetSource = { kind: 'stored', datasetId: 'a' };
const datasets = [
  { id: 'a', name: 'Pets', classNames: ['cat', 'dog'] },
  { id: 'b', name: 'Pets, drawn', classNames: ['Dog', 'cat'] },
  { id: 'c', name: 'Farm', classNames: ['cat', 'cow'] },
];
const form = (over: Partial<typeof DEFAULT_TRAINING_FORM>) => ({ ...DEFAULT_TRAINING_FORM, ...over });

describe('the training form\'s target domain', () => {
  it('accepts the shifted sample on the sample and a second dataset with the same class names', () => {
    expect(domainRefusal(form({ domainTarget: 'shiftedSample', domainAdaptation: 'mmd' }), { source: sample, classNames: ['circle'] }, datasets)).toBeNull();
    expect(domainRefusal(form({ domainTarget: 'dataset', domainTargetDatasetId: 'b' }), { source: stored, classNames: ['cat', 'dog'] }, datasets)).toBeNull();
    expect(domainRefusal(DEFAULT_TRAINING_FORM, { source: stored, classNames: ['cat', 'dog'] }, datasets)).toBeNull();
  });

  it('refuses with the reason: class names that differ (naming them), the same dataset, no pick, the shifted sample on photos, adaptation with no target', () => {
    const photos = { source: stored, classNames: ['cat', 'dog'] };
    expect(domainRefusal(form({ domainTarget: 'dataset', domainTargetDatasetId: 'c' }), photos, datasets))
      .toEqual({ key: 'classMismatch', name: 'Farm', missing: ['dog'], extra: ['cow'] });
    expect(domainRefusal(form({ domainTarget: 'dataset', domainTargetDatasetId: 'a' }), photos, datasets)).toEqual({ key: 'sameDataset' });
    expect(domainRefusal(form({ domainTarget: 'dataset' }), photos, datasets)).toEqual({ key: 'pickDataset' });
    expect(domainRefusal(form({ domainTarget: 'dataset', domainTargetDatasetId: 'gone' }), photos, datasets)).toEqual({ key: 'datasetGone' });
    expect(domainRefusal(form({ domainTarget: 'shiftedSample' }), photos, datasets)).toEqual({ key: 'shiftedNeedsSample' });
    expect(domainRefusal(form({ domainAdaptation: 'dann' }), photos, datasets)).toEqual({ key: 'adaptationNeedsTarget' });
  });
});
