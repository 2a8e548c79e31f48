import { DEFAULT_TRAINING_FORM, type RunRecord } from '../contract';
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { COMPARED_STRATEGIES, IMPORTED_OVERLAY_MAX, strategyConfig, useExperiments } from './experimentsStore';
import { MAX_IMPORTED_RUNS, MAX_RUNS_FILE_BYTES, parseRunsFile, readRunsFile } from './runsImport';
import { runsToJson } from './runsExport';
import { toTrainConfig } from './trainConfig';
import { listRuns, saveRun } from '../persistence/runs';
import { useActionError } from './actionError';

// The experiments store reaches the studio store (and its worker) only when comparing; not needed here.
vi.mock('./studioStore', () => ({ useStudio: { getState: () => ({}) } }));

/** A run as the recorder writes it, with the engine config the form makes. */
function recordedRun(id: string, label: string, config = toTrainConfig(DEFAULT_TRAINING_FORM, [30, 30])): RunRecord {
  return {
    version: 1, id, label, startedAt: 1_700_000_000_000, endedAt: 1_700_000_060_000, status: 'finished', datasetName: 'Sample shapes',
    split: '48 train / 12 validation, seeded stratified split (seed 1)', modelName: 'Small CNN (from scratch)', backend: 'webgl', config,
    epochs: [1, 2].map((epoch) => ({ epoch, trainLoss: 1 / epoch, trainAccuracy: 0.4 * epoch, validationLoss: 1.2 / epoch, validationAccuracy: 0.35 * epoch, seconds: 1.5 })),
    events: [{ step: 4, label: 'thawed Block 3', kind: 'thaw' }, { step: 8, label: 'best epoch 2', kind: 'best' }],
    trainableParamsStart: 330, trainableParamsEnd: 4_000, totalParams: 4_100,
  };
}

/** Every option of the form switched on: each nested engine config appears in the record. */
const everything = toTrainConfig({
  ...DEFAULT_TRAINING_FORM, optimizer: 'sgd', schedule: 'oneCycle', warmupSteps: 3, weightDecay: 0.01, labelSmoothing: 0.1, clipNorm: 1,
  augmentation: 'mild', mixupAlpha: 0.2, earlyStoppingPatience: 2, plateauPatience: 1, gradualEveryEpochs: 1, gradualPlateauPatience: 2,
  thawLrFactor: 0.5, classBalance: 'manual', manualClassWeights: [1, 3],
}, [40, 20]);

function runsFile(runs: unknown[]): string {
  return JSON.stringify({ kind: 'thaw-runs', version: 1, runs });
}

