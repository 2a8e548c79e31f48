import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIMIZER, type GridSequence, type RunRecord } from '../contract';
import { gridCsv, gridRows, runFigures, stat } from './gridResults';
import { diagnoseFirstFineTune, readAblation, readClassImbalance, readGradualUnfreezing, readThreeStrategies } from './lessonReadings';

interface EpochSpec { train: number; val: number; valLoss?: number; classes?: number[] }

function run(id: string, epochs: EpochSpec[], options: { seed?: number; trainable?: number; seconds?: number; thawSteps?: number[] } = {}): RunRecord {
  return {
    version: 1, id, label: id, startedAt: 1, endedAt: 2, status: 'finished', datasetName: 'Sample', split: '48/12',
    modelName: 'CNN', backend: 'cpu', config: { epochs: epochs.length, batchSize: 16, seed: options.seed ?? 1, optimizer: DEFAULT_OPTIMIZER },
    epochs: epochs.map((e, i) => ({
      epoch: i + 1, trainLoss: 1 - e.train, trainAccuracy: e.train, validationLoss: e.valLoss ?? 1 - e.val, validationAccuracy: e.val,
      seconds: options.seconds ?? 1, ...(e.classes ? { validationClassAccuracy: e.classes } : {}),
    })),
    events: (options.thawSteps ?? []).map((step) => ({ step, label: `thawed block at ${step}`, kind: 'thaw' })),
    trainableParamsStart: 10, trainableParamsEnd: options.trainable ?? 100, totalParams: 100,
  };
}

function sequence(values: string[][], runIds: string[], seeds = [1]): GridSequence {
  const combinations = values.flatMap((v) => seeds.map((seed) => ({ values: v, seed })));
  return {
    id: 's', kind: 'test', title: 'Test', startedAt: 0, axes: [{ setting: { kind: 'preset' }, values: values.map((v) => v[0]!) }],
    fixed: { form: {} }, combinations, runIds, stepsPerEpoch: 4, status: 'done',
  };
}

describe('grid results', () => {
  it('one row per combination, mean ± sample spread over its seeds', () => {
    const runs = [run('a1', [{ train: 0.9, val: 0.8 }], { seed: 1 }), run('a2', [{ train: 0.9, val: 0.6 }], { seed: 2 })];
    const [row] = gridRows(sequence([['full']], ['a1', 'a2'], [1, 2]), runs);
    expect(row?.runs).toHaveLength(2);
    expect(stat(row!.figures.map((f) => f.finalValidationAccuracy))).toEqual({ mean: 0.7, spread: expect.closeTo(0.1414, 3) as number, n: 2 });
  });

  it('figures: the train − validation gap, epochs to 90% of the best, thaws placed at their epoch', () => {
    const f = runFigures(run('r', [{ train: 0.5, val: 0.4 }, { train: 0.8, val: 0.75 }, { train: 0.95, val: 0.8 }], { thawSteps: [0, 4, 8] }), 4);
    expect(f.gap).toBeCloseTo(0.15);
    expect(f.epochsTo90).toBe(2);
    expect(f.thaws.map((t) => t.epoch)).toEqual([1, 2]);
  });

  it('writes one CSV row per combination with each figure and its spread', () => {
    const seq = sequence([['feature-extraction'], ['full']], ['a', 'b']);
    const csv = gridCsv(seq, gridRows(seq, [run('a', [{ train: 0.8, val: 0.7 }]), run('b', [{ train: 1, val: 0.6 }])]), ['finalValidationAccuracy']);
    expect(csv.trim().split('\n')).toEqual(['preset,runs,finalValidationAccuracy,finalValidationAccuracy spread', 'feature-extraction,1,0.7,0', 'full,1,0.6,0']);
  });
});

