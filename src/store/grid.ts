import {
  ARCHITECTURE_ID, AUGMENTATION_PRESET, AUGMENTATION_PRESETS, DEFAULT_TRAINING_FORM, GRID_PRESET, phraseIssue, SETTINGS_FILE_TRAINING_FIELDS,
  type AugmentationConfig, type GradualUnfreezerOptions, type GridAxis, type GridCombination, type GridFixed, type GridPreset,
  type GridSetting, type GridValue, type ArchitectureId, type TrainingForm, type TrainSubset, UNFREEZING_SCHEDULE, type UnfreezingSchedule,
} from '../contract';
import type { StrategyPreset } from '../freeze/presets';
import { i18n } from '../common/i18n/i18n';

/**
 * The experiment grid, as pure functions: its expansion into runs (every combination of its axes'
 * values, each with every seed), the check that refuses a grid that cannot run (and says why), and
 * what one combination sets: form fields, backbone, preset, augmentation, unfreezing.
 */

export const GRID_MAX_AXES = 3;
export const GRID_MAX_RUNS = 64;

/** The form fields an axis may vary: every setting of the training form but the seed (the grid's own) and the per-class weights list. */
export type GridFormField = Exclude<keyof TrainingForm, 'seed' | 'manualClassWeights'>;
export const GRID_FORM_FIELDS = (Object.keys(DEFAULT_TRAINING_FORM) as (keyof TrainingForm)[])
  .filter((f): f is GridFormField => f !== 'seed' && f !== 'manualClassWeights');

/** Why one value cannot be taken by an axis, or null. */
function valueRefusal(setting: GridSetting, value: GridValue): string | null {
  switch (setting.kind) {
    case 'field': {
      const field = GRID_FORM_FIELDS.find((f) => f === setting.field);
      if (!field) return i18n.t('store:grid.notASetting', { field: setting.field });
      const parsed = SETTINGS_FILE_TRAINING_FIELDS[field].safeParse(value);
      return parsed.success ? null : `${setting.field}: ${parsed.error.issues[0]?.message ?? phraseIssue({ kind: 'invalidValue' })}`;
    }
    case 'preset': return GRID_PRESET.safeParse(value).success ? null : i18n.t('store:grid.notOneOf', { value: String(value), options: GRID_PRESET.options.join(', ') });
    case 'backbone': return ARCHITECTURE_ID.safeParse(value).success ? null : i18n.t('store:grid.notAModel', { value: String(value) });
    case 'augmentation': return AUGMENTATION_PRESET.safeParse(value).success ? null : i18n.t('store:grid.notOneOf', { value: String(value), options: AUGMENTATION_PRESET.options.join(', ') });
    case 'unfreezing': return UNFREEZING_SCHEDULE.safeParse(value).success ? null : i18n.t('store:grid.notOneOf', { value: String(value), options: UNFREEZING_SCHEDULE.options.join(', ') });
  }
}

function settingKey(setting: GridSetting): string {
  return setting.kind === 'field' ? `field:${setting.field}` : setting.kind;
}

/** Why the grid cannot run (too many axes or runs, an axis twice, a wrong value, no seed), or null. */
export function gridRefusal(axes: readonly GridAxis[], seeds: readonly number[]): string | null {
  if (axes.length > GRID_MAX_AXES) return i18n.t('store:grid.tooManyAxes', { max: GRID_MAX_AXES, given: axes.length });
  if (seeds.length === 0) return i18n.t('store:grid.noSeed');
  if (seeds.some((s) => !Number.isInteger(s) || s < 0)) return i18n.t('store:grid.seedsWhole');
  const keys = axes.map((a) => settingKey(a.setting));
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice) return i18n.t('store:grid.twice', { setting: twice.replace('field:', '') });
  for (const axis of axes) {
    if (axis.values.length === 0) return i18n.t('store:grid.noValue', { setting: settingKey(axis.setting).replace('field:', '') });
    for (const value of axis.values) {
      const refusal = valueRefusal(axis.setting, value);
      if (refusal) return refusal;
    }
  }
  const runs = axes.reduce((n, a) => n * a.values.length, 1) * seeds.length;
  if (runs > GRID_MAX_RUNS) return i18n.t('store:grid.tooManyRuns', { runs, max: GRID_MAX_RUNS });
  return null;
}

