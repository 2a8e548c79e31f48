import { createStore, get, set } from 'idb-keyval';

/**
 * The one module that touches IndexedDB. Every read is defensive: a missing or corrupt record is
 * reported to the caller as `undefined` and never crashes the studio.
 */
const studioStore = typeof indexedDB === 'undefined' ? null : createStore('thaw', 'studio');

export interface StudioSettings {
  backend: 'webgpu' | 'webgl' | 'cpu' | 'auto';
  classroomMode: boolean;
  /** Charts can be hidden (slow machines, or to compare speed); the data keeps accumulating. */
  showCharts: boolean;
  /** Where pretrained backbones are downloaded from; undefined means the official TensorFlow.js host. */
  modelBaseUrl?: string;
  /** The memory a run may use, in GB; undefined means what the browser reports (Chromium says at most 8). */
  memoryLimitGb?: number;
}

export const MEMORY_LIMIT_MAX_GB = 1024;

export const DEFAULT_SETTINGS: StudioSettings = { backend: 'auto', classroomMode: false, showCharts: true };

export async function loadSettings(): Promise<StudioSettings> {
  if (!studioStore) return DEFAULT_SETTINGS;
  try {
    const stored = await get<Partial<StudioSettings>>('settings', studioStore);
    if (!stored || typeof stored !== 'object') return DEFAULT_SETTINGS;
    const backend = ['webgpu', 'webgl', 'cpu', 'auto'].includes(String(stored.backend)) ? stored.backend! : 'auto';
    const modelBaseUrl = typeof stored.modelBaseUrl === 'string' && stored.modelBaseUrl.trim() ? stored.modelBaseUrl.trim() : undefined;
    const limit = stored.memoryLimitGb;
    const memoryLimitGb = typeof limit === 'number' && Number.isFinite(limit) && limit > 0 && limit <= MEMORY_LIMIT_MAX_GB ? limit : undefined;
    return { backend, classroomMode: stored.classroomMode === true, showCharts: stored.showCharts !== false, modelBaseUrl, memoryLimitGb };
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
