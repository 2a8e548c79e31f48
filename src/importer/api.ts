import type { ImportOutcome, ImportProgress, ImportRequest } from '../data/import/importer';

import type { SpeaksLanguage } from '../common/i18n/workerLanguage';

export type { ImportOutcome, ImportProgress, ImportRequest };

/** The import worker's typed contract (comlink). Files travel as File/Blob objects, never as copies of bytes. */
/** Skip reasons, notes and the outcome's message are worded in the page's language (SpeaksLanguage). */
export interface ImporterApi extends SpeaksLanguage {
  /** `.zip` files among `request.files` are unpacked in the worker and imported like a dropped folder. */
  importFiles(request: ImportRequest, onProgress: (progress: ImportProgress) => void): Promise<ImportOutcome>;
  /** Stops the running import; it rolls back what it wrote. */
  cancel(): Promise<void>;
  /** Fault injection for the reliability tests: storage refuses writes after `images` more images. */
  simulateStorageFull(images: number): Promise<void>;
  /** Fault injection: the worker fails with an uncaught error, as it would on a fatal fault. */
  simulateCrash(): Promise<void>;
}