/**
 * Every combination of the axes' values (the first axis varying slowest), each with every seed, in
 * the order they run. Throws the refusal's reason for a grid that cannot run.
 */
export function expandGrid(axes: readonly GridAxis[], seeds: readonly number[]): GridCombination[] {
  const refusal = gridRefusal(axes, seeds);
  if (refusal) throw new Error(refusal);
  let combos: GridValue[][] = [[]];
  for (const axis of axes) combos = combos.flatMap((prefix) => axis.values.map((v) => [...prefix, v]));
  return combos.flatMap((values) => seeds.map((seed) => ({ values, seed })));
}

/** What one run of a grid sets, once its fixed settings and its combination's values are put together. */
export interface ResolvedRun {
  form: Partial<TrainingForm>;
  architecture?: ArchitectureId;
  preset?: StrategyPreset;
  augmentation?: AugmentationConfig;
  unfreezing?: GradualUnfreezerOptions;
  headDropout?: number;
  headL2?: number;
  trainSubset?: TrainSubset;
}

export function strategyPresetOf(preset: GridPreset): StrategyPreset {
  switch (preset) {
    case 'feature-extraction': return { id: 'feature-extraction' };
    case 'top-1': return { id: 'fine-tune-top', blocks: 1 };
    case 'top-2': return { id: 'fine-tune-top', blocks: 2 };
    case 'full': return { id: 'full-retraining' };
  }
}

/** Lesson 2's schedules: one block per epoch, one every 5 epochs, one when validation loss stalls for 2 epochs. */
export function unfreezingOf(schedule: UnfreezingSchedule): GradualUnfreezerOptions {
  switch (schedule) {
    case 'every-epoch': return { everyEpochs: 1 };
    case 'every-5-epochs': return { everyEpochs: 5 };
    case 'on-plateau': return { onPlateau: { patience: 2, minDelta: 1e-4 } };
  }
}

export function resolveRun(fixed: GridFixed, axes: readonly GridAxis[], combination: GridCombination): ResolvedRun {
  const run: ResolvedRun = {
    form: { ...(fixed.form as Partial<TrainingForm>), seed: combination.seed },
    architecture: fixed.architecture,
    preset: fixed.preset ? strategyPresetOf(fixed.preset) : undefined,
    augmentation: fixed.augmentation,
    unfreezing: fixed.unfreezing,
    headDropout: fixed.headDropout,
    headL2: fixed.headL2,
    trainSubset: fixed.trainSubset,
  };
  axes.forEach((axis, i) => {
    const value = combination.values[i];
    if (value === undefined) return;
    const { setting } = axis;
    if (setting.kind === 'field') run.form = { ...run.form, [setting.field]: value };
    else if (setting.kind === 'preset') run.preset = strategyPresetOf(GRID_PRESET.parse(value));
    else if (setting.kind === 'backbone') run.architecture = ARCHITECTURE_ID.parse(value);
    else if (setting.kind === 'augmentation') run.augmentation = AUGMENTATION_PRESETS[AUGMENTATION_PRESET.parse(value)];
    else run.unfreezing = unfreezingOf(UNFREEZING_SCHEDULE.parse(value));
  });
  return run;
}

/** "preset full · learningRate 0.001 · seed 2": a run's place in its grid, for its label and the table. */
export function combinationLabel(axes: readonly GridAxis[], combination: GridCombination, { withSeed = true } = {}): string {
  // Settings and their values by their names in the code (learningRate 0.01, preset full): as a settings file writes them.
  const parts = axes.map((axis, i) => `${axis.setting.kind === 'field' ? axis.setting.field : axis.setting.kind} ${String(combination.values[i])}`);
  return (withSeed ? [...parts, i18n.t('store:grid.seed', { seed: combination.seed })] : parts).join(' · ');
}
