import { MODEL_CATALOG } from '../models/catalog';
import { DEFAULT_TRAINING_FORM, TRAINING_BOUNDS, type TrainingForm } from './trainConfig';
import type { ModelForm } from './studioStore';

/**
 * A run's settings as a JSON file a teacher hands out ("config-driven training"): the model and the
 * training form. Reading it checks every field; what is wrong is skipped and listed, never applied.
 */
export interface ExerciseConfig {
  kind: 'thaw-settings';
  version: 1;
  model: Omit<ModelForm, 'importedBackbone'>;
  training: TrainingForm;
}

export function exerciseConfigJson(model: ModelForm, training: TrainingForm): string {
  // An imported backbone lives in this browser only: a settings file cannot carry it.
  const { importedBackbone: _local, ...portable } = model;
  const config: ExerciseConfig = { kind: 'thaw-settings', version: 1, model: portable, training };
  return JSON.stringify(config, null, 2);
}

const CHOICES: Partial<Record<keyof TrainingForm, readonly string[]>> = {
  optimizer: ['sgd', 'adam', 'adamw', 'rmsprop'],
  schedule: ['constant', 'step', 'cosine', 'cosineRestarts', 'oneCycle'],
  augmentation: ['none', 'mild'],
  classBalance: ['none', 'inverse', 'manual', 'oversample'],
};

export interface ParsedExercise {
  model: Partial<ModelForm>;
  training: Partial<TrainingForm>;
  /** One line per field that was not applied, and why. */
  skipped: string[];
}

export function parseExerciseConfig(text: string): ParsedExercise {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('The settings file is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || (value as { kind?: unknown }).kind !== 'thaw-settings') {
    throw new Error('This is not a Thaw settings file (its "kind" is not "thaw-settings")');
  }
  const { model, training } = value as { model?: unknown; training?: unknown };
  const skipped: string[] = [];
  return { model: readModel(model, skipped), training: readTraining(training, skipped), skipped };
}

function readTraining(value: unknown, skipped: string[]): Partial<TrainingForm> {
  const out: Record<string, unknown> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, v] of Object.entries(value)) {
    const name = key as keyof TrainingForm;
    if (!Object.hasOwn(DEFAULT_TRAINING_FORM, key)) { skipped.push(`training.${key}: not a setting`); continue; }
    const choices = CHOICES[name];
    if (choices) {
      if (typeof v === 'string' && choices.includes(v)) out[key] = v;
      else skipped.push(`training.${key}: ${JSON.stringify(v)} is not one of ${choices.join(', ')}`);
    } else if (name === 'manualClassWeights') {
      if (Array.isArray(v) && v.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0)) out[key] = v;
      else skipped.push(`training.${key}: must be a list of numbers ≥ 0`);
    } else {
      const bounds = TRAINING_BOUNDS[name as keyof typeof TRAINING_BOUNDS];
      const ok = typeof v === 'number' && Number.isFinite(v) && v >= bounds.min && v <= bounds.max && (!bounds.integer || Number.isInteger(v));
      if (!ok) {
        skipped.push(`training.${key}: ${JSON.stringify(v)} is not a ${bounds.integer ? 'whole number' : 'number'} from ${bounds.min} to ${bounds.max}`);
        continue;
      }
      out[key] = v;
    }
  }
  return out as Partial<TrainingForm>;
}

function readModel(value: unknown, skipped: string[]): Partial<ModelForm> {
  const out: Partial<ModelForm> = {};
  if (typeof value !== 'object' || value === null) return out;
  const m = value as Record<string, unknown>;
  if (m.architecture !== undefined) {
    const entry = MODEL_CATALOG.find((e) => e.id === m.architecture);
    if (entry?.unlisted) skipped.push(`model.architecture: ${JSON.stringify(m.architecture)} is a model imported in one browser; import its files instead`);
    else if (entry) out.architecture = entry.id;
    else skipped.push(`model.architecture: ${JSON.stringify(m.architecture)} is not a model of this studio`);
  }
  const numbers: [keyof ModelForm, number, number, boolean][] = [
    ['width', 2, 64, true], ['dropout', 0, 0.9, false], ['inputSize', 32, 512, true], ['headHiddenUnits', 0, 1024, true], ['headL2', 0, 1, false],
  ];
  for (const [key, min, max, integer] of numbers) {
    const v = m[key];
    if (v === undefined) continue;
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v))) (out as Record<string, unknown>)[key] = v;
    else skipped.push(`model.${key}: ${JSON.stringify(v)} is not ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  }
  return out;
}
