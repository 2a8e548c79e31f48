import { DEFAULT_SETTINGS, STUDIO_SETTINGS, type StudioSettings } from '../contract';
import { createStore, get, set } from 'idb-keyval';

/**
 * The one module that touches IndexedDB. Every read is defensive: a missing or corrupt record is
 * reported to the caller as `undefined` and never crashes the studio.
 */
const studioStore = typeof indexedDB === 'undefined' ? null : createStore('thaw', 'studio');

export async function loadSettings(): Promise<StudioSettings> {
  if (!studioStore) return DEFAULT_SETTINGS;
  try {
    const stored = STUDIO_SETTINGS.safeParse(await get<unknown>('settings', studioStore));
    return stored.success ? stored.data : DEFAULT_SETTINGS;
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export async function saveSettings(settings: StudioSettings): Promise<void> {
  if (!studioStore) return;
  await set('settings', settings, studioStore);
}

/**
 * What the charts showed when the last checkpoint was written, so a resumed run continues its
 * curves. `form` is the settings form as the store holds it; it is opaque here.
 */
export interface RunHistoryRecord<Form, Step, Epoch, Marker> {
  runId: string;
  form: Form;
  steps: Step[];
  epochs: Epoch[];
  markers: Marker[];
}

export async function saveRunHistory<F, S, E, M>(record: RunHistoryRecord<F, S, E, M>): Promise<void> {
  if (!studioStore) return;
  await set('run-history', record, studioStore);
}

export async function loadRunHistory<F, S, E, M>(runId: string): Promise<RunHistoryRecord<F, S, E, M> | undefined> {
  if (!studioStore) return undefined;
  try {
    const stored = await get<RunHistoryRecord<F, S, E, M>>('run-history', studioStore);
    const ok = stored && stored.runId === runId && Array.isArray(stored.steps) && Array.isArray(stored.epochs) && Array.isArray(stored.markers);
    return ok ? stored : undefined;
  } catch {
    return undefined;
  }
}
