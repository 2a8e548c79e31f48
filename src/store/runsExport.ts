import { summarizeRun } from './runSummary';
import type { RunRecord } from '../contract';

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

/** One row per run; text fields quoted as RFC 4180 wants, so names with commas or quotes survive. */
export function runsToCsv(runs: RunRecord[]): string {
  const rows = runs.map((run) => {
    const s = summarizeRun(run);
    const percent = (n: number) => (run.totalParams > 0 ? ((100 * n) / run.totalParams).toFixed(2) : '');
    const values: Record<(typeof COLUMNS)[number], string | number | null> = {
      id: run.id, label: run.label, status: run.status, started: new Date(run.startedAt).toISOString(), dataset: run.datasetName, split: run.split,
      model: run.modelName, backend: run.backend, epochs_done: run.epochs.length, epochs_planned: run.config.epochs,
      optimizer: run.config.optimizer.name, learning_rate: run.config.optimizer.learningRate, batch_size: run.config.batchSize, seed: run.config.seed,
      best_val_accuracy: s.bestValidationAccuracy, final_val_accuracy: s.finalValidationAccuracy, best_val_loss: s.bestValidationLoss,
      seconds_per_epoch: s.secondsPerEpoch === null ? null : Number(s.secondsPerEpoch.toFixed(3)),
      trainable_percent_start: percent(run.trainableParamsStart), trainable_percent_end: percent(run.trainableParamsEnd),
      events: run.events.map((e) => `${e.step}:${e.label}`).join('; '),
    };
    return COLUMNS.map((c) => csvField(values[c])).join(',');
  });
  return [COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
