import { create } from 'zustand';
import { action } from './actionError';
import { useStudio } from './studioStore';
import { DOMAIN_LESSON, domainArmConfig, domainRunLabel, domainRuns, type DomainArmId, type DomainResult, type DomainSettings } from './domainLesson';
import { SOURCE_TASK_ARCHITECTURE } from './forgetting';

interface DomainLessonState {
  settings: DomainSettings;
  /** The run under way (its index among the lesson's runs), or null when the lesson is not running. */
  running: { index: number; total: number; arm: DomainArmId; seed: number } | null;
  results: DomainResult[];
  setSettings: (settings: Partial<DomainSettings>) => void;
  run: () => Promise<void>;
}

/**
 * Runs the domain lesson with the studio's own actions: the sample dataset, a fresh built-in backbone per
 * run (the seed sets its new head and the run's order), its top blocks thawed, the shifted sample as target, then
 * one recorded run each (they appear in the runs table too).
 */
export const useDomainLesson = create<DomainLessonState>()((set, get) => ({
  settings: DOMAIN_LESSON,
  running: null,
  results: [],
  setSettings: (settings) => set((s) => ({ settings: { ...s.settings, ...settings } })),

  run: action('experiments', 'runDomainLesson', async () => {
    const { runState, dataset, trainingForm } = useStudio.getState();
    if (get().running || runState === 'training' || runState === 'paused') return;
    const { settings } = get();
    const runs = domainRuns(settings);
    set({ results: [] });
    try {
      if (dataset?.source.kind !== 'sample') await useStudio.getState().loadSampleDataset(useStudio.getState().sampleOptions);
      for (const [index, { arm, seed }] of runs.entries()) {
        set({ running: { index, total: runs.length, arm, seed } });
        const studio = useStudio.getState();
        // The model's new head is drawn from the form's seed: the lesson's seed, so each arm starts alike per seed.
        studio.updateTrainingForm({ seed });
        await studio.rebuildModel({ architecture: SOURCE_TASK_ARCHITECTURE });
        await useStudio.getState().applyPreset({ id: 'fine-tune-top', blocks: settings.thawedBlocks });
        const state = await useStudio.getState().train({ label: domainRunLabel(arm, seed), adjustConfig: (config) => domainArmConfig(arm, seed, config, settings) });
        const last = useStudio.getState().epochs.at(-1);
        if (state !== 'finished' || last?.targetAccuracy === undefined) break;
        set((s) => ({ results: [...s.results, { arm, seed, targetAccuracy: last.targetAccuracy ?? Number.NaN, sourceAccuracy: last.validationAccuracy }] }));
      }
    } finally {
      set({ running: null });
      useStudio.getState().updateTrainingForm({ seed: trainingForm.seed });
    }
  }),
}));
