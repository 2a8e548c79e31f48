import { z } from './zod';
import { MODEL_SPEC } from './model';
import { TRAIN_CONFIG } from './training';
import { FREEZE_SNAPSHOT } from './snapshots';

/** config.json of a Thaw export: enough to rebuild the model and repeat or continue its training. */
export const EXPORTED_CONFIG = z.object({
  kind: z.literal('thaw-model'),
  version: z.literal(1),
  exportedAt: z.string(),
  source: z.enum(['current', 'best']),
  /** The checkpoint's epoch when `source` is 'best'. */
  epoch: z.number().int().nullable(),
  model: MODEL_SPEC,
  training: TRAIN_CONFIG.nullable(),
  freeze: FREEZE_SNAPSHOT.nullable(),
  dataset: z.object({ name: z.string(), classNames: z.array(z.string()) }),
});
export type ExportedConfig = z.output<typeof EXPORTED_CONFIG>;

/** How images must be prepared for the model: the same steps the studio trains with (preprocessing.json). */
export const PREPROCESSING = z.object({
  inputSize: z.number().int().min(1),
  channels: z.literal('RGB'),
  resize: z.literal('bilinear'),
  /** pixel ∈ [0, 255] ↦ pixel / 127.5 − 1 */
  scale: z.literal('x/127.5-1'),
});
export type Preprocessing = z.infer<typeof PREPROCESSING>;

export const ARCHIVE_FORMAT = z.enum(['thaw', 'teachable-machine']);
export type ArchiveFormat = z.infer<typeof ARCHIVE_FORMAT>;
