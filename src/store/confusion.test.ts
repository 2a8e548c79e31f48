import { DEFAULT_TRAINING_FORM } from '../contract';
import { describe, expect, it } from 'vitest';
import { classReport } from './confusion';
import { inverseFrequencyWeights, toTrainConfig } from './trainConfig';

describe('class report', () => {
  it('counts true × predicted and derives precision and recall per class', () => {
    const r = classReport([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], 3);
    expect(r.matrix).toEqual([[1, 1, 0], [0, 2, 0], [1, 0, 0]]);
    expect(r.precision).toEqual([0.5, 2 / 3, 0]);
    expect(r.recall).toEqual([0.5, 1, 0]);
  });
});

describe('training form → engine config', () => {
  it('inverse-frequency weights give a balanced set all ones and favour the rare class', () => {
    expect(inverseFrequencyWeights([10, 10])).toEqual([1, 1]);
    // 40 images over 2 classes: 40 / (2 × 30) and 40 / (2 × 10), the rare class counting 3× the common one.
    expect(inverseFrequencyWeights([30, 10])).toEqual([expect.closeTo(2 / 3), expect.closeTo(2)]);
  });

  it('turns the off-switches (0) into absent callbacks and maps a one-cycle schedule over the whole run', () => {
    const off = toTrainConfig(DEFAULT_TRAINING_FORM, [40, 40]);
    expect(off.callbacks).toEqual({ earlyStopping: undefined, reduceLrOnPlateau: undefined, gradualUnfreezing: undefined });
    expect(off.augmentation).toBeUndefined();
    const on = toTrainConfig({ ...DEFAULT_TRAINING_FORM, epochs: 4, batchSize: 10, schedule: 'oneCycle', earlyStoppingPatience: 2, classBalance: 'inverse' }, [30, 10]);
    expect(on.schedule).toMatchObject({ kind: 'oneCycle', totalSteps: 16 });
    expect(on.callbacks?.earlyStopping?.patience).toBe(2);
    expect(on.classWeights?.[1]).toBeCloseTo(2);
  });

  it('class balance: weights typed by hand (missing ones count 1), or an oversampling sampler with no weights', () => {
    const manual = toTrainConfig({ ...DEFAULT_TRAINING_FORM, classBalance: 'manual', manualClassWeights: [0.5, 4] }, [30, 10, 5]);
    expect(manual.classWeights).toEqual([0.5, 4, 1]);
    expect(manual.sampling).toBe('shuffle');
    const oversample = toTrainConfig({ ...DEFAULT_TRAINING_FORM, classBalance: 'oversample' }, [30, 10]);
    expect(oversample.classWeights).toBeUndefined();
    expect(oversample.sampling).toBe('balanced');
  });

  it('gradual unfreezing: every N epochs, on a plateau, or both, with the learning-rate factor at each thaw', () => {
    const both = toTrainConfig({ ...DEFAULT_TRAINING_FORM, gradualEveryEpochs: 3, gradualPlateauPatience: 2, thawLrFactor: 0.5 }, [10, 10]);
    expect(both.callbacks?.gradualUnfreezing).toEqual({ everyEpochs: 3, onPlateau: { patience: 2, minDelta: 1e-4 }, lrFactorAtThaw: 0.5 });
    const plateauOnly = toTrainConfig({ ...DEFAULT_TRAINING_FORM, gradualPlateauPatience: 1 }, [10, 10]);
    expect(plateauOnly.callbacks?.gradualUnfreezing?.everyEpochs).toBeUndefined();
  });
});
