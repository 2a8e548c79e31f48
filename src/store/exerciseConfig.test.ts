import { describe, expect, it } from 'vitest';
import { exerciseConfigJson, parseExerciseConfig } from './exerciseConfig';
import { DEFAULT_TRAINING_FORM } from './trainConfig';

const MODEL = { architecture: 'mini-resnet' as const, width: 16, dropout: 0.3, inputSize: 96, headHiddenUnits: 64, headL2: 0.001 };

describe('settings files (config-driven exercises)', () => {
  it('round-trips the model and training settings', () => {
    const training = { ...DEFAULT_TRAINING_FORM, epochs: 12, optimizer: 'sgd' as const, gradualEveryEpochs: 2, classBalance: 'manual' as const, manualClassWeights: [1, 3] };
    const parsed = parseExerciseConfig(exerciseConfigJson(MODEL, training));
    expect(parsed).toEqual({ model: MODEL, training, skipped: [] });
  });

  it('applies the good fields and lists the bad ones with the reason', () => {
    const text = JSON.stringify({
      kind: 'thaw-settings', version: 1,
      model: { architecture: 'resnet-9000', width: 8, headHiddenUnits: 2.5, headL2: 3 },
      training: { epochs: 0, learningRate: 0.01, optimizer: 'lion', seed: 1.5, nonsense: true, manualClassWeights: [1, -2], batchSize: 5000, toString: 1 },
    });
    const parsed = parseExerciseConfig(text);
    expect(parsed.model).toEqual({ width: 8 });
    expect(parsed.training).toEqual({ learningRate: 0.01 });
    expect(parsed.skipped).toEqual([
      'model.architecture: "resnet-9000" is not a model of this studio',
      'model.headHiddenUnits: 2.5 is not a whole number from 0 to 1024',
      'model.headL2: 3 is not a number from 0 to 1',
      'training.epochs: 0 is not a whole number from 1 to 1000',
      'training.optimizer: "lion" is not one of sgd, adam, adamw, rmsprop',
      'training.seed: 1.5 is not a whole number from 0 to 2147483647',
      'training.nonsense: not a setting',
      'training.manualClassWeights: must be a list of numbers ≥ 0',
      // The form's own bounds apply: a file cannot set what the form would refuse.
      'training.batchSize: 5000 is not a whole number from 1 to 1024',
      'training.toString: not a setting',
    ]);
  });

  it('refuses what is not a settings file', () => {
    expect(() => parseExerciseConfig('{oops')).toThrow('not valid JSON');
    expect(() => parseExerciseConfig('{"kind": "thaw-model"}')).toThrow(/not a Thaw settings file/);
  });
});
