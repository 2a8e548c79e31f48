import * as Comlink from 'comlink';
import type { EngineApi } from '../engine/api';

export interface EngineClient {
  api: Comlink.Remote<EngineApi>;
  /** Called once if the worker dies (uncaught error or failed to load). */
  onCrash(handler: (message: string) => void): void;
  terminate(): void;
}

/** Starts the engine worker and wraps it with comlink, so the store calls it like a typed async object. */
export function startEngineWorker(): EngineClient {
  const worker = new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module', name: 'thaw-engine' });
  let crashHandler: ((message: string) => void) | null = null;
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    crashHandler?.(event.message || 'The training engine stopped unexpectedly');
  });
  return {
    api: Comlink.wrap<EngineApi>(worker),
    onCrash: (handler) => { crashHandler = handler; },
    terminate: () => worker.terminate(),
  };
}
