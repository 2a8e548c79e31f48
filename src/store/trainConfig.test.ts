import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_FORM } from '../contract';
import { toTrainConfig, withHeadFirst } from './trainConfig';

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
