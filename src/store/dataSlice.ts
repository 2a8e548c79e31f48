import { NO_AUGMENTATION, type ImagePreview } from '../contract';
import { action } from './actionError';
import { engineApi, SAMPLE_DATASET } from './engineSession';
import type { DataPart, StudioSlice } from './studioState';
import { toTrainConfig } from './trainConfig';

/** The dataset the engine trains on: the built-in sample or a stored import (datasetsStore.ts keeps those). */

/**
 * Stored-dataset loads run one after another, so the last one asked for (after an edit made while an
 * earlier load was still going) is the one that stays; `whenDatasetLoaded` resolves once none is left.
 */
let loadQueue: Promise<unknown> = Promise.resolve();

export const createDataPart: StudioSlice<DataPart> = (set, get) => ({
  dataset: null,
  loadingDataset: null,
  whenDatasetLoaded: () => loadQueue.then(() => {}, () => {}),
  sampleOptions: { imbalanced: false, seed: 7 },

  loadSampleDataset: action('datasets', 'loadSampleDataset', async (options: { imbalanced: boolean; seed: number }) => {
    set({ sampleOptions: options });
    const dataset = await engineApi().loadSampleDataset({ ...options, ...SAMPLE_DATASET });
    set({ dataset, validationPredictions: null, validationConfidence: null });
    await get().rebuildModel({});
  }),

  loadStoredDataset: action('datasets', 'loadStoredDataset', (datasetId: string, name?: string) => {
    const load = loadQueue.catch(() => {}).then(async () => {
      set({ loadingDataset: { datasetId, name: name ?? 'the dataset' } });
      try {
        const dataset = await engineApi().loadStoredDataset(datasetId);
        set({ dataset, validationPredictions: null, validationConfidence: null });
        await get().rebuildModel({});
      } finally {
        if (get().loadingDataset?.datasetId === datasetId) set({ loadingDataset: null });
      }
    });
    loadQueue = load;
    return load;
  }),

  renameClasses: action('datasets', 'renameClasses', async (classNames: string[]) => {
    set({ dataset: await engineApi().renameClasses(classNames) });
  }),

  // Asked by the gallery after each epoch, not by the user: a failure does not clear what the user's own actions said.
  fetchValidationImages: action(
    'run', 'fetchValidationImages', (positions: number[]) => engineApi().validationImages(positions),
    { fallback: [] as ImagePreview[], clearsError: false },
  ),

  previewAugmentation: action('setup', 'previewAugmentation', (count: number, seed: number) => {
    const augmentation = toTrainConfig(get().trainingForm, get().dataset?.trainCounts ?? []).augmentation ?? NO_AUGMENTATION;
    return engineApi().previewAugmentation(augmentation, count, seed);
  }, { fallback: [] as ImagePreview[] }),
});
