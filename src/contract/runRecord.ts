import { z } from './zod';
import { EPOCH_ROW, RUN_TEST_SCORES } from './metrics';
import { TRAIN_CONFIG } from './training';
import { TRAINING_BOUNDS } from './forms';

/**
 * Every training run as the experiments table records it (IndexedDB) and a runs file carries it
 * (JSON): what was trained on what, with which settings, and how it went epoch by epoch. Unknown
 * fields are refused, so nothing a file makes up reaches the table.
 */
const count = z.number().int().min(0);
const text = (maxLength: number) => z.string().max(maxLength);
/**
 * A time in ms since 1970 up to the last moment of year 9999: every such date has a 4-digit ISO form,
 * so the table and its CSV can always write it (9007199254740991 would make Date throw).
 */
const LATEST_RUN_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const time = count.max(LATEST_RUN_TIME);

export const RUN_STATUS = z.enum(['running', 'finished', 'stopped', 'failed']);
export type RunStatus = z.infer<typeof RUN_STATUS>;

export const RUN_EVENT = z.strictObject({ step: count, label: text(500), kind: text(50) });

export const RUN_RECORD = z.strictObject({
  version: z.literal(1),
  id: text(200).min(1),
  /** A name for the table and the overlaid curves, e.g. the strategy of a comparison. */
  label: text(500),
  startedAt: time,
  endedAt: time.nullable(),
  status: RUN_STATUS,
  datasetName: text(500),
  /** The dataset's classes, in the order of each epoch's per-class accuracy; absent in older records. */
  classNames: z.array(text(500)).max(10_000).optional(),
  /** How the split was made, in words (e.g. "stored split, seed 1: 20% validation"). */
  split: text(500),
  modelName: text(500),
  backend: text(100),
  config: TRAIN_CONFIG,
  /** A run record's epochs carry no global step. */
  epochs: z.array(EPOCH_ROW.omit({ step: true }).extend({ epoch: z.number().int().min(1).max(TRAINING_BOUNDS.epochs.max) }))
    .max(TRAINING_BOUNDS.epochs.max),
  events: z.array(RUN_EVENT).max(10_000),
  /** The held-out test split scored at the run's end; absent when the dataset has none (and in older records). */
  test: RUN_TEST_SCORES.optional(),
  trainableParamsStart: count,
  trainableParamsEnd: count,
  totalParams: count,
});
export type RunRecord = z.output<typeof RUN_RECORD>;
