import { describe, expect, it } from 'vitest';
import { AUGMENTATION_PRESETS, DEFAULT_MODEL_FORM, DEFAULT_TRAINING_FORM, TRAIN_CONFIG } from '../contract';
import { exerciseConfigJson, parseExerciseConfig } from './exerciseConfig';
import { formAugmentation, toTrainConfig, withHeadFirst } from './trainConfig';

describe('withHeadFirst', () => {
  const headFirst = { everyEpochs: 1, thawAll: true, maxThawed: 2 };

  it("adds a preset's head-first epoch as the run's gradual unfreezing", () => {
    const config = withHeadFirst(toTrainConfig(DEFAULT_TRAINING_FORM, [10, 10]), headFirst);
    expect(config.callbacks?.gradualUnfreezing).toEqual(headFirst);
  });

  it("keeps the form's own gradual unfreezing, and changes nothing without a preset", () => {
    const form = toTrainConfig({ ...DEFAULT_TRAINING_FORM, gradualEveryEpochs: 3 }, [10, 10]);
    expect(withHeadFirst(form, headFirst).callbacks?.gradualUnfreezing?.everyEpochs).toBe(3);
    const plain = toTrainConfig(DEFAULT_TRAINING_FORM, [10, 10]);
    expect(withHeadFirst(plain, null)).toBe(plain);
  });
});

describe('the augmentation panel in the form', () => {
  it("an older form's 'none' / 'mild' means no augmentation / the basic preset, with the form's mixup α", () => {
    expect(formAugmentation({ ...DEFAULT_TRAINING_FORM, augmentation: 'mild', mixupAlpha: 0.2 })).toEqual({ ...AUGMENTATION_PRESETS.basic, mixupAlpha: 0.2 });
    expect(toTrainConfig({ ...DEFAULT_TRAINING_FORM, augmentation: 'none' }, [5, 5]).augmentation).toBeUndefined();
  });

  it("the panel's values win over the old choice and reach the run's config, each one", () => {
    const ops = { ...AUGMENTATION_PRESETS.strong, verticalFlip: 0.3, cutmixAlpha: 0.7 };
    const config = toTrainConfig({ ...DEFAULT_TRAINING_FORM, augmentation: 'none', augmentationOps: ops, mixupAlpha: 0.1 }, [5, 5]);
    expect(config.augmentation).toEqual({ ...ops, mixupAlpha: 0.1 });
  });

  it('values that change no pixel leave augmentation off (the feature cache on)', () => {
    expect(toTrainConfig({ ...DEFAULT_TRAINING_FORM, augmentation: 'mild', augmentationOps: AUGMENTATION_PRESETS.none }, [5, 5]).augmentation).toBeUndefined();
  });
});

describe('settings files carry every augmentation value', () => {
  it('round-trips the panel values, and names a wrong one', () => {
    const ops = { ...AUGMENTATION_PRESETS.strong, rotationDegrees: 25 };
    const json = exerciseConfigJson(DEFAULT_MODEL_FORM, { ...DEFAULT_TRAINING_FORM, augmentationOps: ops });
    expect(parseExerciseConfig(json).training.augmentationOps).toEqual(ops);
    const bad = JSON.parse(json) as { training: { augmentationOps: { rotationDegrees: number } } };
    bad.training.augmentationOps.rotationDegrees = 500;
    const parsed = parseExerciseConfig(JSON.stringify(bad));
    expect(parsed.training.augmentationOps).toBeUndefined();
    expect(parsed.skipped[0]).toMatch(/^training\.augmentationOps: /);
  });

  it('an older file (augmentation "mild", no values) still loads, as the basic preset', () => {
    const old = JSON.stringify({ kind: 'thaw-settings', version: 1, training: { augmentation: 'mild', mixupAlpha: 0.2 } });
    const parsed = parseExerciseConfig(old);
    expect(parsed.skipped).toEqual([]);
    expect(formAugmentation({ ...DEFAULT_TRAINING_FORM, ...parsed.training })).toEqual({ ...AUGMENTATION_PRESETS.basic, mixupAlpha: 0.2 });
  });
});

describe('domain adaptation from the training form', () => {
  const counts = [40, 40];
  it('maps none / the shifted sample / an imported dataset, and MMD or DANN only when there is a target', () => {
    expect(toTrainConfig(DEFAULT_TRAINING_FORM, counts).domainTarget).toBeUndefined();
    const shifted = toTrainConfig({ ...DEFAULT_TRAINING_FORM, domainTarget: 'shiftedSample', domainAdaptation: 'dann', domainStrength: 0.5 }, counts);
    expect(shifted.domainTarget).toEqual({ kind: 'shiftedSample' });
    expect(shifted.domainAdaptation).toEqual({ method: 'dann', strength: 0.5 });
    const stored = toTrainConfig({ ...DEFAULT_TRAINING_FORM, domainTarget: 'dataset', domainTargetDatasetId: 'd2', domainAdaptation: 'mmd', domainBlock: 'block2' }, counts);
    expect(stored.domainTarget).toEqual({ kind: 'stored', datasetId: 'd2' });
    expect(stored.domainAdaptation).toEqual({ method: 'mmd', strength: 1, block: 'block2' });
    // No target, or a dataset target with no dataset picked: nothing to adapt to.
    expect(toTrainConfig({ ...DEFAULT_TRAINING_FORM, domainAdaptation: 'mmd' }, counts).domainAdaptation).toBeUndefined();
    expect(toTrainConfig({ ...DEFAULT_TRAINING_FORM, domainTarget: 'dataset', domainAdaptation: 'mmd' }, counts).domainTarget).toBeUndefined();
    expect(TRAIN_CONFIG.safeParse(stored).success).toBe(true);
  });
});
