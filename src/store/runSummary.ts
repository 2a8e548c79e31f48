import { bestEpochOf, bestMonitorOf, type Monitor, type RunRecord } from '../contract';

/** The best epoch as the run's best checkpoint chose it: by its monitored metric, with both validation figures. */
export interface BestEpoch {
  epoch: number;
  monitor: Monitor;
  validationLoss: number;
  validationAccuracy: number;
}

/** The figures the experiments table sorts and shows for one run. */
export interface RunSummary {
  best: BestEpoch | null;
  /** Validation accuracy at the best epoch (by the monitored metric, not the highest accuracy). */
  bestEpochAccuracy: number | null;
  finalValidationAccuracy: number | null;
  /** The final weights on the held-out test split; null without one. */
  testAccuracy: number | null;
  secondsPerEpoch: number | null;
  trainablePercentEnd: number;
}

/** How a monitored metric is named in the table's header and the CSV. */
export const MONITOR_LABELS: Record<Monitor, string> = { validationLoss: 'val loss', validationAccuracy: 'val acc' };

export function summarizeRun(run: RunRecord): RunSummary {
  const epochs = run.epochs;
  const monitor = bestMonitorOf(run.config.callbacks);
  const bestEpoch = bestEpochOf(epochs, monitor);
  const best = bestEpoch && { epoch: bestEpoch.epoch, monitor, validationLoss: bestEpoch.validationLoss, validationAccuracy: bestEpoch.validationAccuracy };
  return {
    best,
    bestEpochAccuracy: best?.validationAccuracy ?? null,
    finalValidationAccuracy: epochs.at(-1)?.validationAccuracy ?? null,
    testAccuracy: run.test?.final.accuracy ?? null,
    secondsPerEpoch: epochs.length > 0 ? epochs.reduce((a, e) => a + e.seconds, 0) / epochs.length : null,
    trainablePercentEnd: run.totalParams > 0 ? (100 * run.trainableParamsEnd) / run.totalParams : 0,
  };
}
