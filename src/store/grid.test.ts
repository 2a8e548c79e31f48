import { describe, expect, it } from 'vitest';
import { AUGMENTATION_PRESETS, type GridAxis } from '../contract';
import { combinationLabel, expandGrid, gridRefusal, resolveRun } from './grid';

const lr: GridAxis = { setting: { kind: 'field', field: 'learningRate' }, values: [0.001, 0.01] };
const preset: GridAxis = { setting: { kind: 'preset' }, values: ['feature-extraction', 'full'] };

describe('experiment grid expansion', () => {
  it('a 2×2 grid with one seed makes 4 runs, the first axis varying slowest', () => {
    const runs = expandGrid([lr, preset], [1]);
    expect(runs.map((r) => r.values)).toEqual([[0.001, 'feature-extraction'], [0.001, 'full'], [0.01, 'feature-extraction'], [0.01, 'full']]);
    expect(runs.every((r) => r.seed === 1)).toBe(true);
  });

  it('every combination runs with every seed', () => {
    const runs = expandGrid([preset], [1, 2, 3]);
    expect(runs).toHaveLength(6);
    expect(runs.slice(0, 3).map((r) => r.seed)).toEqual([1, 2, 3]);
  });

  it('no axis: one run per seed', () => {
    expect(expandGrid([], [7])).toEqual([{ values: [], seed: 7 }]);
  });

  it('refuses what cannot run, saying why', () => {
    const aug: GridAxis = { setting: { kind: 'augmentation' }, values: ['basic'] };
    const bb: GridAxis = { setting: { kind: 'backbone' }, values: ['small-cnn'] };
    expect(gridRefusal([lr, preset, aug, bb], [1])).toMatch(/at most 3 settings/);
    expect(gridRefusal([lr, lr], [1])).toMatch(/learningRate varies twice/);
    expect(gridRefusal([{ setting: { kind: 'field', field: 'learningRate' }, values: [50] }], [1])).toMatch(/learningRate: 50 is not a number from/);
    expect(gridRefusal([{ setting: { kind: 'field', field: 'colour' }, values: [1] }], [1])).toMatch(/colour is not a training setting/);
    expect(gridRefusal([{ setting: { kind: 'preset' }, values: ['half'] }], [1])).toMatch(/half is not one of/);
    expect(gridRefusal([lr], [])).toMatch(/at least one seed/);
    expect(gridRefusal([{ setting: { kind: 'field', field: 'epochs' }, values: [1, 2, 3, 4, 5, 6, 7, 8] }, lr, preset], [1, 2, 3])).toMatch(/96 runs: at most 64/);
    expect(() => expandGrid([lr, lr], [1])).toThrow(/varies twice/);
    expect(gridRefusal([lr, preset], [1, 2])).toBeNull();
  });

  it('a combination sets its form fields, preset and augmentation over the fixed ones, with its seed', () => {
    const aug: GridAxis = { setting: { kind: 'augmentation' }, values: ['cutmix'] };
    const run = resolveRun({ form: { epochs: 3, learningRate: 0.5 } }, [lr, preset, aug], { values: [0.01, 'full', 'cutmix'], seed: 4 });
    expect(run.form).toEqual({ epochs: 3, learningRate: 0.01, seed: 4 });
    expect(run.preset).toEqual({ id: 'full-retraining' });
    expect(run.augmentation).toEqual(AUGMENTATION_PRESETS.cutmix);
    expect(run.augmentation?.cutmixAlpha).toBeGreaterThan(0);
    expect(combinationLabel([lr, preset], { values: [0.01, 'full'], seed: 4 })).toBe('learningRate 0.01 · preset full · seed 4');
  });
});
