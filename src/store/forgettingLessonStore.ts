import { create } from 'zustand';
import { action } from './actionError';
import { useStudio } from './studioStore';
import { FORGETTING_ARMS, FORGETTING_LESSON, forgettingArmConfig, type ForgettingArmId, type ForgettingResult, type ForgettingSettings } from './forgettingLesson';
import { SOURCE_TASK_ARCHITECTURE } from './forgetting';

interface ForgettingLessonState {
  settings: ForgettingSettings;
  /** The arm being trained (its index among the arms), or null when the lesson is not running. */
  running: { index: number; total: number; arm: ForgettingArmId } | null;
  results: ForgettingResult[];
  setSettings: (settings: Partial<ForgettingSettings>) => void;
  run: () => Promise<void>;
}

/**
 * Runs the forgetting lesson with the studio's own actions: the sample dataset, a fresh built-in backbone
 * per arm (same seed, so every arm starts from the same weights), the arm's freezing, rates and penalty,
 * then one recorded run each (they appear in the runs table too).
 */
export const useForgettingLesson = create<ForgettingLessonState>()((set, get) => ({
  settings: FORGETTING_LESSON,
  running: null,
  results: [],
  setSettings: (settings) => set((s) => ({ settings: { ...s.settings, ...settings } })),

  run: action('experiments', 'runForgettingLesson', async () => {
    const { runState, dataset } = useStudio.getState();
    if (get().running || runState === 'training' || runState === 'paused') return;
    const { settings } = get();
    set({ results: [] });
    try {
      if (dataset?.source.kind !== 'sample') await useStudio.getState().loadSampleDataset(useStudio.getState().sampleOptions);
      for (const [index, arm] of FORGETTING_ARMS.entries()) {
        set({ running: { index, total: FORGETTING_ARMS.length, arm: arm.id } });
        const studio = useStudio.getState();
        await studio.rebuildModel({ architecture: SOURCE_TASK_ARCHITECTURE });
        await studio.applyPreset(arm.frozenBackbone ? { id: 'feature-extraction' } : { id: 'full-retraining' });
        for (const block of useStudio.getState().model?.blocks ?? []) {
          if (block.id !== 'head') await studio.setBlockLrMultiplier(block.id, arm.backboneLrMultiplier);
        }
        const state = await studio.train({ label: `Forgetting lesson: ${arm.id}`, adjustConfig: (config) => forgettingArmConfig(arm, config, settings) });
        const last = useStudio.getState().epochs.at(-1);
        if (state !== 'finished' || !last || last.sourceAccuracy === undefined) break;
        set((s) => ({ results: [...s.results, { arm: arm.id, targetAccuracy: last.validationAccuracy, sourceAccuracy: last.sourceAccuracy ?? Number.NaN }] }));
      }
    } finally {
      set({ running: null });
      // The lower-rate arm's multipliers would surprise the next ordinary run.
      for (const block of useStudio.getState().model?.blocks ?? []) {
        if (block.id !== 'head') await useStudio.getState().setBlockLrMultiplier(block.id, 1);
      }
    }
  }),
}));
