import { errorMessage, isQuotaError, StorageFullError } from '../common/errors';
import { DATASET_MANIFEST, type DatasetManifest } from '../contract';
import { createStore, delMany, get, getMany, promisifyRequest, setMany, type UseStore } from 'idb-keyval';
import { datasetStores, imageKey, PENDING_STALE_MS, writing } from './datasetStores';
import { i18n } from '../common/i18n/i18n';

/**
 * The move from the first layout, where every dataset record shared one store under string keys
 * (`manifest:<id>`, `image:<id>:<imageId>`, `pending:<id>`), to the stores of datasetStores.ts.
 *
 * Each dataset moves on its own: images first (in chunks), its manifest last, then its old records go.
 * The old manifest is the move's bookmark: while it exists the dataset is not known to have moved, so a
 * move cut short (a closed tab) resumes at the next start, and running the move again changes nothing.
 */
const LEGACY_DB = 'thaw-datasets';
const LEGACY_STORE = 'datasets';
const MANIFEST = 'manifest:';
const IMAGE = 'image:';
const PENDING = 'pending:';
/** Images copied per transaction: large enough to be quick, small enough to hold in memory twice. */
const COPY_CHUNK = 200;
/** Pages and workers of one origin take turns at the move (where the browser has Web Locks). */
const MIGRATION_LOCK = 'thaw-dataset-migration';

export interface MigrationResult {
  /** Datasets found in the old store and now in the new one (or already there). */
  moved: string[];
  /** Old manifests that could not be read: left where they are, with their images, and reported. */
  damaged: string[];
}

let moving: Promise<MigrationResult> | undefined;

/** The move, run once per page or worker; a failed move is tried again at the next call. */
export function legacyDatasetsMoved(): Promise<MigrationResult> {
  moving ??= runExclusive().catch((error: unknown) => {
    moving = undefined;
    throw isQuotaError(error) ? new StorageFullError(error) : new Error(i18n.t('store:datasets.notMoved', { reason: errorMessage(error) }), { cause: error });
  });
  return moving;
}

/** Tests only: the next call to legacyDatasetsMoved runs the move again. */
export function forgetLegacyMove(): void {
  moving = undefined;
}

async function runExclusive(): Promise<MigrationResult> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  // Without Web Locks the move still holds: every step can run twice, or side by side, and stay right.
  return locks ? await locks.request(MIGRATION_LOCK, () => migrateLegacyDatasets()) : migrateLegacyDatasets();
}

/** Moves every dataset of the old store; exported for tests, the studio goes through legacyDatasetsMoved. */
export async function migrateLegacyDatasets(now = Date.now()): Promise<MigrationResult> {
  const legacy = await legacyStore();
  if (!legacy) return { moved: [], damaged: [] };
  const moved: string[] = [];
  const damaged: string[] = [];
  for (const [id, value] of await legacyManifests(legacy)) {
    const manifest = DATASET_MANIFEST.safeParse(value);
    if (manifest.success && manifest.data.id === id) {
      await moveDataset(legacy, manifest.data);
      moved.push(id);
    } else {
      damaged.push(id);
    }
  }
  await dropLegacyLeftovers(legacy, now);
  return { moved, damaged };
}

let legacyHandle: UseStore | undefined;

/** The old store, or null when there is none. */
async function legacyStore(): Promise<UseStore | null> {
  if (typeof indexedDB === 'undefined') return null;
  if (legacyHandle) return legacyHandle;
  // Opening a database creates it: where the browser can list its databases, one never written stays uncreated.
  const listed = await indexedDB.databases?.().catch(() => undefined);
  if (listed && !listed.some((db) => db.name === LEGACY_DB)) return null;
  legacyHandle = createStore(LEGACY_DB, LEGACY_STORE);
  return legacyHandle;
}

/** Keys that begin with `prefix`: '\uffff' sorts after every character these keys hold. */
const prefixed = (prefix: string) => IDBKeyRange.bound(prefix, `${prefix}\uffff`);
const legacyImageKey = (datasetId: string, imageId: number) => `${IMAGE}${datasetId}:${imageId}`;
/** The old layout wrote string keys only. */
const isText = (key: IDBValidKey): key is string => typeof key === 'string';
/** The dataset an old image key belongs to (ids may hold ':', image ids do not). */
const legacyImageDataset = (key: string) => key.slice(IMAGE.length, key.lastIndexOf(':'));

/** Every old manifest by dataset id; one that cannot be read at all comes back as null (damaged). */
async function legacyManifests(legacy: UseStore): Promise<[string, unknown][]> {
  const keys = await legacy('readonly', (s) => promisifyRequest(s.getAllKeys(prefixed(MANIFEST))));
  return Promise.all(keys.filter(isText).map(async (key): Promise<[string, unknown]> => [
    key.slice(MANIFEST.length),
    await get<unknown>(key, legacy).catch(() => null),
  ]));
}

