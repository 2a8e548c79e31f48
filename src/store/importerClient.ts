import * as Comlink from 'comlink';
import type { ImporterApi } from '../importer/api';
import { followPageLanguage } from '../common/i18n/workerLanguage';
import { i18n } from '../common/i18n/i18n';

interface ImporterClient {
  api: Comlink.Remote<ImporterApi>;
  /** Rejects with the reason if the worker dies: its pending calls would otherwise never settle. */
  crashed: Promise<never>;
  worker: Worker;
}

let client: ImporterClient | null = null;

/** The import worker, started on first use (and again after a crash): importing never blocks the page or training. */
function importerClient(): ImporterClient {
  if (client) return client;
  const worker = new Worker(new URL('../importer/importWorker.ts', import.meta.url), { type: 'module', name: 'thaw-import' });
  let reject: (reason: Error) => void = () => {};
  const crashed = new Promise<never>((_, r) => { reject = r; });
  crashed.catch(() => undefined);
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    stopFollowing();
    worker.terminate();
    if (client?.worker === worker) client = null;
    reject(new Error(event.message || i18n.t('store:engine.importerStopped')));
  });
  client = { api: Comlink.wrap<ImporterApi>(worker), crashed, worker };
  // Told before any import, so its skip reasons and notes are in the page's language.
  const stopFollowing = followPageLanguage(client.api);
  return client;
}

export function importerApi(): Comlink.Remote<ImporterApi> {
  return importerClient().api;
}

/** Runs a call on the import worker; if the worker dies meanwhile, rejects instead of hanging. */
export function callImporter<T>(call: (api: Comlink.Remote<ImporterApi>) => Promise<T>): Promise<T> {
  const { api, crashed } = importerClient();
  return Promise.race([call(api), crashed]);
}
