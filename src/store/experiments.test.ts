import { summarizeRun } from './runSummary';
import { DEFAULT_OPTIMIZER, RUN_RECORD, type RunRecord } from '../contract';
import { describe, expect, it, vi } from 'vitest';
import { COMPARED_STRATEGIES, sortedRuns, strategyConfig } from './experimentsStore';
import { runsToCsv } from './runsExport';

function run(id: string, label: string, accuracies: number[], seconds = 2): RunRecord {
  return {
    version: 1, id, label, startedAt: Number(id.replace(/\D/g, '')), endedAt: null, status: 'finished', datasetName: 'Sample', split: '48/12',
    modelName: 'Small CNN', backend: 'webgl', config: { epochs: 3, batchSize: 16, seed: 7, optimizer: DEFAULT_OPTIMIZER },
    epochs: accuracies.map((a, i) => ({ epoch: i + 1, trainLoss: 1, trainAccuracy: a, validationLoss: 1 - a, validationAccuracy: a, seconds })),
    events: [{ step: 4, label: 'thawed Block 3', kind: 'thaw' }], trainableParamsStart: 100, trainableParamsEnd: 1000, totalParams: 1000,
  };
}

// The experiments store reaches the studio store (and its worker) only when comparing; not needed here.
vi.mock('./studioStore', () => ({ useStudio: { getState: () => ({}) } }));

