import * as Comlink from 'comlink';
import type { EngineWorkerApi } from '../engine/api';
import { followPageLanguage } from '../common/i18n/workerLanguage';
import { i18n } from '../common/i18n/i18n';

/** The engine worker died (an uncaught error, or it failed to load): every call still waiting on it fails with this. */
export class EngineCrashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineCrashError';
  }
}

export interface EngineClient {
  api: Comlink.Remote<EngineWorkerApi>;
  /** Rejects once if the worker dies; the worker is terminated then, since its state can no longer be trusted. */
  crashed: Promise<never>;
  terminate(): void;
}

/** Starts the engine worker and wraps it with comlink, so the store calls it like a typed async object. */
export function startEngineWorker(): EngineClient {
  const worker = new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module', name: 'thaw-engine' });
  let reject: (reason: EngineCrashError) => void = () => {};
  const crashed = new Promise<never>((_, r) => { reject = r; });
  crashed.catch(() => undefined);
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    stopFollowing();
    worker.terminate();
    reject(new EngineCrashError(event.message || i18n.t('store:engine.stopped')));
  });
  const api = settleOnCrash(Comlink.wrap<EngineWorkerApi>(worker), crashed);
  // Told first, so every later call (init, the first refusal) is worded in the page's language.
  const stopFollowing = followPageLanguage(api);
  return { api, crashed, terminate: () => { stopFollowing(); worker.terminate(); } };
}

/**
 * A dead worker never answers: without this, a call made before the crash (a training run, a model
 * build) would wait for ever and the studio could never say what happened.
 */
function settleOnCrash<T extends object>(remote: T, crashed: Promise<never>): T {
  return new Proxy(remote, {
    get(target, property) {
      // Not a thenable: `await client.api` must not call the worker.
      if (property === 'then') return undefined;
      const member = Reflect.get(target, property) as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => Promise.race([member(...args), crashed]);
    },
  });
}
