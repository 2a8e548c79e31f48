import { errorMessage } from '../common/errors';
import type { DatasetManifest, SplitSettings, StoredImage } from '../contract';
import { create } from 'zustand';
import * as Comlink from 'comlink';
import { callImporter, importerApi } from './importerClient';
import { action } from './actionError';
import { useStudio } from './studioStore';
import type { ImportFile, ImportOutcome, ImportProgress } from '../data/import/importer';
import { datasetNameFor } from '../data/import/collectFiles';
import { assignSplit, cleanName, deleteClass, DEFAULT_SPLIT, mergeClasses, removeImages, renameClass } from '../data/datasetEdits';
import { collectOrphans, deleteDataset as deleteStoredDataset, listDatasets, loadImage, loadManifest, saveEditedManifest, storageReport, type StorageReport } from '../persistence/datasets';
import { i18n } from '../common/i18n/i18n';

/**
 * UI state of the imported datasets: the stored list, a running import's progress, the last
 * import's report, and the edits (rename, split, classes, images) that go through persistence.
 * Their errors are the 'datasets' part's (actionError.ts).
 */
export interface DatasetsState {
  datasets: DatasetManifest[];
  /** Dataset records that could not be read: named to the user, left in place. */
  damaged: string[];
  storage: StorageReport | null;
  importing: (ImportProgress & { name: string }) | null;
  lastImport: (ImportOutcome & { name: string }) | null;
  /** The dataset shown in the dataset view. */
  inspectedId: string | null;

  refresh: () => Promise<void>;
  /** `origin` 'camera': frames recorded in the studio, marked so in their records. */
  importFiles: (files: ImportFile[], target?: { datasetId: string; intoClass?: string }, origin?: 'camera') => Promise<void>;
  cancelImport: () => Promise<void>;
  inspect: (id: string | null) => void;
  /** Loads a stored dataset into the engine and rebuilds the model for it. */
  trainOn: (id: string) => Promise<void>;
  renameDataset: (id: string, name: string) => Promise<void>;
  deleteDataset: (id: string) => Promise<void>;
  applySplit: (id: string, split: SplitSettings) => Promise<void>;
  renameClass: (id: string, classIndex: number, name: string) => Promise<void>;
  mergeClasses: (id: string, from: number, into: number) => Promise<void>;
  deleteClass: (id: string, classIndex: number) => Promise<void>;
  removeImage: (id: string, imageId: number) => Promise<void>;
  /** Fault injection for e2e (window.thawFaults with ?faults=1). */
  simulateStorageFull: (images: number) => Promise<void>;
  simulateImporterCrash: () => Promise<void>;
}

/** One stored image (a thumbnail's bytes); undefined when its record is missing or damaged. */
export function loadStoredImage(datasetId: string, imageId: number): Promise<StoredImage | undefined> {
  return loadImage(datasetId, imageId);
}

