import type { RunRecord } from '../contract';

/** The figures the experiments table sorts and shows for one run. */
export interface RunSummary {
  bestValidationAccuracy: number | null;
  bestValidationLoss: number | null;
  finalValidationAccuracy: number | null;
  secondsPerEpoch: number | null;
  trainablePercentEnd: number;
}

export function summarizeRun(run: RunRecord): RunSummary {
  const epochs = run.epochs;
  const finite = (values: number[]) => values.filter((v) => Number.isFinite(v));
  const accuracies = finite(epochs.map((e) => e.validationAccuracy));
  const losses = finite(epochs.map((e) => e.validationLoss));
  return {
    bestValidationAccuracy: accuracies.length > 0 ? Math.max(...accuracies) : null,
    bestValidationLoss: losses.length > 0 ? Math.min(...losses) : null,
    finalValidationAccuracy: epochs.at(-1)?.validationAccuracy ?? null,
    secondsPerEpoch: epochs.length > 0 ? epochs.reduce((a, e) => a + e.seconds, 0) / epochs.length : null,
    trainablePercentEnd: run.totalParams > 0 ? (100 * run.trainableParamsEnd) / run.totalParams : 0,
  };
}
