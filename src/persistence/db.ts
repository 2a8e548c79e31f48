import { DEFAULT_SETTINGS, STUDIO_SETTINGS, type StudioSettings, z } from '../contract';
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

/** The frame of a run-history record: which run, and lists of chart rows. */
const RUN_HISTORY = z.object({
  runId: z.string(),
  form: z.unknown(),
  steps: z.array(z.unknown()),
  epochs: z.array(z.unknown()),
  markers: z.array(z.unknown()),
});

export async function saveRunHistory<F, S, E, M>(record: RunHistoryRecord<F, S, E, M>): Promise<void> {
  if (!studioStore) return;
  await set('run-history', record, studioStore);
}

export async function loadRunHistory<F, S, E, M>(runId: string): Promise<RunHistoryRecord<F, S, E, M> | undefined> {
  if (!studioStore) return undefined;
  try {
    const stored = RUN_HISTORY.safeParse(await get<unknown>('run-history', studioStore));
    // The series' rows are the store's own shapes, opaque here: only the record's frame is checked.
    return stored.success && stored.data.runId === runId ? (stored.data as RunHistoryRecord<F, S, E, M>) : undefined;
  } catch {
    return undefined;
  }
}
