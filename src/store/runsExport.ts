import { MONITOR_LABELS, summarizeRun } from './runSummary';
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
  'batch_size', 'seed', 'best_by', 'best_epoch', 'best_val_accuracy', 'final_val_accuracy', 'best_val_loss',
  'test_accuracy_never_used_to_choose_anything', 'test_loss', 'best_checkpoint_test_accuracy', 'seconds_per_epoch', 'trainable_percent_start',
  'trainable_percent_end', 'events', 'class_names',
] as const;

type Column = (typeof COLUMNS)[number];

/** One column per class (by class index, named in `class_names`): each class's validation accuracy at the run's last epoch. */
const classColumn = (c: number) => `final_val_accuracy_class_${c + 1}`;

/**
 * One row per run, cells written by the studio's one CSV writer (common/csv.ts: RFC 4180 quoting, and
 * labels that look like formulas neutralised). A run that cannot be written whole still gets its row
 * (id and label, the rest empty): one odd record never costs the table its download.
 */
export function runsToCsv(runs: RunRecord[]): string {
  const classes = Math.max(0, ...runs.map(classCount));
  const header = [...COLUMNS, ...Array.from({ length: classes }, (_, c) => classColumn(c))];
  return [csvRow(header), ...runs.map((run) => runRow(run, classes))].join('\r\n') + '\r\n';
}

/** Classes with a per-class column in this run (0 for a record that cannot be read: it gets its short row). */
function classCount(run: RunRecord): number {
  try {
    return run.epochs.at(-1)?.validationClassAccuracy?.length ?? 0;
  } catch {
    return 0;
  }
}

function runRow(run: RunRecord, classes: number): string {
  try {
    const values = runValues(run);
    const perClass = run.epochs.at(-1)?.validationClassAccuracy ?? [];
    return csvRow([...COLUMNS.map((c) => values[c]), ...Array.from({ length: classes }, (_, c) => perClass[c] ?? null)]);
  } catch {
    return csvRow([...COLUMNS.map((c) => (c === 'id' ? run.id : c === 'label' ? run.label : null)), ...Array.from({ length: classes }, () => null)]);
  }
}

function runValues(run: RunRecord): Record<Column, CsvValue> {
  const s = summarizeRun(run);
  const percent = (n: number) => (run.totalParams > 0 ? ((100 * n) / run.totalParams).toFixed(2) : '');
  return {
    id: run.id, label: run.label, status: run.status, started: isoDate(run.startedAt), dataset: run.datasetName, split: run.split,
    model: run.modelName, backend: run.backend, epochs_done: run.epochs.length, epochs_planned: run.config.epochs,
    optimizer: run.config.optimizer.name, learning_rate: run.config.optimizer.learningRate, batch_size: run.config.batchSize, seed: run.config.seed,
    best_by: s.best ? MONITOR_LABELS[s.best.monitor] : null, best_epoch: s.best?.epoch ?? null,
    best_val_accuracy: s.bestEpochAccuracy, final_val_accuracy: s.finalValidationAccuracy, best_val_loss: s.best?.validationLoss ?? null,
    test_accuracy_never_used_to_choose_anything: s.testAccuracy, test_loss: run.test?.final.loss ?? null,
    best_checkpoint_test_accuracy: run.test?.best?.accuracy ?? null,
    seconds_per_epoch: s.secondsPerEpoch === null ? null : Number(s.secondsPerEpoch.toFixed(3)),
    trainable_percent_start: percent(run.trainableParamsStart), trainable_percent_end: percent(run.trainableParamsEnd),
    events: run.events.map((e) => `${e.step}:${e.label}`).join('; '),
    class_names: run.classNames?.join('; ') ?? null,
  };
}

/** A date outside what Date can write (a record from elsewhere) is an empty cell, not an exception. */
function isoDate(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
