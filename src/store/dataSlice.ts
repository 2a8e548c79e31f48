import { NO_AUGMENTATION, type ImagePreview } from '../contract';
import { action } from './actionError';
import { engineApi, SAMPLE_DATASET } from './engineSession';
import type { DataPart, StudioSlice } from './studioState';
import { toTrainConfig } from './trainConfig';

/** The dataset the engine trains on: the built-in sample or a stored import (datasetsStore.ts keeps those). */

/** At most this many unreadable images are named in the notice. */
const UNREADABLE_NAMED = 5;

export const createDataPart: StudioSlice<DataPart> = (set, get) => ({
  dataset: null,
  sampleOptions: { imbalanced: false, seed: 7 },

  loadSampleDataset: action('datasets', 'loadSampleDataset', async (options: { imbalanced: boolean; seed: number }) => {
    set({ sampleOptions: options });
    const dataset = await engineApi().loadSampleDataset({ ...options, ...SAMPLE_DATASET });
    set({ dataset, validationPredictions: null, validationConfidence: null });
    await get().rebuildModel({});
  }),

  loadStoredDataset: action('datasets', 'loadStoredDataset', async (datasetId: string, imageSize: number) => {
    const dataset = await engineApi().loadStoredDataset(datasetId, imageSize);
    set({ dataset, validationPredictions: null, validationConfidence: null });
    const { unreadable } = dataset;
    if (unreadable.length > 0) {
      const named = `${unreadable.slice(0, UNREADABLE_NAMED).join(', ')}${unreadable.length > UNREADABLE_NAMED ? ', …' : ''}`;
      get().addNotice(`${unreadable.length} stored image(s) could not be read back and were left out: ${named}`);
    }
    await get().rebuildModel({});
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
