import { DEFAULT_TRAINING_FORM } from '../contract';
import { describe, expect, it } from 'vitest';
import { exerciseConfigJson, parseExerciseConfig } from './exerciseConfig';

const MODEL = { architecture: 'mini-resnet' as const, width: 16, dropout: 0.3, inputSize: 96, headHiddenUnits: 64, headL2: 0.001 };

describe('settings files (config-driven exercises)', () => {
  it('round-trips the model and training settings', () => {
    const training = { ...DEFAULT_TRAINING_FORM, epochs: 12, optimizer: 'sgd' as const, gradualEveryEpochs: 2, classBalance: 'manual' as const, manualClassWeights: [1, 3] };
    const parsed = parseExerciseConfig(exerciseConfigJson(MODEL, training));
    expect(parsed).toEqual({ model: MODEL, training, skipped: [] });
  });

  it('reads a file that carries the retired decode image size: the rest applies, the size is named and skipped', () => {
    const text = JSON.stringify({ kind: 'thaw-settings', version: 1, data: { imageSize: 64 }, model: { width: 8, imageSize: 64, scratchInputSize: 48 } });
    const parsed = parseExerciseConfig(text);
    expect(parsed.model).toEqual({ width: 8, scratchInputSize: 48 });
    expect(parsed.skipped).toEqual([
      expect.stringMatching(/^model\.imageSize: the studio has no separate image size any more: images are resized to the model's Input size/),
      expect.stringMatching(/^data\.imageSize: the studio has no separate image size any more/),
    ]);
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

  it('takes only an input size the model offers, the file\'s model or else the studio\'s', () => {
    const file = (model: object) => JSON.stringify({ kind: 'thaw-settings', version: 1, model });
    const mobilenet = parseExerciseConfig(file({ architecture: 'mobilenet-v1-0.25', inputSize: 100 }));
    expect(mobilenet.model).toEqual({ architecture: 'mobilenet-v1-0.25' });
    expect(mobilenet.skipped).toEqual(['model.inputSize: 100 is not an input size of MobileNet v1 0.25 (ImageNet, ~1.9 MB): it takes 64, 96, 128, 160, 192 or 224 px']);
    expect(parseExerciseConfig(file({ inputSize: 160 }), 'mobilenet-v1-0.25').model).toEqual({ inputSize: 160 });
    expect(parseExerciseConfig(file({ inputSize: 160 }), 'thaw-shapes-cnn').skipped).toHaveLength(1);
    // A model trained from scratch takes the dataset's image size: any size in range is harmless.
    expect(parseExerciseConfig(file({ inputSize: 100 }), 'small-cnn').model).toEqual({ inputSize: 100 });
  });

  it('names wrong types, unknown model fields and a model imported in one browser', () => {
    const text = JSON.stringify({
      kind: 'thaw-settings', version: 1,
      model: { architecture: 'imported-backbone', dropout: '0.5', depth: 50 },
      training: { learningRate: 20, augmentation: 7, manualClassWeights: 'heavy' },
    });
    const parsed = parseExerciseConfig(text);
    expect(parsed.model).toEqual({});
    expect(parsed.training).toEqual({});
    expect(parsed.skipped).toEqual([
      'model.architecture: "imported-backbone" is a model imported in one browser; import its files instead',
      'model.dropout: "0.5" is not a number from 0 to 0.9',
      'model.depth: not a setting',
      'training.learningRate: 20 is not a number from 0.000001 to 10',
      'training.augmentation: 7 is not one of none, mild',
      'training.manualClassWeights: must be a list of numbers ≥ 0',
    ]);
  });

  it('never lets "__proto__" or "constructor" in a file reach an object', () => {
    const text = '{"kind": "thaw-settings", "model": {"constructor": {"prototype": {"polluted": 1}}}, '
      + '"training": {"__proto__": {"polluted": true}, "epochs": 3}}';
    const parsed = parseExerciseConfig(text);
    // Object.prototype was not written to.
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.getPrototypeOf(parsed.training)).toBe(Object.prototype);
    expect(parsed.training).toEqual({ epochs: 3 });
    expect(parsed.skipped).toEqual(['model.constructor: not a setting', 'training.__proto__: not a setting']);
  });

  it('reads a file that sets the training only', () => {
    expect(parseExerciseConfig('{"kind": "thaw-settings", "training": {"epochs": 7}}')).toEqual({ model: {}, training: { epochs: 7 }, skipped: [] });
  });

  it('refuses what is not a settings file', () => {
    expect(() => parseExerciseConfig('{oops')).toThrow('not valid JSON');
    expect(() => parseExerciseConfig('{"kind": "thaw-model"}')).toThrow(/not a Thaw settings file/);
  });
});
