import { z } from './zod';
import { metric } from './numbers';

/**
 * One epoch's results: what the charts draw, what a run record keeps and what an export writes as
 * metrics.json and metrics.csv. Losses and accuracies of a diverged run are NaN or infinite.
 */
export const EPOCH_ROW = z.strictObject({
  epoch: z.number().int().min(1),
  /** Global step at the epoch's end. */
  step: z.number().int().min(0),
  trainLoss: metric(z.number().min(0)),
  trainAccuracy: metric(z.number().min(0).max(1)),
  validationLoss: metric(z.number().min(0)),
  validationAccuracy: metric(z.number().min(0).max(1)),
  seconds: z.number().min(0),
});
export type EpochRow = z.output<typeof EPOCH_ROW>;
