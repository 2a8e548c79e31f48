import { errorMessage } from '../common/errors';
import type { DatasetManifest, SplitSettings, StoredImage } from '../contract';
import { create } from 'zustand';
import * as Comlink from 'comlink';
import { callImporter, importerApi } from './importerClient';
import { useStudio } from './studioStore';
import type { ImportFile, ImportOutcome, ImportProgress } from '../data/import/importer';
import { datasetNameFor } from '../data/import/collectFiles';
import { assignSplit, cleanName, deleteClass, DEFAULT_SPLIT, mergeClasses, removeImages, renameClass } from '../data/datasetEdits';
import { collectOrphans, deleteDataset, listDatasets, loadImage, loadManifest, saveEditedManifest, storageReport, type StorageReport } from '../persistence/datasets';

/**
 * UI state of the imported datasets: the stored list, a running import's progress, the last
 * import's report, and the edits (rename, split, classes, images) that go through persistence.
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
  error: string | null;
  /** Resolution stored datasets are decoded at for training. */
  trainingImageSize: number;

  refresh(): Promise<void>;
  importFiles(files: ImportFile[], target?: { datasetId: string; intoClass?: string }): Promise<void>;
  cancelImport(): Promise<void>;
  inspect(id: string | null): void;
  /** Decodes a stored dataset in the engine and rebuilds the model for it. */
  useForTraining(id: string): Promise<void>;
  setTrainingImageSize(size: number): Promise<void>;
  renameDataset(id: string, name: string): Promise<void>;
  deleteDataset(id: string): Promise<void>;
  applySplit(id: string, split: SplitSettings): Promise<void>;
  renameClass(id: string, classIndex: number, name: string): Promise<void>;
  mergeClasses(id: string, from: number, into: number): Promise<void>;
  deleteClass(id: string, classIndex: number): Promise<void>;
  removeImage(id: string, imageId: number): Promise<void>;
  /** Fault injection for e2e (window.thawFaults with ?faults=1). */
  simulateStorageFull(images: number): Promise<void>;
  simulateImporterCrash(): Promise<void>;
}

/** One stored image (a thumbnail's bytes); undefined when its record is missing or damaged. */
export function loadStoredImage(datasetId: string, imageId: number): Promise<StoredImage | undefined> {
  return loadImage(datasetId, imageId);
}

export const useDatasets = create<DatasetsState>()((set, get) => {
  const fail = (error: unknown) => set({ error: errorMessage(error) });

  /**
   * Applies a pure edit to the stored manifest. When the engine uses that dataset, a change of images
   * reloads it (and rebuilds the model); a rename only renames, so a trained model is kept.
   */
  const edit = async (id: string, change: (manifest: DatasetManifest) => DatasetManifest, changesImages: boolean) => {
    set({ error: null });
    try {
      const before = await loadManifest(id);
      if (!before) throw new Error('That dataset is no longer stored');
      const after = change(before);
      const source = useStudio.getState().dataset?.source;
      const active = source?.kind === 'stored' && source.datasetId === id;
      if (active && changesImages && isBusy()) throw new Error('Stop the run that trains on this dataset before changing its images or split');
      await saveEditedManifest(before, after);
      await get().refresh();
      if (!active) return;
      if (changesImages) await get().useForTraining(id);
      else await useStudio.getState().renameClasses(after.classNames);
    } catch (error) {
      fail(error);
    }
  };

  return {
    datasets: [],
    damaged: [],
    storage: null,
    importing: null,
    lastImport: null,
    inspectedId: null,
    error: null,
    trainingImageSize: 64,

    async refresh() {
      try {
        const [{ datasets, damaged }, storage] = await Promise.all([listDatasets(), storageReport(false)]);
        set({ datasets, damaged, storage });
      } catch (error) {
        fail(error);
      }
    },

    async importFiles(files, target) {
      if (get().importing) return;
      if (files.length === 0) {
        set({ error: 'Nothing to import: the folder or selection was empty' });
        return;
      }
      const name = target ? (get().datasets.find((d) => d.id === target.datasetId)?.name ?? 'dataset') : datasetNameFor(files);
      set({ error: null, lastImport: null, importing: { name, done: 0, total: files.length, current: '', imported: 0, skipped: 0 } });
      try {
        // Asked once, at the first import: persistent storage keeps datasets from being evicted under pressure.
        if (!askedToPersist) {
          askedToPersist = true;
          void storageReport(true);
        }
        // Progress comes on its own message channel and may arrive after the result: once done, it is ignored.
        let running = true;
        const outcome = await callImporter((importer) => importer.importFiles(
          { name, files, split: DEFAULT_SPLIT, datasetId: target?.datasetId, intoClass: target?.intoClass },
          Comlink.proxy((progress: ImportProgress) => { if (running) set({ importing: { ...progress, name } }); }),
        )).finally(() => { running = false; });
        set({ lastImport: { ...outcome, name }, importing: null });
        await get().refresh();
        if (outcome.status === 'done' && outcome.manifest) {
          set({ inspectedId: outcome.manifest.id });
          if (!isBusy()) await get().useForTraining(outcome.manifest.id);
        }
      } catch (error) {
        set({ importing: null });
        const reason = errorMessage(error);
        set({ error: `The import stopped: ${reason}. Nothing of it was kept and your stored datasets are intact; the importer restarts with the next import.` });
        await get().refresh();
      }
    },

    async cancelImport() {
      await importerApi().cancel();
    },

    inspect(id) {
      set({ inspectedId: id });
    },

    async useForTraining(id) {
      const manifest = get().datasets.find((d) => d.id === id) ?? (await loadManifest(id));
      if (!manifest) return fail(new Error('That dataset is no longer stored'));
      set({ inspectedId: id, error: null });
      await useStudio.getState().loadStoredDataset(id, get().trainingImageSize);
    },

    async setTrainingImageSize(size) {
      set({ trainingImageSize: size });
      const source = useStudio.getState().dataset?.source;
      if (source?.kind === 'stored') await get().useForTraining(source.datasetId);
    },

    renameDataset: (id, name) => edit(id, (m) => ({ ...m, name: cleanName(name, 'dataset') }), false),

    async deleteDataset(id) {
      set({ error: null });
      const source = useStudio.getState().dataset?.source;
      if (source?.kind === 'stored' && source.datasetId === id) {
        if (isBusy()) return fail(new Error('Stop the run that trains on this dataset before deleting it'));
        await useStudio.getState().loadSampleDataset(useStudio.getState().sampleOptions);
      }
      try {
        await deleteDataset(id);
        if (get().inspectedId === id) set({ inspectedId: null });
        await get().refresh();
      } catch (error) {
        fail(error);
      }
    },

    applySplit: (id, split) => edit(id, (m) => assignSplit(m, split), true),
    renameClass: (id, classIndex, name) => edit(id, (m) => renameClass(m, classIndex, name), false),
    mergeClasses: (id, from, into) => edit(id, (m) => mergeClasses(m, from, into), true),
    deleteClass: (id, classIndex) => edit(id, (m) => deleteClass(m, classIndex), true),
    removeImage: (id, imageId) => edit(id, (m) => removeImages(m, [imageId]), true),

    async simulateStorageFull(images) {
      await importerApi().simulateStorageFull(images);
    },

    async simulateImporterCrash() {
      await importerApi().simulateCrash();
    },
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
