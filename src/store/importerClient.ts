import * as Comlink from 'comlink';
import type { ImporterApi } from '../data/import/api';

let importer: Comlink.Remote<ImporterApi> | null = null;

/** The import worker, started on first use: importing never blocks the page or the training engine. */
export function importerApi(): Comlink.Remote<ImporterApi> {
  importer ??= Comlink.wrap<ImporterApi>(new Worker(new URL('../data/import/importWorker.ts', import.meta.url), { type: 'module', name: 'thaw-import' }));
  return importer;
}
