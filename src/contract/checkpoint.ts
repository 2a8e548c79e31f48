import { z } from './zod';
import { DATASET_SOURCE } from './dataset';
import { MODEL_SPEC } from './model';
import { TRAIN_CONFIG } from './training';
import { TRAINER_SNAPSHOT } from './snapshots';
import { metric } from './numbers';

/**
 * Checkpoints in IndexedDB: the best epoch so far and the last completed epoch. Each is a small meta
 * record (listed without reading megabytes of weights) and a data record that goes straight back
 * into the trainer, so both are checked field by field when read.
 */
export const CHECKPOINT_KIND = z.enum(['last', 'best']);
export type CheckpointKind = z.infer<typeof CHECKPOINT_KIND>;

const count = z.number().int().min(0);

export const CHECKPOINT_META = z.object({
  version: z.literal(1),
  kind: CHECKPOINT_KIND,
  runId: z.string(),
  savedAt: z.number(),
  /** Completed epochs, of `totalEpochs`. */
  epoch: count,
  totalEpochs: count,
  step: count,
  /** True when the run ended normally (all epochs or early stop): nothing left to resume. */
  finished: z.boolean(),
  validationLoss: metric(),
  validationAccuracy: metric(),
  datasetName: z.string(),
  modelName: z.string(),
  sizeBytes: count,
});
export type CheckpointMeta = z.output<typeof CHECKPOINT_META>;

export const CHECKPOINT_DATA = z.object({
  dataset: DATASET_SOURCE,
  model: MODEL_SPEC,
  config: TRAIN_CONFIG,
  snapshot: TRAINER_SNAPSHOT,
});
export type CheckpointData = z.output<typeof CHECKPOINT_DATA>;

export interface Checkpoint {
  meta: CheckpointMeta;
  data: CheckpointData;
}