export const useDatasets = create<DatasetsState>()((set, get) => {
  /**
   * An edit of a stored dataset: a pure change of its manifest, saved. When the engine trains on that
   * dataset, a change of images reloads it (and rebuilds the model); a rename only renames, so a trained
   * model is kept.
   */
  const edit = <Args extends unknown[]>(name: string, changesImages: boolean, change: (manifest: DatasetManifest, ...args: Args) => DatasetManifest) =>
    action('datasets', name, async (id: string, ...args: Args) => {
      const before = await loadManifest(id);
      if (!before) throw new Error(i18n.t('store:datasets.gone'));
      const after = change(before, ...args);
      const studio = useStudio.getState();
      const source = studio.dataset?.source;
      // Being loaded counts as in use: the edit reloads it after that load, so the last edit wins.
      const active = (source?.kind === 'stored' && source.datasetId === id) || studio.loadingDataset?.datasetId === id;
      if (active && changesImages && isBusy()) throw new Error(i18n.t('store:datasets.stopRunBeforeChanging'));
      await saveEditedManifest(before, after);
      await get().refresh();
      if (!active) return;
      if (changesImages) await get().trainOn(id);
      else await useStudio.getState().renameClasses(after.classNames);
    });

  return {
    datasets: [],
    damaged: [],
    storage: null,
    importing: null,
    lastImport: null,
    inspectedId: null,

    refresh: action('datasets', 'refresh', async () => {
      const [{ datasets, damaged }, storage] = await Promise.all([listDatasets(), storageReport(false)]);
      set({ datasets, damaged, storage });
    }),

    importFiles: action('datasets', 'importFiles', async (files: ImportFile[], target?: { datasetId: string; intoClass?: string }, origin?: 'camera') => {
      if (get().importing) return;
      if (files.length === 0) throw new Error(i18n.t('store:datasets.nothingToImport'));
      const name = target ? (get().datasets.find((d) => d.id === target.datasetId)?.name ?? 'dataset') : datasetNameFor(files);
      set({ lastImport: null, importing: { name, done: 0, total: files.length, current: '', imported: 0, skipped: 0 } });
      try {
        // Asked once, at the first import: persistent storage keeps datasets from being evicted under pressure.
        if (!askedToPersist) {
          askedToPersist = true;
          void storageReport(true);
        }
        // Progress comes on its own message channel and may arrive after the result: once done, it is ignored.
        let running = true;
        const outcome = await callImporter((importer) => importer.importFiles(
          { name, files, split: DEFAULT_SPLIT, datasetId: target?.datasetId, intoClass: target?.intoClass, origin },
          Comlink.proxy((progress: ImportProgress) => { if (running) set({ importing: { ...progress, name } }); }),
        )).finally(() => { running = false; });
        set({ lastImport: { ...outcome, name }, importing: null });
        await get().refresh();
        if (outcome.status === 'done' && outcome.manifest) {
          set({ inspectedId: outcome.manifest.id });
          // A camera dataset's first class cannot train yet: it is loaded once it has a second.
          const trainable = origin !== 'camera' || outcome.manifest.classNames.length >= 2;
          if (!isBusy() && trainable) await get().trainOn(outcome.manifest.id);
        }
      } catch (error) {
        set({ importing: null });
        await get().refresh();
        throw new Error(i18n.t('store:datasets.importStopped', { reason: errorMessage(error) }), { cause: error });
      }
    }),

    cancelImport: action('datasets', 'cancelImport', () => importerApi().cancel()),

    inspect: (id) => set({ inspectedId: id }),

    trainOn: action('datasets', 'trainOn', async (id: string) => {
      const manifest = get().datasets.find((d) => d.id === id) ?? (await loadManifest(id));
      if (!manifest) throw new Error(i18n.t('store:datasets.gone'));
      set({ inspectedId: id });
      await useStudio.getState().loadStoredDataset(id, manifest.name);
    }),

    deleteDataset: action('datasets', 'deleteDataset', async (id: string) => {
      const source = useStudio.getState().dataset?.source;
      if (source?.kind === 'stored' && source.datasetId === id) {
        if (isBusy()) throw new Error(i18n.t('store:datasets.stopRunBeforeDeleting'));
        await useStudio.getState().loadSampleDataset(useStudio.getState().sampleOptions);
      }
      await deleteStoredDataset(id);
      if (get().inspectedId === id) set({ inspectedId: null });
      await get().refresh();
    }),

    renameDataset: edit('renameDataset', false, (m, name: string) => ({ ...m, name: cleanName(name, 'dataset') })),
    applySplit: edit('applySplit', true, (m, split: SplitSettings) => assignSplit(m, split)),
    renameClass: edit('renameClass', false, (m, classIndex: number, name: string) => renameClass(m, classIndex, name)),
    mergeClasses: edit('mergeClasses', true, (m, from: number, into: number) => mergeClasses(m, from, into)),
    deleteClass: edit('deleteClass', true, (m, classIndex: number) => deleteClass(m, classIndex)),
    removeImage: edit('removeImage', true, (m, imageId: number) => removeImages(m, [imageId])),

    // Test hooks: a failure reaches the test that called them.
    simulateStorageFull: (images) => importerApi().simulateStorageFull(images),
    simulateImporterCrash: () => importerApi().simulateCrash(),
  };
});

let askedToPersist = false;

function isBusy(): boolean {
  const { runState } = useStudio.getState();
  return runState === 'training' || runState === 'paused';
}

/** At start: the stored list, and any images a crashed import left behind are removed. */
export async function startDatasets(): Promise<void> {
  await collectOrphans().catch(() => 0);
  await useDatasets.getState().refresh();
}