describe('lesson readings', () => {
  const strategies = (gaps: [number, number, number]) => {
    const seq = sequence([['feature-extraction'], ['top-2'], ['full']], ['fe', 'p', 'f']);
    const runs = [
      run('fe', [{ train: 0.7 + gaps[0], val: 0.7 }], { trainable: 5, seconds: 1 }),
      run('p', [{ train: 0.8 + gaps[1], val: 0.8 }], { trainable: 40, seconds: 2 }),
      run('f', [{ train: 0.75 + gaps[2], val: 0.75 }], { trainable: 100, seconds: 3 }),
    ];
    return gridRows(seq, runs);
  };

  it('"feature extraction overfits least" only when its gap is smallest', () => {
    const reading = readThreeStrategies(strategies([0.02, 0.1, 0.2]));
    expect(reading.find((r) => r.key === 'overfitsLeast')?.values).toMatchObject({ strategy: 'preset feature-extraction', gap: 2, most: 'preset full', mostGap: 20 });
    const other = readThreeStrategies(strategies([0.15, 0.03, 0.2]));
    expect(other.find((r) => r.key === 'overfitsLeast')?.values.strategy).toBe('preset top-2');
  });

  it('names the best strategy, or says the strategies are too close to tell apart', () => {
    expect(readThreeStrategies(strategies([0, 0, 0])).find((r) => r.key === 'bestAccuracy')?.values).toMatchObject({ strategy: 'preset top-2', accuracy: 80 });
    const seq = sequence([['feature-extraction'], ['full']], ['a', 'b']);
    const close = gridRows(seq, [run('a', [{ train: 0.8, val: 0.8 }]), run('b', [{ train: 0.81, val: 0.81 }])]);
    expect(readThreeStrategies(close)[0]?.key).toBe('tooClose');
  });

  it('gradual unfreezing: the schedule that reached 90% of its best soonest, and its thaws', () => {
    const seq = sequence([['every-epoch'], ['on-plateau']], ['e', 'p']);
    const rows = gridRows(seq, [
      run('e', [{ train: 0.5, val: 0.5 }, { train: 0.9, val: 0.85 }, { train: 0.9, val: 0.9 }], { thawSteps: [4, 8] }),
      run('p', [{ train: 0.5, val: 0.3 }, { train: 0.6, val: 0.5 }, { train: 0.9, val: 0.9 }]),
    ]);
    const reading = readGradualUnfreezing(rows);
    expect(reading.find((r) => r.key === 'soonest90')?.values).toEqual({ schedule: 'preset every-epoch', epochs: 2 });
    expect(reading.find((r) => r.key === 'thawedAt')?.values).toMatchObject({ blocks: 2, first: 1, last: 2 });
    expect(reading.find((r) => r.key === 'neverThawed')?.values.schedule).toBe('preset on-plateau');
  });

  it('class imbalance: a remedy that lifts the rare class by 2+ points is named, else none is', () => {
    const seq = sequence([['none'], ['inverse'], ['oversample']], ['n', 'i', 'o']);
    const rows = gridRows(seq, [
      run('n', [{ train: 0.9, val: 0.7, classes: [0.95, 0.2] }]),
      run('i', [{ train: 0.9, val: 0.8, classes: [0.9, 0.6] }]),
      run('o', [{ train: 0.9, val: 0.75, classes: [0.9, 0.5] }]),
    ]);
    expect(readClassImbalance(rows, ['cats', 'dogs'], [1])[0]).toEqual({
      key: 'minorityHelped', values: { className: 'dogs', remedy: 'preset inverse', accuracy: 60, base: 20, gain: 40 },
    });
    const flat = gridRows(seq, [
      run('n', [{ train: 0.9, val: 0.7, classes: [0.95, 0.5] }]),
      run('i', [{ train: 0.9, val: 0.7, classes: [0.95, 0.51] }]),
      run('o', [{ train: 0.9, val: 0.7, classes: [0.95, 0.5] }]),
    ]);
    expect(readClassImbalance(flat, ['cats', 'dogs'], [1])[0]?.key).toBe('minorityNotHelped');
  });

  it('ablation: the factor whose values differ most in mean accuracy, and a warning with one seed', () => {
    const seq: GridSequence = {
      ...sequence([], []), axes: [{ setting: { kind: 'backbone' }, values: ['a', 'b'] }, { setting: { kind: 'augmentation' }, values: ['basic', 'mixup'] }],
      combinations: [['a', 'basic'], ['a', 'mixup'], ['b', 'basic'], ['b', 'mixup']].map((values) => ({ values, seed: 1 })), runIds: ['1', '2', '3', '4'],
    };
    const rows = gridRows(seq, [run('1', [{ train: 1, val: 0.9 }]), run('2', [{ train: 1, val: 0.88 }]), run('3', [{ train: 1, val: 0.6 }]), run('4', [{ train: 1, val: 0.62 }])]);
    const reading = readAblation(rows, ['Backbone', 'Augmentation']);
    expect(reading.find((r) => r.key === 'strongestFactor')?.values).toEqual({ factor: 'Backbone', high: 'a', low: 'b', points: 28 });
    expect(reading.at(-1)?.key).toBe('oneSeed');
  });

  it('the first fine-tune: overfitting only with a wide gap or a rising validation loss, with the evidence', () => {
    const over = run('o', [{ train: 0.7, val: 0.65, valLoss: 0.5 }, { train: 0.9, val: 0.7, valLoss: 0.4 }, { train: 0.99, val: 0.72, valLoss: 0.6 }]);
    const reading = diagnoseFirstFineTune(runFigures(over, 4), 3, over);
    expect(reading[0]).toMatchObject({ key: 'overfitting', values: { epoch: 3, train: 99, validation: 72, bestEpoch: 2 } });
    const fit = run('f', [{ train: 0.8, val: 0.78, valLoss: 0.5 }, { train: 0.9, val: 0.88, valLoss: 0.3 }]);
    expect(diagnoseFirstFineTune(runFigures(fit, 4), 5, fit).map((r) => r.key)).toEqual(['goodFit', 'stoppedEarly']);
    const under = run('u', [{ train: 0.4, val: 0.38 }, { train: 0.45, val: 0.4 }]);
    expect(diagnoseFirstFineTune(runFigures(under, 4), 2, under)[0]?.key).toBe('underfitting');
  });
});