describe('experiments', () => {
  it('summarizes a run: best epoch by its monitor, final validation accuracy, time per epoch, trainable share at the end', () => {
    expect(summarizeRun(run('r1', 'a', [0.5, 0.8, 0.7], 3))).toEqual({
      best: { epoch: 2, monitor: 'validationLoss', validationLoss: 1 - 0.8, validationAccuracy: 0.8 },
      bestEpochAccuracy: 0.8, finalValidationAccuracy: 0.7, testAccuracy: null, secondsPerEpoch: 3, trainablePercentEnd: 100,
    });
  });

  it("takes the best epoch by the checkpoint's monitor (validation loss by default), not by the highest accuracy", () => {
    const record = run('r1', 'a', [0.5, 0.8, 0.7]);
    // Epoch 3 has the lowest loss but not the highest accuracy: the checkpoint keeps epoch 3, so does the table.
    record.epochs = record.epochs.map((e) => ({ ...e, validationLoss: [0.9, 0.6, 0.4][e.epoch - 1]! }));
    expect(summarizeRun(record).best).toMatchObject({ epoch: 3, monitor: 'validationLoss', validationAccuracy: 0.7 });
    const byAccuracy = { ...record, config: { ...record.config, callbacks: { bestMonitor: 'validationAccuracy' as const } } };
    expect(summarizeRun(byAccuracy).best).toMatchObject({ epoch: 2, monitor: 'validationAccuracy', validationAccuracy: 0.8 });
    const byEarlyStopping = { ...record, config: { ...record.config, callbacks: { earlyStopping: { monitor: 'validationAccuracy' as const, patience: 2, minDelta: 0, restoreBestWeights: false } } } };
    expect(summarizeRun(byEarlyStopping).best?.epoch).toBe(2);
  });

  it('reads the test score of a run that has one, and none from an older record', () => {
    const record = run('r1', 'a', [0.5, 0.75]);
    expect(summarizeRun(record).testAccuracy).toBeNull();
    const tested = { ...record, test: { final: { loss: 0.7, accuracy: 0.625, images: 8, epoch: 2 }, best: null } };
    expect(summarizeRun(tested).testAccuracy).toBe(0.625);
  });

  it('sorts by a metric either way, runs without epochs last when descending', () => {
    const runs = [run('r1', 'b', [0.5]), run('r2', 'a', [0.9]), run('r3', 'c', [])];
    expect(sortedRuns(runs, { key: 'bestEpochAccuracy', descending: true }).map((r) => r.id)).toEqual(['r2', 'r1', 'r3']);
    expect(sortedRuns(runs, { key: 'label', descending: false }).map((r) => r.label)).toEqual(['a', 'b', 'c']);
  });

  it('exports runs as CSV with quoted text fields', () => {
    const csv = runsToCsv([run('r1', 'Early unfreeze, "fast"', [0.5, 0.75])]);
    const [header, row] = csv.trim().split('\r\n');
    expect(header?.split(',').slice(0, 3)).toEqual(['id', 'label', 'status']);
    expect(row).toContain('r1,"Early unfreeze, ""fast""",finished');
    expect(row).toContain(',0.75,0.75,');
    expect(row).toContain('4:thawed Block 3');
  });

  it('exports the best epoch with its monitor, the test score apart, and one column per class', () => {
    const record = { ...run('r1', 'a', [0.5, 0.75]), classNames: ['circle', 'square'], test: { final: { loss: 0.7, accuracy: 0.625, images: 8, epoch: 2 }, best: { loss: 0.8, accuracy: 0.5, images: 8, epoch: 1 } } };
    record.epochs = record.epochs.map((e) => ({ ...e, validationClassAccuracy: [e.validationAccuracy, null] }));
    const old = run('r2', 'b', [0.5]);
    const [header, row, oldRow] = runsToCsv([record, old]).trim().split('\r\n').map((line) => line.split(','));
    const cell = (cells: string[] | undefined, name: string) => cells?.[header!.indexOf(name)];
    expect(cell(row, 'best_by')).toBe('val loss');
    expect(cell(row, 'best_epoch')).toBe('2');
    expect(cell(row, 'test_accuracy_never_used_to_choose_anything')).toBe('0.625');
    expect(cell(row, 'best_checkpoint_test_accuracy')).toBe('0.5');
    expect(cell(row, 'class_names')).toBe('circle; square');
    expect(cell(row, 'final_val_accuracy_class_1')).toBe('0.75');
    expect(cell(row, 'final_val_accuracy_class_2')).toBe('');
    // A run recorded before these fields: empty cells, same number of them.
    expect(oldRow).toHaveLength(header!.length);
    expect(cell(oldRow, 'test_accuracy_never_used_to_choose_anything')).toBe('');
  });

  it('a run record with per-class accuracy, class names and test scores survives a JSON round trip; an older record without them still loads', () => {
    const old = run('r1', 'a', [0.5, 0.75]);
    expect(RUN_RECORD.parse(JSON.parse(JSON.stringify(old)))).toEqual(old);
    const full = {
      ...old, classNames: ['circle', 'square'], test: { final: { loss: 0.7, accuracy: 0.625, images: 8, epoch: 2 }, best: null },
      epochs: old.epochs.map((e) => ({ ...e, validationClassAccuracy: [0.5, null] })),
    };
    expect(RUN_RECORD.parse(JSON.parse(JSON.stringify(full)))).toEqual(full);
    expect(RUN_RECORD.safeParse({ ...full, test: { final: { accuracy: 2 } } }).success).toBe(false);
  });

  it('each compared strategy sets its own freezing, replacing the form\'s gradual unfreezing', () => {
    const base = { epochs: 3, batchSize: 16, seed: 7, optimizer: DEFAULT_OPTIMIZER, callbacks: { gradualUnfreezing: { everyEpochs: 2 }, earlyStopping: { monitor: 'validationLoss' as const, patience: 2, minDelta: 0, restoreBestWeights: true } } };
    const [features, early, full] = COMPARED_STRATEGIES.map((s) => strategyConfig(s, base));
    expect(features?.callbacks).toEqual({ earlyStopping: base.callbacks.earlyStopping });
    expect(early?.callbacks?.gradualUnfreezing).toEqual({ everyEpochs: 1, thawAll: true });
    expect(full?.callbacks?.gradualUnfreezing).toBeUndefined();
    expect([features, early, full].every((c) => c?.seed === 7 && c.epochs === 3)).toBe(true);
  });
});
