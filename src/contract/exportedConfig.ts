import { z } from './zod';
import { MODEL_SPEC } from './model';
import { TRAIN_CONFIG } from './training';
import { FREEZE_SNAPSHOT } from './snapshots';
import { describeIssues, phraseIssue } from './issues';

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
  /** The picture's centre square (the longer side cut evenly on both ends). */
  crop: z.literal('centre-square'),
  resize: z.literal('bilinear'),
  /** pixel ∈ [0, 255] ↦ pixel / 127.5 − 1 */
  scale: z.literal('x/127.5-1'),
  /** [batch, height, width, channels], float32. */
  layout: z.literal('NHWC'),
  /** The exported model ends in a softmax: one probability per label, in labels.json's order. */
  output: z.literal('probabilities'),
  /** The same, in words, for whoever writes the caller. */
  steps: z.array(z.string()),
});
export type Preprocessing = z.infer<typeof PREPROCESSING>;

/** What every export says a caller must do before calling the model (the studio's own validation path). */
export function preprocessingFor(inputSize: number): Preprocessing {
  return {
    inputSize, channels: 'RGB', crop: 'centre-square', resize: 'bilinear', scale: 'x/127.5-1', layout: 'NHWC', output: 'probabilities',
    steps: [
      'Decode the picture to RGB (drop any alpha channel).',
      'Cut its centre square: the shorter side whole, the longer side trimmed evenly on both ends.',
      `Resize that square to ${inputSize}×${inputSize} px, bilinear, sampling at pixel centres (TensorFlow's cropAndResize, or align_corners = false).`,
      'Scale every value: x / 127.5 − 1, so 0 ↦ −1 and 255 ↦ 1, as float32.',
      `Feed a batch of shape [n, ${inputSize}, ${inputSize}, 3] (NHWC); the output is [n, classes] probabilities that sum to 1, in the order of labels.json.`,
    ],
  };
}

/** A zip the studio imports: its own, Teachable Machine's, or a plain layers model. */
export const ARCHIVE_FORMAT = z.enum(['thaw', 'teachable-machine']);
export type ArchiveFormat = z.infer<typeof ARCHIVE_FORMAT>;

/** What *Download model* writes: a TensorFlow.js layers zip, a Teachable Machine zip, ONNX, or a standalone demo page. */
export const EXPORT_FORMAT = z.enum(['thaw', 'teachable-machine', 'onnx', 'demo-page']);
export type ExportFormat = z.infer<typeof EXPORT_FORMAT>;

/**
 * An imported archive's config.json. The model spec and what the export is must be valid, or the
 * archive cannot be restored (the reason names the fields); training settings and freeze state that do
 * not pass (an older export's settings this version refuses) are left out with a warning naming them.
 */
export type ExportedConfigRead = { ok: true; config: ExportedConfig; warnings: string[] } | { ok: false; reason: string };

export function readExportedConfig(value: unknown): ExportedConfigRead {
  const core = EXPORTED_CONFIG.extend({ training: z.unknown(), freeze: z.unknown() }).safeParse(value, { reportInput: true });
  if (!core.success) return { ok: false, reason: describeIssues(core.error.issues).join('; ') };
  const warnings: string[] = [];
  const optional = <T extends z.ZodType>(schema: T, section: unknown, what: 'trainingNotRestored' | 'freezeNotRestored'): z.output<T> | null => {
    if (section === null || section === undefined) return null;
    const result = schema.safeParse(section, { reportInput: true });
    if (result.success) return result.data;
    warnings.push(phraseIssue({ kind: what, reasons: describeIssues(result.error.issues).join('; ') }));
    return null;
  };
  const training = optional(TRAIN_CONFIG, core.data.training, 'trainingNotRestored');
  const freeze = optional(FREEZE_SNAPSHOT, core.data.freeze, 'freezeNotRestored');
  return { ok: true, config: { ...core.data, training, freeze }, warnings };
}
