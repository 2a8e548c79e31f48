/// <reference lib="webworker" />
import { StorageFullError } from '../common/errors';
import type { SkippedFile } from '../contract/index';
import * as Comlink from 'comlink';
import { runImport, type ImportFile, type ImportStorage } from '../data/import/importer';
import { processImageFile } from '../data/import/decode';
import { expandZip } from '../data/import/zipEntries';
import type { ImporterApi } from './api';
import { commitManifest, discardImages, loadManifest, markImportPending, putImages } from '../persistence/datasets';

/** Progress is posted at most this often: a message per file would flood the page on fast imports. */
const PROGRESS_INTERVAL_MS = 100;

class ImportWorker implements ImporterApi {
  private cancelled = false;
  private storageFullAfter: number | null = null;

  async importFiles(...[request, onProgress]: Parameters<ImporterApi['importFiles']>) {
    this.cancelled = false;
    const files: ImportFile[] = [];
    const skippedBefore: SkippedFile[] = [...(request.skippedBefore ?? [])];
    for (const item of request.files) {
      if (!item.path.toLowerCase().endsWith('.zip')) { files.push(item); continue; }
      const expanded = expandZip(item.path, new Uint8Array(await item.file.arrayBuffer()));
      files.push(...expanded.files);
      skippedBefore.push(...expanded.skipped);
    }
    let lastPost = 0;
    return runImport({ ...request, files, skippedBefore }, {
      process: processImageFile,
      storage: this.storage(),
      isCancelled: () => this.cancelled,
      newId: () => crypto.randomUUID(),
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastPost < PROGRESS_INTERVAL_MS && progress.done < progress.total) return;
        lastPost = now;
        onProgress(progress);
      },
    });
  }

  async cancel() {
    this.cancelled = true;
  }

  async simulateStorageFull(images: number) {
    this.storageFullAfter = images;
  }

  async simulateCrash() {
    setTimeout(() => { throw new Error('simulated import worker crash'); });
  }

  private storage(): ImportStorage {
    return {
      loadManifest, markImportPending, commitManifest, discardImages,
      putImages: async (datasetId, images) => {
        if (this.storageFullAfter !== null) {
          this.storageFullAfter -= images.length;
          if (this.storageFullAfter < 0) throw new StorageFullError(new DOMException('simulated', 'QuotaExceededError'));
        }
        await putImages(datasetId, images);
      },
    };
  }
}

Comlink.expose(new ImportWorker());
