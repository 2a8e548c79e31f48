/// <reference lib="webworker" />
import { StorageFullError } from '../common/errors';
import type { SkippedFile } from '../contract/index';
import * as Comlink from 'comlink';
import { fileSource, runImport, type ImportSource, type ImportStorage } from '../data/import/importer';
import { processImageFile } from '../data/import/decode';
import { readImageHeader } from '../data/import/imageHeader';
import { openZip } from '../data/import/zipEntries';
import type { ImporterApi } from './api';
import { speak } from '../common/i18n/workerLanguage';
import type { Language } from '../common/i18n/catalogues';
import { commitManifest, discardImages, loadManifest, markImportPending, putImages } from '../persistence/datasets';

/** Progress is posted at most this often: a message per file would flood the page on fast imports. */
const PROGRESS_INTERVAL_MS = 100;

class ImportWorker implements ImporterApi {
  private cancelled = false;
  private storageFullAfter: number | null = null;

  async importFiles(...[request, onProgress]: Parameters<ImporterApi['importFiles']>) {
    this.cancelled = false;
    const sources: ImportSource[] = [];
    const skippedBefore: SkippedFile[] = [...(request.skippedBefore ?? [])];
    const notesBefore: string[] = [];
    const isCancelled = () => this.cancelled;
    for (const item of request.files) {
      if (!item.path.toLowerCase().endsWith('.zip')) { sources.push(fileSource(item)); continue; }
      // Only the zip's directory is read here; each entry is inflated when the pipeline reaches it.
      const zip = await openZip(item.path, item.file, { isCancelled, inspectHead: headRefusal });
      sources.push(...zip.sources);
      skippedBefore.push(...zip.skipped);
      notesBefore.push(...zip.notes);
    }
    let lastPost = 0;
    return runImport({ ...request, sources, skippedBefore, notesBefore }, {
      process: processImageFile,
      storage: this.storage(),
      isCancelled,
      newId: () => crypto.randomUUID(),
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastPost < PROGRESS_INTERVAL_MS && progress.done < progress.total) return;
        lastPost = now;
        onProgress(progress);
      },
    });
  }

  async setLanguage(language: Language) {
    await speak(language);
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

/** A zip entry whose first bytes already refuse it (unsupported format, bomb) is not inflated further. */
function headRefusal(head: Uint8Array, size: number): string | null {
  const header = readImageHeader(head, size);
  return header !== 'unsure' && 'refuse' in header ? header.refuse : null;
}

Comlink.expose(new ImportWorker());
