import { create } from 'zustand';
import { createDataPart } from './dataSlice';
import { createEngineSession } from './engineSession';
import { createFormsAndSettings } from './formsSlice';
import { createModelPart } from './modelSlice';
import { createRunPart } from './runSlice';
import type { StudioState } from './studioState';

/**
 * The studio store: one zustand store made of slices, one per part (studioState.ts has their types):
 * the engine session, the forms and settings, the model, the dataset the engine trains on, and the runs.
 * The stored datasets (datasetsStore.ts) and the recorded runs (experimentsStore.ts) have stores of their own.
 */
export type { StudioState } from './studioState';

export const useStudio = create<StudioState>()((...slice) => ({
  ...createEngineSession(...slice),
  ...createFormsAndSettings(...slice),
  ...createModelPart(...slice),
  ...createDataPart(...slice),
  ...createRunPart(...slice),
}));

/** The last step the current run plans (its step axis spans it); null before a run reports progress. */
export const selectPlannedLastStep = (s: Pick<StudioState, 'progress'>): number | null =>
  s.progress ? s.progress.stepsPerEpoch * s.progress.epochs : null;

// The memory estimate follows what it depends on: the engine, the model, the dataset, the batch size and the optimizer.
useStudio.subscribe((state, previous) => {
  if (state.engineStatus !== 'ready') return;
  const changed = state.engineStatus !== previous.engineStatus || state.model !== previous.model || state.dataset !== previous.dataset
    || state.trainingForm.batchSize !== previous.trainingForm.batchSize || state.trainingForm.optimizer !== previous.trainingForm.optimizer;
  if (changed) void state.refreshMemoryCheck();
});
