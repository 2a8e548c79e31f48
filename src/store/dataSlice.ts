import { errorMessage } from '../common/errors';
import { i18n } from '../common/i18n/i18n';
import { NO_AUGMENTATION, SAMPLE_IMAGES_PER_CLASS, type DatasetSummary, type ImagePreview } from '../contract';
import { action } from './actionError';
import { engineApi, SAMPLE_DATASET } from './engineSession';
import type { DataPart, SampleOptions, StudioSlice } from './studioState';
import { toTrainConfig } from './trainConfig';

/** The dataset the engine trains on: the built-in sample or a stored import (datasetsStore.ts keeps those). */

/**
 * Dataset loads (the sample's and stored ones) and model imports run one after another in the engine,
 * so the last one asked for (after an edit made while an earlier load was still going) is the one that
 * stays, and a slow load (a large manifest) can never rebuild the model while an import is scoring it
 * (its tensors would be disposed under it). `whenDatasetLoaded` resolves once none is left.
 */
let loadQueue: Promise<unknown> = Promise.resolve();

/** Runs `work` after every load or import queued before it. */
export function afterDatasetLoads<T>(work: () => Promise<T>): Promise<T> {
  const next = loadQueue.catch(() => {}).then(work);
  loadQueue = next;
  return next;
}

/** Why Train is off after a dataset the engine refused: it still holds the previous one. */
function refusalOf(name: string, error: unknown, loaded: string | undefined): string {
  const still = loaded ? i18n.t('messages:dataset.stillHolds', { loaded }) : i18n.t('messages:dataset.trainOff');
  return i18n.t('messages:dataset.refused', { name, reason: errorMessage(error), still });
}

export const createDataPart: StudioSlice<DataPart> = (set, get) => {
  /** Loads a dataset into the engine; a refusal is kept (datasetRefusal) so Train never trains the previous dataset instead. */
  const load = async (name: string, work: () => Promise<DatasetSummary>) => {
    try {
      const dataset = await work();
      set({ dataset, datasetRefusal: null, validationPredictions: null, validationConfidence: null });
    } catch (error) {
      set({ datasetRefusal: refusalOf(name, error, get().dataset?.name) });
      throw error;
    }
    await get().rebuildModel({});
  };

  return {
    dataset: null,
    datasetRefusal: null,
    loadingDataset: null,
    whenDatasetLoaded: () => loadQueue.then(() => {}, () => {}),
    sampleOptions: { imbalanced: false, seed: 7, imagesPerClass: SAMPLE_IMAGES_PER_CLASS.default },

    loadSampleDataset: action('datasets', 'loadSampleDataset', (options: SampleOptions) => {
      set({ sampleOptions: options });
      return afterDatasetLoads(() => load(i18n.t('store:datasets.builtInSample'), () => engineApi().loadSampleDataset({ ...options, ...SAMPLE_DATASET })));
    }),

    loadStoredDataset: action('datasets', 'loadStoredDataset', (datasetId: string, name?: string) => afterDatasetLoads(async () => {
      set({ loadingDataset: { datasetId, name: name ?? i18n.t('store:datasets.theDataset') } });
      try {
        await load(name ?? i18n.t('store:datasets.theDatasetStart'), () => engineApi().loadStoredDataset(datasetId));
      } finally {
        if (get().loadingDataset?.datasetId === datasetId) set({ loadingDataset: null });
      }
    })),

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
  };
};
