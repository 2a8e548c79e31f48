import { z } from './zod';
import { MODEL_SPEC } from './model';
import { TRAIN_CONFIG } from './training';
import { FREEZE_SNAPSHOT } from './snapshots';
import { describeIssues } from './issues';

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
  const optional = <T extends z.ZodType>(schema: T, section: unknown, what: string): z.output<T> | null => {
    if (section === null || section === undefined) return null;
    const result = schema.safeParse(section, { reportInput: true });
    if (result.success) return result.data;
    warnings.push(`The export's ${what} were not restored: ${describeIssues(result.error.issues).join('; ')}`);
    return null;
  };
  const training = optional(TRAIN_CONFIG, core.data.training, 'training settings');
  const freeze = optional(FREEZE_SNAPSHOT, core.data.freeze, 'frozen blocks');
  return { ok: true, config: { ...core.data, training, freeze }, warnings };
}
