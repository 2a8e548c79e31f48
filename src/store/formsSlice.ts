import {
  DEFAULT_MODEL_FORM, DEFAULT_SETTINGS, DEFAULT_TRAINING_FORM, type ModelForm, type ModelSpec,
  type StudioSettings, type TrainingForm,
} from '../contract';
import { loadSettings as loadSavedSettings, saveSettings } from '../persistence/db';
import { action } from './actionError';
import { catalogEntry } from '../models/catalog';
import { engineApi, memoryLimitBytes, decodedCacheBytes } from './engineSession';
import { exerciseConfigJson, parseExerciseConfig } from './exerciseConfig';
import type { FormsAndSettings, StudioSlice } from './studioState';
import { i18n } from '../common/i18n/i18n';

/**
 * The Setup panel's two forms (their defaults and bounds are the contract's tables, contract/forms.ts),
 * the studio's settings saved in this browser, and settings files (exerciseConfig.ts).
 */

/** The form for a model the engine reports; an imported backbone stays available in the list. */
export function modelFormOf(spec: ModelSpec, previous: ModelForm): ModelForm {
  const importedBackbone = spec.importedBackbone ?? previous.importedBackbone;
  const pretrained = catalogEntry(spec.architecture).pretrained;
  return {
    architecture: spec.architecture, width: spec.width, dropout: spec.dropout,
    // A from-scratch model's size is its own field, so picking a pretrained model later keeps that one's size list.
    inputSize: pretrained ? spec.inputSize : previous.inputSize,
    ...(pretrained ? (previous.scratchInputSize !== undefined ? { scratchInputSize: previous.scratchInputSize } : {}) : { scratchInputSize: spec.inputSize }),
    headHiddenUnits: spec.headHiddenUnits ?? 0, headL2: spec.headL2 ?? 0, ...(importedBackbone ? { importedBackbone } : {}),
  };
}

/**
 * The old augmentation choice ('none' / 'mild', from the Setup panel or an older settings file) set
 * without the panel's values means that preset: the panel's values are dropped so it applies.
 */
function withLegacyAugmentation(form: TrainingForm, change: Partial<TrainingForm>): TrainingForm {
  if (change.augmentation === undefined || change.augmentationOps !== undefined) return form;
  const { augmentationOps: _replaced, ...rest } = form;
  return rest;
}

export const createFormsAndSettings: StudioSlice<FormsAndSettings> = (set, get) => {
  /** Applies a change to the settings and saves them. */
  const changeSettings = async (change: Partial<StudioSettings>) => {
    const settings = { ...get().settings, ...change };
    set({ settings });
    await saveSettings(settings);
  };

  return {
    settings: DEFAULT_SETTINGS,
    modelForm: DEFAULT_MODEL_FORM,
    trainingForm: DEFAULT_TRAINING_FORM,

    updateTrainingForm: (form) => set((s) => ({ trainingForm: withLegacyAugmentation({ ...s.trainingForm, ...form }, form) })),

    loadSettings: async () => {
      const settings = await loadSavedSettings();
      set({ settings });
      return settings;
    },

    exerciseSettingsJson: () => exerciseConfigJson(get().modelForm, get().trainingForm),

    settingsReport: null,

    // One report per file, every skipped field in it: the previous file's report goes when the next is read.
    loadExerciseSettings: action('setup', 'loadExerciseSettings', async (text: string, fileName = i18n.t('store:settingsFile.fileName')) => {
      set({ settingsReport: null });
      const parsed = parseExerciseConfig(text, get().modelForm.architecture);
      get().updateTrainingForm(parsed.training);
      const current = get().modelForm;
      const modelChanged = (Object.keys(parsed.model) as (keyof ModelForm)[]).some((k) => parsed.model[k] !== current[k]);
      if (modelChanged) await get().rebuildModel(parsed.model);
      const applied = Object.keys(parsed.model).length + Object.keys(parsed.training).length;
      set({ settingsReport: { file: fileName, applied, skipped: parsed.skipped } });
    }, { fallback: undefined, describe: (reason, _text, fileName) => `${fileName ?? i18n.t('store:settingsFile.theFileStart')}: ${reason}` }),

    dismissSettingsReport: () => set({ settingsReport: null }),

    setBackendSetting: action('setup', 'setBackendSetting', async (backend: StudioSettings['backend']) => {
      await changeSettings({ backend });
      // Tensors live on one backend: a clean engine is the honest way to switch.
      const url = new URL(location.href);
      url.searchParams.delete('backend');
      history.replaceState(null, '', url);
      await get().restartEngine();
    }),

    setClassroomMode: action('setup', 'setClassroomMode', (on: boolean) => changeSettings({ classroomMode: on })),
    setShowCharts: action('setup', 'setShowCharts', (on: boolean) => changeSettings({ showCharts: on })),

    setModelBaseUrl: action('setup', 'setModelBaseUrl', (url: string) => {
      const trimmed = url.trim();
      return changeSettings({ modelBaseUrl: trimmed === '' ? undefined : trimmed });
    }),

    setMemoryLimit: action('setup', 'setMemoryLimit', async (gb: number) => {
      const settings = { ...get().settings, memoryLimitGb: gb > 0 ? gb : undefined };
      await changeSettings(settings);
      await engineApi().setMemoryLimit(memoryLimitBytes(settings));
      await get().refreshMemoryCheck();
    }),

    setDecodedCacheSize: action('setup', 'setDecodedCacheSize', async (mb: number) => {
      const settings = { ...get().settings, decodedCacheMb: mb > 0 ? Math.round(mb) : undefined };
      await changeSettings(settings);
      await engineApi().setDecodedCacheBudget(decodedCacheBytes(settings));
    }),
  };
};
