import {
  type ArchitectureId, type FieldSchemas, type ModelForm, SETTINGS_FILE, SETTINGS_FILE_MODEL_FIELDS, SETTINGS_FILE_TRAINING_FIELDS, type SettingsFile,
  type TrainingForm, parseJsonFile, phraseIssue,
} from '../contract';
import { MODEL_CATALOG } from '../models/catalog';
import { i18n } from '../common/i18n/i18n';

/**
 * A run's settings as a JSON file a teacher hands out ("config-driven training"): the model and the
 * training form. Reading it checks every field with the contract's schemas (contract/settingsFile.ts);
 * what is wrong is skipped and listed, never applied. The input size must also be one the model offers
 * (the catalog's list), which only this layer knows.
 */

export function exerciseConfigJson(model: ModelForm, training: TrainingForm): string {
  // An imported backbone lives in this browser only: a settings file cannot carry it.
  const { importedBackbone: _local, ...portable } = model;
  const config: SettingsFile = { kind: 'thaw-settings', version: 1, model: portable, training };
  return JSON.stringify(config, null, 2);
}

export interface ParsedExercise {
  model: Partial<ModelForm>;
  training: Partial<TrainingForm>;
  /** One line per field that was not applied, and why. */
  skipped: string[];
}

/** Said of a file's old decode size, which one size (the model's input size) replaced. */
const retiredImageSize = () => i18n.t('store:settingsFile.retiredImageSize');

/**
 * Reads a settings file. `currentArchitecture` is the model in the studio now, which a file that names
 * no model keeps: its input size must be one that model offers.
 */
export function parseExerciseConfig(text: string, currentArchitecture?: ArchitectureId): ParsedExercise {
  const value = parseJsonFile(text, i18n.t('store:settingsFile.theFile'));
  const file = SETTINGS_FILE.safeParse(value);
  if (!file.success) throw new Error(i18n.t('store:settingsFile.notSettings'));
  const skipped: string[] = [];
  const model = readSection('model', file.data.model, SETTINGS_FILE_MODEL_FIELDS, skipped);
  // A pretrained model offers a few input sizes (the Setup panel's list); a model trained from scratch
  // takes the dataset's image size, whatever the file says.
  const entry = MODEL_CATALOG.find((e) => e.id === (model.architecture ?? currentArchitecture));
  if (model.inputSize !== undefined && entry?.inputSizes && !entry.inputSizes.includes(model.inputSize)) {
    const sizes = i18n.t('store:settingsFile.sizesOr', { sizes: entry.inputSizes.slice(0, -1).join(', '), last: entry.inputSizes.at(-1) });
    skipped.push(`model.inputSize: ${i18n.t('store:settingsFile.notAnInputSize', { size: model.inputSize, model: entry.label, sizes })}`);
    delete model.inputSize;
  }
  const training = readSection('training', file.data.training, SETTINGS_FILE_TRAINING_FIELDS, skipped);
  // Files written when the Data panel had its own decode size carry it there: named, not applied.
  const data = (file.data as Record<string, unknown>).data;
  if (typeof data === 'object' && data !== null && 'imageSize' in data) skipped.push(`data.imageSize: ${retiredImageSize()}`);
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
    skipped.push(`${section}: ${i18n.t('store:settingsFile.notAnObject')}`);
    return out;
  }
  for (const [key, v] of Object.entries(value)) {
    if (!Object.hasOwn(fields, key)) {
      skipped.push(`${section}.${key}: ${key === 'imageSize' ? retiredImageSize() : i18n.t('store:settingsFile.notASetting')}`);
      continue;
    }
    const name = key as keyof T;
    const result = fields[name].safeParse(v);
    if (result.success) out[name] = result.data;
    else skipped.push(`${section}.${key}: ${result.error.issues[0]?.message ?? phraseIssue({ kind: 'invalidValue' })}`);
  }
  return out;
}
