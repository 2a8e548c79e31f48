import { create } from 'zustand';
import { action } from './actionError';
import { useStudio } from './studioStore';
import { FORGETTING_ARMS, FORGETTING_LESSON, forgettingArmConfig, forgettingRunLabel, forgettingSeeds, type ForgettingArm, type ForgettingArmId, type ForgettingResult, type ForgettingSettings } from './forgettingLesson';
import { SOURCE_TASK_ARCHITECTURE } from './forgetting';

interface ForgettingLessonState {
  settings: ForgettingSettings;
  /** The run being trained (its index among the lesson's runs, its arm and seed), or null when the lesson is not running. */
  running: { index: number; total: number; arm: ForgettingArmId; seed: number } | null;
  results: ForgettingResult[];
  setSettings: (settings: Partial<ForgettingSettings>) => void;
  run: () => Promise<void>;
}

/**
 * Runs the forgetting lesson with the studio's own actions: the sample dataset, then for each arm and seed a
 * fresh built-in backbone (at one seed every arm starts from the same weights), the arm's freezing, rates
 * and penalty, and one recorded run (they appear in the runs table too).
 */
export const useForgettingLesson = create<ForgettingLessonState>()((set, get) => ({
  settings: FORGETTING_LESSON,
  running: null,
  results: [],
  setSettings: (settings) => set((s) => ({ settings: { ...s.settings, ...settings } })),

  run: action('experiments', 'runForgettingLesson', async () => {
    const { runState, dataset, trainingForm } = useStudio.getState();
    if (get().running || runState === 'training' || runState === 'paused') return;
    const { settings } = get();
    const seeds = forgettingSeeds(trainingForm.seed, settings);
    const runs = FORGETTING_ARMS.flatMap((arm) => seeds.map((seed) => ({ arm, seed })));
    set({ results: [] });
    try {
      if (dataset?.source.kind !== 'sample') await useStudio.getState().loadSampleDataset(useStudio.getState().sampleOptions);
      for (const [index, { arm, seed }] of runs.entries()) {
        set({ running: { index, total: runs.length, arm: arm.id, seed } });
        const result = await runArm(arm, seed, settings);
        if (!result) break;
        set((s) => ({ results: [...s.results, result] }));
      }
    } finally {
      set({ running: null });
      // The form's seed drew each run's head; the lower-rate arm's multipliers would surprise the next ordinary run.
      useStudio.getState().updateTrainingForm({ seed: trainingForm.seed });
      for (const block of useStudio.getState().model?.blocks ?? []) {
        if (block.id !== 'head') await useStudio.getState().setBlockLrMultiplier(block.id, 1);
      }
    }
  }),
}));

/** One run of the lesson: a fresh built-in backbone with this seed's head, the arm's freezing and rates; its last epoch's accuracies. */
async function runArm(arm: ForgettingArm, seed: number, settings: ForgettingSettings): Promise<ForgettingResult | null> {
  const studio = useStudio.getState();
  // The model's head is drawn from the form's seed: set it, so each seed starts from its own head.
  studio.updateTrainingForm({ seed });
  await studio.rebuildModel({ architecture: SOURCE_TASK_ARCHITECTURE });
  await studio.applyPreset(arm.frozenBackbone ? { id: 'feature-extraction' } : { id: 'full-retraining' });
  for (const block of useStudio.getState().model?.blocks ?? []) {
    if (block.id !== 'head') await studio.setBlockLrMultiplier(block.id, arm.backboneLrMultiplier);
  }
  const state = await studio.train({ label: forgettingRunLabel(arm.id, seed), adjustConfig: (config) => forgettingArmConfig(arm, config, settings, seed) });
  const last = useStudio.getState().epochs.at(-1);
  if (state !== 'finished' || !last || last.sourceAccuracy === undefined) return null;
  return { arm: arm.id, seed, targetAccuracy: last.validationAccuracy, sourceAccuracy: last.sourceAccuracy };
}
