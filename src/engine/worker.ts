/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { speak } from '../common/i18n/workerLanguage';
import type { Language } from '../common/i18n/catalogues';
import type { EngineWorkerApi } from './api';
import { Engine } from './engine';

/** The worker entry: the engine runs here so training never blocks the page. */
class WorkerEngine extends Engine implements EngineWorkerApi {
  /** The engine words its refusals and run messages in the page's language (common/i18n/workerLanguage.ts). */
  async setLanguage(language: Language): Promise<void> {
    await speak(language);
  }
}

Comlink.expose(new WorkerEngine());
