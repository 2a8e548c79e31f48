import { summarizeRun } from './runSummary';
import { DEFAULT_OPTIMIZER, type RunRecord } from '../contract';
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
  it('summarizes a run: best and final validation accuracy, time per epoch, trainable share at the end', () => {
    expect(summarizeRun(run('r1', 'a', [0.5, 0.8, 0.7], 3))).toEqual({
      bestValidationAccuracy: 0.8, bestValidationLoss: 1 - 0.8, finalValidationAccuracy: 0.7, secondsPerEpoch: 3, trainablePercentEnd: 100,
    });
  });

  it('sorts by a metric either way, runs without epochs last when descending', () => {
    const runs = [run('r1', 'b', [0.5]), run('r2', 'a', [0.9]), run('r3', 'c', [])];
    expect(sortedRuns(runs, { key: 'bestValidationAccuracy', descending: true }).map((r) => r.id)).toEqual(['r2', 'r1', 'r3']);
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

  it('each compared strategy sets its own freezing, replacing the form\'s gradual unfreezing', () => {
    const base = { epochs: 3, batchSize: 16, seed: 7, optimizer: DEFAULT_OPTIMIZER, callbacks: { gradualUnfreezing: { everyEpochs: 2 }, earlyStopping: { monitor: 'validationLoss' as const, patience: 2, minDelta: 0, restoreBestWeights: true } } };
    const [features, early, full] = COMPARED_STRATEGIES.map((s) => strategyConfig(s, base));
    expect(features?.callbacks).toEqual({ earlyStopping: base.callbacks.earlyStopping });
    expect(early?.callbacks?.gradualUnfreezing).toEqual({ everyEpochs: 1, thawAll: true });
    expect(full?.callbacks?.gradualUnfreezing).toBeUndefined();
    expect([features, early, full].every((c) => c?.seed === 7 && c.epochs === 3)).toBe(true);
  });
});
