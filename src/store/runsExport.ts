import { summarizeRun } from './runSummary';
import type { RunRecord } from '../contract';
import { csvRow, type CsvValue } from '../common/csv';

/** What "Download runs (.json)" writes, and what "Import runs" reads back (runsImport.ts). */
export const RUNS_FILE_KIND = 'thaw-runs';

/** Every record in full, so an imported file gives back the same runs. */
export function runsToJson(runs: RunRecord[]): string {
  return JSON.stringify({ kind: RUNS_FILE_KIND, version: 1, runs }, null, 2);
}

const COLUMNS = [
  'id', 'label', 'status', 'started', 'dataset', 'split', 'model', 'backend', 'epochs_done', 'epochs_planned', 'optimizer', 'learning_rate',
  'batch_size', 'seed', 'best_val_accuracy', 'final_val_accuracy', 'best_val_loss', 'seconds_per_epoch', 'trainable_percent_start',
  'trainable_percent_end', 'events',
] as const;

/**
 * One row per run, cells written by the studio's one CSV writer (common/csv.ts: RFC 4180 quoting, and
 * labels that look like formulas neutralised). A run that cannot be written whole still gets its row
 * (id and label, the rest empty): one odd record never costs the table its download.
 */
export function runsToCsv(runs: RunRecord[]): string {
  return [csvRow(COLUMNS), ...runs.map(runRow)].join('\r\n') + '\r\n';
}

function runRow(run: RunRecord): string {
  try {
    const values = runValues(run);
    return csvRow(COLUMNS.map((c) => values[c]));
  } catch {
    return csvRow(COLUMNS.map((c) => (c === 'id' ? run.id : c === 'label' ? run.label : null)));
  }
}

function runValues(run: RunRecord): Record<(typeof COLUMNS)[number], CsvValue> {
  const s = summarizeRun(run);
  const percent = (n: number) => (run.totalParams > 0 ? ((100 * n) / run.totalParams).toFixed(2) : '');
  return {
    id: run.id, label: run.label, status: run.status, started: isoDate(run.startedAt), dataset: run.datasetName, split: run.split,
    model: run.modelName, backend: run.backend, epochs_done: run.epochs.length, epochs_planned: run.config.epochs,
    optimizer: run.config.optimizer.name, learning_rate: run.config.optimizer.learningRate, batch_size: run.config.batchSize, seed: run.config.seed,
    best_val_accuracy: s.bestValidationAccuracy, final_val_accuracy: s.finalValidationAccuracy, best_val_loss: s.bestValidationLoss,
    seconds_per_epoch: s.secondsPerEpoch === null ? null : Number(s.secondsPerEpoch.toFixed(3)),
    trainable_percent_start: percent(run.trainableParamsStart), trainable_percent_end: percent(run.trainableParamsEnd),
    events: run.events.map((e) => `${e.step}:${e.label}`).join('; '),
  };
}

/** A date outside what Date can write (a record from elsewhere) is an empty cell, not an exception. */
function isoDate(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
