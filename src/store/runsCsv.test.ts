import { DEFAULT_TRAINING_FORM, type RunRecord } from '../contract';
import { parseCsv } from '../common/csvParse';
import { describe, expect, it } from 'vitest';
import { runsToCsv } from './runsExport';
import { parseRunsFile } from './runsImport';
import { toTrainConfig } from './trainConfig';

/** Labels a spreadsheet would run as formulas: OWASP's CSV-injection examples. */
const HOSTILE_LABELS = ['=HYPERLINK("http://evil.example","click")', '@SUM(1+1)*cmd|\' /C calc\'!A0', '+1+1', '-2+3', '\t=1', '\r=1'];

function run(id: string, label: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    version: 1, id, label, startedAt: 1_700_000_000_000, endedAt: null, status: 'finished', datasetName: label, split: '48/12',
    modelName: 'Small CNN', backend: 'webgl', config: toTrainConfig(DEFAULT_TRAINING_FORM, [30, 30]),
    epochs: [{ epoch: 1, trainLoss: 0.5, trainAccuracy: 0.5, validationLoss: 1, validationAccuracy: 0.5, seconds: 1 }],
    events: [{ step: 1, label, kind: 'note' }], trainableParamsStart: 1, trainableParamsEnd: 2, totalParams: 4, ...overrides,
  };
}


describe('Download runs (.csv) with hostile labels', () => {
  it('every text cell that starts like a formula starts with an apostrophe; numbers stay numbers', () => {
    const [header, ...rows] = parseCsv(runsToCsv(HOSTILE_LABELS.map((label, i) => run(`r${i}`, label))));
    expect(rows).toHaveLength(HOSTILE_LABELS.length);
    const column = (name: string) => header!.indexOf(name);
    rows.forEach((cells, i) => {
      expect(cells[column('label')]).toBe(`'${HOSTILE_LABELS[i]}`);
      expect(cells[column('dataset')]).toBe(`'${HOSTILE_LABELS[i]}`);
      expect(cells.every((cell) => !/^[=+\-@\t\r]/.test(cell))).toBe(true);
      expect(cells[column('best_val_loss')]).toBe('1');
    });
  });

  it('a run imported with a date past the year 9999 is refused, naming the field', () => {
    const text = JSON.stringify({ kind: 'thaw-runs', version: 1, runs: [run('far', 'Far future', { startedAt: 9007199254740991 }), run('ok', 'Fine')] });
    const parsed = parseRunsFile(text);
    expect(parsed.runs.map((r) => r.run.id)).toEqual(['ok']);
    expect(parsed.refused[0]?.reason).toMatch(/^run 1 \(Far future\): startedAt: must be ≤ 253402300799999 \(got 9007199254740991\)$/);
  });

  it('one run that cannot be written still leaves every other row, and its own id and label', () => {
    const broken = run('broken', 'Broken', { startedAt: 9007199254740991 });
    const poisoned = { ...run('poisoned', 'Poisoned'), get epochs(): never { throw new Error('unreadable'); } } as RunRecord;
    const rows = parseCsv(runsToCsv([run('a', 'A'), broken, poisoned, run('b', 'B')])).slice(1);
    expect(rows.map((cells) => cells[0])).toEqual(['a', 'broken', 'poisoned', 'b']);
    expect(rows[1]?.[3]).toBe('');
    expect(rows[2]?.slice(0, 3)).toEqual(['poisoned', 'Poisoned', '']);
  });
});