describe('runs files: "Download runs (.json)" and "Import runs"', () => {
  it('gives back exactly the runs that were exported', () => {
    const runs = [
      recordedRun('r1', 'Default settings'),
      recordedRun('r2', 'Everything on', everything),
      ...COMPARED_STRATEGIES.map((s, i) => recordedRun(`c${i}`, s.label, strategyConfig(s, everything))),
      { ...recordedRun('r3', 'Cut short'), status: 'running' as const, endedAt: null, events: [] },
      // A diverged epoch: JSON writes NaN as null, and it must come back as NaN.
      { ...recordedRun('r4', 'Diverged'), epochs: [{ epoch: 1, trainLoss: NaN, trainAccuracy: 0.1, validationLoss: NaN, validationAccuracy: 0.1, seconds: 2 }] },
    ];
    useExperiments.setState({ runs });
    const exported = useExperiments.getState().exportRuns('json').text;
    const parsed = parseRunsFile(exported);
    expect(parsed.refused).toEqual([]);
    expect(parsed.runs.map((r) => r.run)).toEqual(runs);
    // Exported again, the same JSON (key order aside: the schema's, not the recorder's).
    expect(JSON.parse(runsToJson(parsed.runs.map((r) => r.run)))).toEqual(JSON.parse(exported));
  });

  it('skips each wrong run, naming its fields, and keeps the others', () => {
    const good = recordedRun('ok', 'Ana');
    const text = runsFile([
      good,
      { ...good, id: 'a', label: 'Ben', config: { ...good.config, epochs: -3 } },
      { ...good, id: 'b', label: 'Cleo', status: 'exploded' },
      { ...good, id: 'c', label: 42 },
      { ...good, id: 'd', label: 'Dan', grade: 'A' },
      { ...good, id: 'e', label: 'Eve', epochs: [{ ...good.epochs[0], validationAccuracy: 1.5 }] },
      { ...good, id: 'f', label: 'Fay', config: { ...good.config, optimizer: { ...good.config.optimizer, name: 'lion' } } },
      { ...good, id: 'g', label: 'Gus', config: { ...good.config, schedule: { kind: 'step', stepSize: 1, gamma: 2 } } },
      { ...good, id: 'h', label: 'Hal', totalParams: undefined },
      { ...good, label: 'Ana again' },
      'not a run',
    ]);
    const parsed = parseRunsFile(text);
    expect(parsed.runs.map((r) => [r.number, r.run.label])).toEqual([[1, 'Ana']]);
    expect(parsed.refused.map((r) => r.reason)).toEqual([
      'run 2 (Ben): config.epochs: must be ≥ 1 (got -3)',
      'run 3 (Cleo): status: must be one of "running", "finished", "stopped", "failed" (got "exploded")',
      'run 4: label: must be text (got 42)',
      'run 5 (Dan): grade: not a known field',
      'run 6 (Eve): epochs[0].validationAccuracy: must be ≤ 1 (got 1.5)',
      'run 7 (Fay): config.optimizer.name: must be one of "sgd", "adam", "adamw", "rmsprop" (got "lion")',
      'run 8 (Gus): config.schedule.gamma: must be ≤ 1 (got 2)',
      'run 9 (Hal): totalParams: missing (must be a number)',
      'run 10 (Ana again): same id as run 1 of this file',
      'run 11: must be an object (got "not a run")',
    ]);
  });

  it('never lets "__proto__" in a run reach an object', () => {
    const run = JSON.stringify(recordedRun('p', 'Polluter'));
    const text = `{"kind": "thaw-runs", "version": 1, "__proto__": {"runs": []}, "runs": [${run.replace('{', '{"__proto__": {"polluted": true}, ')}]}`;
    const parsed = parseRunsFile(text);
    // Object.prototype was not written to.
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(parsed.runs).toEqual([]);
    expect(parsed.refused.map((r) => r.reason)).toEqual(['run 1 (Polluter): __proto__: not a known field']);
  });

  it('lists at most three wrong fields of one run, and counts the rest', () => {
    const good = recordedRun('x', 'Many faults');
    const [refused] = parseRunsFile(runsFile([{ ...good, startedAt: -1, endedAt: 'soon', backend: 7, totalParams: 1.5, seconds: 1 }])).refused;
    expect(refused?.reason).toBe('run 1 (Many faults): startedAt: must be ≥ 0 (got -1); endedAt: must be a number (got "soon"); '
      + 'backend: must be text (got 7); and 2 more');
  });

  it('refuses a file that is not an exported runs file, or holds too many runs', async () => {
    expect(() => parseRunsFile('{"kind": "thaw-runs", ')).toThrow('not valid JSON');
    expect(() => parseRunsFile('{"kind": "thaw-settings", "training": {}}')).toThrow(/not a Thaw runs file/);
    expect(() => parseRunsFile('[1, 2]')).toThrow(/not a Thaw runs file/);
    expect(() => parseRunsFile('{"kind": "thaw-runs", "version": 2, "runs": []}')).toThrow('version 2; this studio reads version 1');
    const tooMany = runsFile(Array.from({ length: MAX_IMPORTED_RUNS + 1 }, (_, i) => recordedRun(`r${i}`, 'x')));
    expect(() => parseRunsFile(tooMany)).toThrow(`holds ${MAX_IMPORTED_RUNS + 1} runs: at most ${MAX_IMPORTED_RUNS}`);
    const huge = new Blob([new Uint8Array(MAX_RUNS_FILE_BYTES + 1)]);
    await expect(readRunsFile(huge)).rejects.toThrow('at most 20.0 MB');
  });

  it('stores the new runs, leaves a run already in the table as it is, and reports both', async () => {
    await saveRun(recordedRun('mine', 'My own run'));
    useExperiments.setState({ runs: (await listRuns()).runs, importReport: null });
    useActionError.setState({ error: null });
    const unfinished = { ...recordedRun('theirs-2', 'Student B'), status: 'running' as const, endedAt: null };
    const text = runsFile([
      { ...recordedRun('mine', 'Tampered copy of my run'), label: 'Tampered' },
      recordedRun('theirs-1', 'Student A'),
      unfinished,
      { ...recordedRun('theirs-3', 'Student C'), config: { epochs: 'many' } },
    ]);
    await useExperiments.getState().importRuns(new File([text], 'class.json', { type: 'application/json' }));
    const { runs, importReport } = useExperiments.getState();
    expect(useActionError.getState().error).toBeNull();
    expect(importReport?.added).toBe(2);
    expect(importReport?.skipped).toEqual([
      'run 1 (Tampered): already in the table',
      expect.stringMatching(/^run 4 \(Student C\): config\.epochs: must be a number \(got "many"\); config\.batchSize: missing/),
    ]);
    expect(runs.map((r) => r.label)).toEqual(['My own run', 'Student A', 'Student B']);
    const stored = (await listRuns()).runs;
    expect(stored.find((r) => r.id === 'mine')?.label).toBe('My own run');
    // Kept as recorded: the table shows it as interrupted, since this tab is not training it.
    expect(stored.find((r) => r.id === 'theirs-2')?.status).toBe('running');

    await useExperiments.getState().importRuns(new File(['{"kind":"thaw-runs"'], 'broken.json'));
    expect(useActionError.getState().error).toEqual({ part: 'experiments', action: 'importRuns', message: 'broken.json: The runs file is not valid JSON' });
    expect(useExperiments.getState().importReport).toBeNull();
  });

  it('ticks imported runs onto the overlay chart while it has room, and no more', async () => {
    useExperiments.setState({ runs: [], overlay: ['earlier-1', 'earlier-2'], importReport: null });
    const students = Array.from({ length: 10 }, (_, i) => recordedRun(`student-${i}`, `Student ${i}`));
    await useExperiments.getState().importRuns(new File([runsFile(students)], 'class.json', { type: 'application/json' }));
    const { overlay, runs } = useExperiments.getState();
    expect(runs).toHaveLength(10);
    expect(overlay).toEqual(['earlier-1', 'earlier-2', ...students.slice(0, IMPORTED_OVERLAY_MAX - 2).map((r) => r.id)]);
  });
});