async function moveDataset(legacy: UseStore, manifest: DatasetManifest): Promise<void> {
  const { manifests } = datasetStores();
  if (!isAtLeastAsNew(await get<unknown>(manifest.id, manifests).catch(() => undefined), manifest)) {
    await copyImages(legacy, manifest);
    // Gone means another page or worker finished this move meanwhile: its manifest stands (the user may have edited it since).
    if ((await get<unknown>(`${MANIFEST}${manifest.id}`, legacy)) !== undefined) await putManifestUnlessNewer(manifests, manifest);
  }
  await deleteLegacyDataset(legacy, manifest.id);
}

/** True when `stored` is a manifest of the same dataset written by the move or later (an edit after it). */
function isAtLeastAsNew(stored: unknown, manifest: DatasetManifest): boolean {
  const parsed = DATASET_MANIFEST.safeParse(stored);
  return parsed.success && parsed.data.updatedAt >= manifest.updatedAt;
}

/** Reads and writes in one transaction, so a newer manifest written meanwhile is never overwritten. */
function putManifestUnlessNewer(manifests: UseStore, manifest: DatasetManifest): Promise<void> {
  return writing(() => manifests('readwrite', (s) => {
    const current = s.get(manifest.id);
    current.onsuccess = () => {
      if (!isAtLeastAsNew(current.result, manifest)) s.put(manifest, manifest.id);
    };
    return promisifyRequest(s.transaction);
  }));
}

/**
 * Copies a dataset's images chunk by chunk. An old record is dropped as soon as its copy is stored, so the
 * move never needs room for two copies of a whole dataset; one missing from the old store was copied by an
 * earlier, interrupted move (or never existed: the engine skips missing images, as before).
 */
async function copyImages(legacy: UseStore, manifest: DatasetManifest): Promise<void> {
  const { images } = datasetStores();
  const ids = manifest.images.map((image) => image.id);
  for (let start = 0; start < ids.length; start += COPY_CHUNK) {
    const chunk = ids.slice(start, start + COPY_CHUNK);
    const values = await readChunk(legacy, chunk.map((id) => legacyImageKey(manifest.id, id)));
    const found = chunk.filter((_, i) => values[i] !== undefined);
    if (found.length === 0) continue;
    await writing(() => setMany(chunk.flatMap((id, i) => (values[i] === undefined ? [] : [[imageKey(manifest.id, id), values[i]]])), images));
    await delMany(found.map((id) => legacyImageKey(manifest.id, id)), legacy);
  }
}

/** One read per chunk; if a record cannot be read at all, each is read alone and the unreadable one is left behind. */
async function readChunk(legacy: UseStore, keys: string[]): Promise<unknown[]> {
  try {
    return await getMany<unknown>(keys, legacy);
  } catch {
    return Promise.all(keys.map((key) => get<unknown>(key, legacy).catch(() => undefined)));
  }
}

/** A moved dataset's old records (its images, whatever their ids, and its manifest), in one transaction. */
function deleteLegacyDataset(legacy: UseStore, datasetId: string): Promise<void> {
  return legacy('readwrite', (s) => {
    const keys = s.getAllKeys(prefixed(`${IMAGE}${datasetId}:`));
    keys.onsuccess = () => keys.result.filter(isText).filter((key) => legacyImageDataset(key) === datasetId).forEach((key) => s.delete(key));
    s.delete(`${MANIFEST}${datasetId}`);
    return promisifyRequest(s.transaction);
  });
}

/**
 * After the move: stale import marks go, and so do images no old manifest names. What is still there is
 * read in the same transaction, so a damaged manifest keeps its images, and an import a not-yet-reloaded
 * tab is writing in the old layout (its mark younger than PENDING_STALE_MS) keeps its images and mark.
 */
function dropLegacyLeftovers(legacy: UseStore, now: number): Promise<void> {
  return legacy('readwrite', (s) => {
    const manifestKeys = s.getAllKeys(prefixed(MANIFEST));
    const pendingKeys = s.getAllKeys(prefixed(PENDING));
    const pendingTimes = s.getAll(prefixed(PENDING));
    const imageKeys = s.getAllKeys(prefixed(IMAGE));
    imageKeys.onsuccess = () => {
      const kept = new Set(manifestKeys.result.filter(isText).map((key) => key.slice(MANIFEST.length)));
      pendingKeys.result.forEach((key, i) => {
        const touched: unknown = pendingTimes.result[i];
        if (typeof touched === 'number' && now - touched < PENDING_STALE_MS && isText(key)) kept.add(key.slice(PENDING.length));
        else s.delete(key);
      });
      imageKeys.result.filter(isText).filter((key) => !kept.has(legacyImageDataset(key))).forEach((key) => s.delete(key));
    };
    return promisifyRequest(s.transaction);
  });
}
