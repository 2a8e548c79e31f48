import { z } from './zod';
import { metric } from './numbers';

/** Per-class accuracy on validation, by class index; null for a class with no validation image (counts: never NaN). */
export const CLASS_ACCURACY = z.array(z.number().min(0).max(1).nullable()).max(10_000);

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
  /** Absent in runs recorded before per-class accuracy was measured. */
  validationClassAccuracy: CLASS_ACCURACY.optional(),
  seconds: z.number().min(0),
  /** Accuracy on the built-in backbone's pretraining task (its source head on the current backbone): absent for other backbones. */
  sourceAccuracy: metric(z.number().min(0).max(1)).optional(),
  /** Mean L2-SP / EWC penalty over the epoch's steps, part of trainLoss; absent when none was set. */
  trainPenalty: metric(z.number().min(0)).optional(),
  /** Accuracy on the target domain's held-out images (its labels used for this score only); absent without a target. */
  targetAccuracy: metric(z.number().min(0).max(1)).optional(),
  /** MMD² between source-validation and target features at the aligned block, inference mode; absent without a target. */
  mmd: metric(z.number()).optional(),
  /** DANN's domain classifier telling source-validation from target images (0.5 = it cannot); DANN runs only. */
  domainAccuracy: metric(z.number().min(0).max(1)).optional(),
});
export type EpochRow = z.output<typeof EPOCH_ROW>;

/** The words every test score is shown with: the test split is scored, never used. */
export const TEST_SCORE_NOTE = 'test accuracy, never used to choose anything';

/**
 * Weights scored on the held-out test split. Nothing of that split reaches training, the best epoch
 * or early stopping: it is read only after a run, for an imported model, or for an export.
 */
export const TEST_SCORE = z.strictObject({
  loss: metric(z.number().min(0)),
  accuracy: metric(z.number().min(0).max(1)),
  /** Test images that were read and scored. */
  images: z.number().int().min(0),
  /** The epoch whose weights were scored (0: weights not trained in this run, e.g. an imported model). */
  epoch: z.number().int().min(0),
});
export type TestScore = z.output<typeof TEST_SCORE>;

/** A run's test scores: its weights at the end, and its best checkpoint's when it had one. */
export const RUN_TEST_SCORES = z.strictObject({
  final: TEST_SCORE,
  best: TEST_SCORE.nullable(),
});
export type RunTestScores = z.output<typeof RUN_TEST_SCORES>;
