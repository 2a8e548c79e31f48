import { DEFAULT_OPTIMIZER, type RunRecord } from '../contract';
import 'fake-indexeddb/auto';
import { createStore, set } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { deleteRuns, listRuns, saveRun } from './runs';

const record = (id: string, startedAt: number): RunRecord => ({
  version: 1, id, label: id, startedAt, endedAt: null, status: 'running', datasetName: 'Sample', split: '', modelName: 'Small CNN', backend: 'cpu',
  config: { epochs: 2, batchSize: 8, seed: 1, optimizer: DEFAULT_OPTIMIZER }, epochs: [], events: [], trainableParamsStart: 1, trainableParamsEnd: 1, totalParams: 2,
});

describe('recorded runs', () => {
  it('lists runs oldest first, updates in place, skips and counts damaged records, deletes', async () => {
    await saveRun(record('b', 2));
    await saveRun(record('a', 1));
    await saveRun({ ...record('b', 2), status: 'finished', epochs: [{ epoch: 1, trainLoss: 1, trainAccuracy: 0.5, validationLoss: 1, validationAccuracy: 0.5, seconds: 1 }] });
    await set('junk', { version: 1, id: 'junk' }, createStore('thaw-runs', 'runs'));
    const { runs, damaged } = await listRuns();
    expect(runs.map((r) => `${r.id}:${r.status}:${r.epochs.length}`)).toEqual(['a:running:0', 'b:finished:1']);
    expect(damaged).toBe(1);
    await deleteRuns(['a', 'junk']);
    expect((await listRuns()).runs.map((r) => r.id)).toEqual(['b']);
  });
});
