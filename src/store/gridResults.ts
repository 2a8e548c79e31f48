import type { GridSequence, GridValue, RunRecord } from '../contract';
import { csvRow } from '../common/csv';
import { combinationLabel } from './grid';
import { summarizeRun } from './runSummary';

/**
 * A grid's results: one row per combination of its axes' values, each figure the mean over its
 * seeds with their spread (the sample standard deviation; 0 with one seed). Pure, so every lesson's
 * table and reading is computed from the recorded runs and unit-tested.
 */

/** The figures of one run a grid or lesson table may show. */
export interface RunFigures {
  bestValidationAccuracy: number | null;
  finalValidationAccuracy: number | null;
  testAccuracy: number | null;
  secondsPerEpoch: number | null;
  trainablePercent: number;
  /** Final training accuracy minus final validation accuracy: how much the run overfits. */
  gap: number | null;
  /** The first epoch whose validation accuracy reached 90% of the run's best. */
  epochsTo90: number | null;
  epochsRun: number;
  /** The epoch of the best weights, as the run's best checkpoint chose them. */
  bestEpoch: number | null;
  finalTrainLoss: number | null;
  finalValidationLoss: number | null;
  /** Each class's final validation accuracy (null for a class without validation images). */
  classAccuracy: (number | null)[];
  /** After which epoch each thaw came, with the block it thawed. */
  thaws: { epoch: number; label: string }[];
}

export type FigureKey = Exclude<keyof RunFigures, 'classAccuracy' | 'thaws'>;

const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

export function runFigures(run: RunRecord, stepsPerEpoch: number): RunFigures {
  const summary = summarizeRun(run);
  const accuracies = run.epochs.map((e) => e.validationAccuracy).filter(Number.isFinite);
  const best = accuracies.length > 0 ? Math.max(...accuracies) : null;
  const last = run.epochs.at(-1);
  const trainAcc = finite(last?.trainAccuracy);
  const valAcc = finite(last?.validationAccuracy);
  return {
    bestValidationAccuracy: best,
    finalValidationAccuracy: valAcc,
    testAccuracy: summary.testAccuracy,
    secondsPerEpoch: summary.secondsPerEpoch,
    trainablePercent: summary.trainablePercentEnd,
    gap: trainAcc !== null && valAcc !== null ? trainAcc - valAcc : null,
    epochsTo90: best === null ? null : run.epochs.find((e) => e.validationAccuracy >= 0.9 * best)?.epoch ?? null,
    epochsRun: run.epochs.length,
    bestEpoch: summary.best?.epoch ?? null,
    finalTrainLoss: finite(last?.trainLoss),
    finalValidationLoss: finite(last?.validationLoss),
    classAccuracy: last?.validationClassAccuracy ?? [],
    // A thaw at step 0 is the run's starting freeze state, not a thaw during training.
    thaws: run.events.filter((e) => e.kind === 'thaw' && e.step > 0).map((e) => ({ epoch: Math.round(e.step / stepsPerEpoch), label: e.label })),
  };
}

export interface Stat {
  mean: number;
  spread: number;
  n: number;
}

/** Mean and sample standard deviation of the finite values; null when there is none. */
export function stat(values: readonly (number | null)[]): Stat | null {
  const xs = values.filter((x): x is number => x !== null && Number.isFinite(x));
  if (xs.length === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const spread = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, spread, n: xs.length };
}

export interface GridRow {
  /** The combination's value of each axis. */
  values: GridValue[];
  label: string;
  runs: RunRecord[];
  figures: RunFigures[];
  /** Seeds planned for this combination, and how many have a finished run. */
  planned: number;
}

/** One row per combination of values, its runs (one per seed) in the order they ran. */
export function gridRows(sequence: GridSequence, runs: readonly RunRecord[]): GridRow[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const rows = new Map<string, GridRow>();
  sequence.combinations.forEach((combination, i) => {
    const key = JSON.stringify(combination.values);
    const row = rows.get(key) ?? {
      values: combination.values, label: combinationLabel(sequence.axes, combination, { withSeed: false }),
      runs: [], figures: [], planned: 0,
    };
    row.planned++;
    const run = byId.get(sequence.runIds[i] ?? '');
    if (run) {
      row.runs.push(run);
      row.figures.push(runFigures(run, sequence.stepsPerEpoch));
    }
    rows.set(key, row);
  });
  return [...rows.values()];
}

/** A row's figure over its seeds. */
export function rowStat(row: GridRow, key: FigureKey): Stat | null {
  return stat(row.figures.map((f) => f[key]));
}

/** A class's final validation accuracy over the row's seeds. */
export function classStat(row: GridRow, classIndex: number): Stat | null {
  return stat(row.figures.map((f) => f.classAccuracy[classIndex] ?? null));
}

/** The table as CSV: one row per combination, each figure's mean and spread in their own columns. */
export function gridCsv(sequence: GridSequence, rows: readonly GridRow[], keys: readonly FigureKey[]): string {
  const axes = sequence.axes.map((a) => (a.setting.kind === 'field' ? a.setting.field : a.setting.kind));
  const header = [...axes, 'runs', ...keys.flatMap((k) => [k, `${k} spread`])];
  const lines = rows.map((row) => [
    ...row.values.map((v) => (typeof v === 'number' ? v : String(v))),
    row.runs.length,
    ...keys.flatMap((k) => {
      const s = rowStat(row, k);
      return [s?.mean ?? null, s?.spread ?? null];
    }),
  ]);
  return [csvRow(header), ...lines.map(csvRow)].join('\n') + '\n';
}

/** The table as JSON: the sequence and, per combination, each run's id and figures. */
export function gridJson(sequence: GridSequence, rows: readonly GridRow[]): string {
  return JSON.stringify({
    kind: 'thaw-grid', title: sequence.title, axes: sequence.axes, fixed: sequence.fixed,
    rows: rows.map((row) => ({ values: row.values, runs: row.runs.map((r, i) => ({ id: r.id, label: r.label, seed: r.config.seed, ...row.figures[i] })) })),
  }, null, 2);
}
