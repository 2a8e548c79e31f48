import * as Comlink from 'comlink';
import { i18n } from '../common/i18n/i18n';
import { create } from 'zustand';
import { LR_FINDER_STEPS, TRAINING_BOUNDS, type LrFinderProgress, type LrFinderResult } from '../contract';
import { action } from './actionError';
import { engineApi } from './engineSession';
import { useStudio } from './studioStore';
import { toTrainConfig } from './trainConfig';
import type { StudioState } from './studioState';

/**
 * The learning-rate finder (fastai's lr_find): its progress while the engine sweeps, the loss-vs-rate
 * curve it found, and "Use this rate", which puts the suggestion into the training form.
 */
export interface LrFinderState {
  /** The sweep's step while it runs; null otherwise. */
  progress: LrFinderProgress | null;
  result: LrFinderResult | null;
  /** The sweep's length (fastai's num_it), kept within LR_FINDER_STEPS. */
  steps: number;
  setSteps: (steps: number) => void;
  find: () => Promise<void>;
  /** Sets the form's learning rate to the suggestion (kept inside the form's bounds). */
  useSuggestion: () => void;
}

/** Why the finder cannot run now (a run trains, no model), saying what to do; null when it can. */
export function lrFinderRefusal(studio: Pick<StudioState, 'runState' | 'model' | 'dataset'>): string | null {
  if (studio.runState === 'training' || studio.runState === 'paused') {
    return i18n.t('messages:finder.training');
  }
  if (!studio.model || !studio.dataset) return i18n.t('messages:finder.noModel');
  return null;
}

export const useLrFinder = create<LrFinderState>()((set, get) => ({
  progress: null,
  result: null,
  steps: LR_FINDER_STEPS.default,
  setSteps: (steps) => set({ steps: Math.min(LR_FINDER_STEPS.max, Math.max(LR_FINDER_STEPS.min, Math.round(steps) || LR_FINDER_STEPS.default)) }),

  find: action('run', 'findLearningRate', async () => {
    const refusal = lrFinderRefusal(useStudio.getState());
    if (refusal) throw new Error(refusal);
    const { trainingForm, dataset } = useStudio.getState();
    const config = toTrainConfig(trainingForm, dataset?.trainCounts ?? []);
    set({ progress: { step: 0, steps: 0, learningRate: 0 }, result: null });
    try {
      const result = await engineApi().findLearningRate(config, Comlink.proxy((progress: LrFinderProgress) => set({ progress })), get().steps);
      set({ result });
    } finally {
      set({ progress: null });
    }
  }),

  useSuggestion: () => {
    const suggestion = get().result?.suggestion;
    if (suggestion === null || suggestion === undefined) return;
    const { min, max } = TRAINING_BOUNDS.learningRate;
    useStudio.getState().updateTrainingForm({ learningRate: Number(Math.min(max, Math.max(min, suggestion)).toPrecision(2)) });
  },
}));
