import { z } from './zod';
import { describeIssues, phraseIssue, shown } from './issues';
import { ARCHITECTURE_ID, type ArchitectureId } from './model';
import { AUGMENTATION_CONFIG } from './augmentation';
import { MODEL_BOUNDS, TRAINING_BOUNDS, TRAINING_CHOICES, type FieldBounds, type PortableModelForm, type TrainingForm } from './forms';

/**
 * A run's settings as a JSON file a teacher hands out ("config-driven training"): the model form and
 * the training form. Each field has its own schema (the forms' own bounds and choices, in the forms'
 * words), so a wrong field is skipped and named while the others still apply.
 */
export interface SettingsFile {
  kind: 'thaw-settings';
  version: 1;
  model: PortableModelForm;
  training: TrainingForm;
}

/** The file as a whole: its kind must say what it is; its sections are read field by field. */
export const SETTINGS_FILE = z.looseObject({ kind: z.literal('thaw-settings'), model: z.unknown().optional(), training: z.unknown().optional() });

/** One schema per field. */
export type FieldSchemas<T> = { [K in keyof T]-?: z.ZodType<T[K]> };

/** "0 is not a whole number from 1 to 1000": the form's own range, in the form's words. */
function boundedField({ min, max, integer }: FieldBounds): z.ZodType<number> {
  const error = (issue: { input?: unknown }) => phraseIssue({ kind: integer ? 'notWholeInRange' : 'notNumberInRange', got: shown(issue.input), min: String(min), max: String(max) });
  const number = z.number({ error }).min(min, { error }).max(max, { error });
  return integer ? number.int({ error }) : number;
}

function boundedFields<K extends string>(bounds: Record<K, FieldBounds>): Record<K, z.ZodType<number>> {
  return Object.fromEntries(Object.entries<FieldBounds>(bounds).map(([key, b]) => [key, boundedField(b)])) as Record<K, z.ZodType<number>>;
}

function oneOf<const T extends readonly [string, ...string[]]>(choices: T) {
  return z.enum(choices, { error: (issue) => phraseIssue({ kind: 'notAChoice', got: shown(issue.input), choices: choices.join(', ') }) });
}

/** Worded when a file is read, not when this module loads: in the language of that moment. */
const NOT_WEIGHTS = () => phraseIssue({ kind: 'notClassWeights' });

/**
 * The augmentation operations, a section of their own: each wrong one named by its path and why
 * ("rotationDegrees: must be ≤ 180 (got 500)"), in one reason, as the other fields give one.
 */
const AUGMENTATION_OPS = z.unknown().transform((value, context) => {
  const result = AUGMENTATION_CONFIG.optional().safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  context.addIssue({ code: 'custom', message: describeIssues(result.error.issues).join('; '), input: value });
  return z.NEVER;
});

export const SETTINGS_FILE_TRAINING_FIELDS: FieldSchemas<TrainingForm> = {
  ...boundedFields(TRAINING_BOUNDS),
  optimizer: oneOf(TRAINING_CHOICES.optimizer),
  schedule: oneOf(TRAINING_CHOICES.schedule),
  augmentation: oneOf(TRAINING_CHOICES.augmentation),
  augmentationOps: AUGMENTATION_OPS,
  classBalance: oneOf(TRAINING_CHOICES.classBalance),
  pretrainedPenalty: oneOf(TRAINING_CHOICES.pretrainedPenalty),
  domainAdaptation: oneOf(TRAINING_CHOICES.domainAdaptation),
  domainTarget: oneOf(TRAINING_CHOICES.domainTarget),
  domainBlock: z.string({ error: (issue) => phraseIssue({ kind: 'notABlockName', got: shown(issue.input) }) }).max(200),
  domainTargetDatasetId: z.string({ error: (issue) => phraseIssue({ kind: 'notADatasetId', got: shown(issue.input) }) }).max(200),
  manualClassWeights: z.array(z.number({ error: NOT_WEIGHTS }).min(0, { error: NOT_WEIGHTS }), { error: NOT_WEIGHTS }),
};

/** The model imported as a backbone lives in one browser only: a settings file cannot name it. */
const LOCAL_ONLY: ArchitectureId = 'imported-backbone';
const PORTABLE_ARCHITECTURES = ARCHITECTURE_ID.options.filter((id) => id !== LOCAL_ONLY) as [ArchitectureId, ...ArchitectureId[]];

export const SETTINGS_FILE_MODEL_FIELDS: FieldSchemas<PortableModelForm> = {
  ...boundedFields(MODEL_BOUNDS),
  architecture: z.enum(PORTABLE_ARCHITECTURES, {
    error: (issue) => phraseIssue({ kind: issue.input === LOCAL_ONLY ? 'localModel' : 'unknownModel', got: shown(issue.input) }),
  }),
};
