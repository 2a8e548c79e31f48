import { MODEL_BOUNDS, TRAINING_CHOICES } from '../contract';
import { type ArchitectureId, type FieldBounds, type ModelForm, TRAINING_BOUNDS, type TrainingForm, parseJsonFile, shown, z } from '../contract';
import { MODEL_CATALOG } from '../models/catalog';

/**
 * A run's settings as a JSON file a teacher hands out ("config-driven training"): the model and the
 * training form. Reading it checks every field; what is wrong is skipped and listed, never applied.
 */
type PortableModelForm = Omit<ModelForm, 'importedBackbone'>;

export interface ExerciseConfig {
  kind: 'thaw-settings';
  version: 1;
  model: PortableModelForm;
  training: TrainingForm;
}

export function exerciseConfigJson(model: ModelForm, training: TrainingForm): string {
  // An imported backbone lives in this browser only: a settings file cannot carry it.
  const { importedBackbone: _local, ...portable } = model;
  const config: ExerciseConfig = { kind: 'thaw-settings', version: 1, model: portable, training };
  return JSON.stringify(config, null, 2);
}

/** One schema per field, so a wrong field is skipped and the others still apply. */
type FieldSchemas<T> = { [K in keyof T]-?: z.ZodType<T[K]> };

/** "0 is not a whole number from 1 to 1000": the form's own range, in the form's words. */
function boundedNumber({ min, max, integer }: FieldBounds): z.ZodType<number> {
  const error = (issue: { input?: unknown }) => `${shown(issue.input)} is not a ${integer ? 'whole number' : 'number'} from ${min} to ${max}`;
  const number = z.number({ error }).min(min, { error }).max(max, { error });
  return integer ? number.int({ error }) : number;
}

function boundedNumbers<K extends string>(bounds: Record<K, FieldBounds>): Record<K, z.ZodType<number>> {
  return Object.fromEntries(Object.entries<FieldBounds>(bounds).map(([key, b]) => [key, boundedNumber(b)])) as Record<K, z.ZodType<number>>;
}

function oneOf<const T extends readonly [string, ...string[]]>(choices: T) {
  return z.enum(choices, { error: (issue) => `${shown(issue.input)} is not one of ${choices.join(', ')}` });
}

const NOT_WEIGHTS = 'must be a list of numbers ≥ 0';

const TRAINING_FIELDS: FieldSchemas<TrainingForm> = {
  ...boundedNumbers(TRAINING_BOUNDS),
  optimizer: oneOf(TRAINING_CHOICES.optimizer),
  schedule: oneOf(TRAINING_CHOICES.schedule),
  augmentation: oneOf(TRAINING_CHOICES.augmentation),
  classBalance: oneOf(TRAINING_CHOICES.classBalance),
  manualClassWeights: z.array(z.number({ error: NOT_WEIGHTS }).min(0, { error: NOT_WEIGHTS }), { error: NOT_WEIGHTS }),
};

// The imported backbone is in the catalog but not in the list: its weights live in one browser only.
const LISTED_MODELS = MODEL_CATALOG.filter((e) => !e.unlisted).map((e) => e.id) as [ArchitectureId, ...ArchitectureId[]];

const MODEL_FIELDS: FieldSchemas<PortableModelForm> = {
  ...boundedNumbers(MODEL_BOUNDS),
  architecture: z.enum(LISTED_MODELS, {
    error: (issue) => MODEL_CATALOG.some((e) => e.unlisted && e.id === issue.input)
      ? `${shown(issue.input)} is a model imported in one browser; import its files instead`
      : `${shown(issue.input)} is not a model of this studio`,
  }),
};

const SETTINGS_FILE = z.looseObject({ kind: z.literal('thaw-settings'), model: z.unknown().optional(), training: z.unknown().optional() });

export interface ParsedExercise {
  model: Partial<ModelForm>;
  training: Partial<TrainingForm>;
  /** One line per field that was not applied, and why. */
  skipped: string[];
}

/**
 * Reads a settings file. `currentArchitecture` is the model in the studio now, which a file that names
 * no model keeps: its input size must be one that model offers.
 */
export function parseExerciseConfig(text: string, currentArchitecture?: ArchitectureId): ParsedExercise {
  const value = parseJsonFile(text, 'the settings file');
  const file = SETTINGS_FILE.safeParse(value);
  if (!file.success) throw new Error('This is not a Thaw settings file (its "kind" is not "thaw-settings")');
  const skipped: string[] = [];
  const model = readSection('model', file.data.model, MODEL_FIELDS, skipped);
  // A pretrained model offers a few input sizes (the Setup panel's list); a model trained from scratch
  // takes the dataset's image size, whatever the file says.
  const entry = MODEL_CATALOG.find((e) => e.id === (model.architecture ?? currentArchitecture));
  if (model.inputSize !== undefined && entry?.inputSizes && !entry.inputSizes.includes(model.inputSize)) {
    const sizes = `${entry.inputSizes.slice(0, -1).join(', ')} or ${entry.inputSizes[entry.inputSizes.length - 1]} px`;
    skipped.push(`model.inputSize: ${model.inputSize} is not an input size of ${entry.label}: it takes ${sizes}`);
    delete model.inputSize;
  }
  const training = readSection('training', file.data.training, TRAINING_FIELDS, skipped);
  return { model, training, skipped };
}

/**
 * The fields of one section, in the file's order. Only the schemas' own keys are ever written, so
 * "__proto__" or "constructor" in a file is listed as not a setting and never reaches an object.
 */
function readSection<T>(section: string, value: unknown, fields: FieldSchemas<T>, skipped: string[]): Partial<T> {
  const out: Partial<T> = {};
  if (value === undefined) return out;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    skipped.push(`${section}: must be an object of settings`);
    return out;
  }
  for (const [key, v] of Object.entries(value)) {
    if (!Object.hasOwn(fields, key)) {
      skipped.push(`${section}.${key}: not a setting`);
      continue;
    }
    const name = key as keyof T;
    const result = fields[name].safeParse(v);
    if (result.success) out[name] = result.data;
    else skipped.push(`${section}.${key}: ${result.error.issues[0].message}`);
  }
  return out;
}
