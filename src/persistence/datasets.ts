import { isQuotaError, StorageFullError } from '../common/errors';
import { DATASET_MANIFEST, STORED_IMAGE, type DatasetManifest, type StoredImage } from '../contract';
import { createStore, del, delMany, get, keys, set, setMany, type UseStore } from 'idb-keyval';

let store: UseStore | null | undefined;
function datasetStore(): UseStore {
  if (store === undefined) store = typeof indexedDB === 'undefined' ? null : createStore('thaw-datasets', 'datasets');
  if (!store) throw new Error('IndexedDB is not available in this browser');
  return store;
}

const manifestKey = (id: string) => `manifest:${id}`;
const pendingKey = (id: string) => `pending:${id}`;
export const imageKey = (datasetId: string, imageId: number) => `image:${datasetId}:${imageId}`;

/** An import in progress marks its dataset id, refreshed as it goes, so orphan collection in another tab leaves it alone. */
export async function markImportPending(datasetId: string): Promise<void> {
  await set(pendingKey(datasetId), Date.now(), datasetStore());
}

export async function putImages(datasetId: string, images: { id: number; image: StoredImage }[]): Promise<void> {
  try {
    await setMany([...images.map(({ id, image }): [string, StoredImage] => [imageKey(datasetId, id), image]), [pendingKey(datasetId), Date.now()]], datasetStore());
  } catch (error) {
    throw isQuotaError(error) ? new StorageFullError(error) : error;
  }
}

/** Makes a dataset (new or changed) visible in one write and ends its pending mark. */
export async function commitManifest(manifest: DatasetManifest): Promise<void> {
  try {
    await set(manifestKey(manifest.id), { ...manifest, updatedAt: Date.now() }, datasetStore());
  } catch (error) {
    throw isQuotaError(error) ? new StorageFullError(error) : error;
  }
  await del(pendingKey(manifest.id), datasetStore());
}

/** Removes image records a failed or cancelled import wrote; the dataset's manifest is untouched. */
export async function discardImages(datasetId: string, imageIds: number[]): Promise<void> {
  await delMany([...imageIds.map((id) => imageKey(datasetId, id)), pendingKey(datasetId)], datasetStore());
}

export interface DatasetList {
  datasets: DatasetManifest[];
  /** Records that could not be read as a dataset: reported, skipped. */
  damaged: string[];
}

export async function listDatasets(): Promise<DatasetList> {
  const db = datasetStore();
  const manifestKeys = (await keys<IDBValidKey>(db)).filter((k): k is string => typeof k === 'string' && k.startsWith('manifest:'));
  const datasets: DatasetManifest[] = [];
  const damaged: string[] = [];
  for (const key of manifestKeys) {
    try {
      const value = await get<unknown>(key, db);
      if (isManifest(value)) datasets.push(value);
      else damaged.push(key.slice('manifest:'.length));
    } catch {
      damaged.push(key.slice('manifest:'.length));
    }
  }
  datasets.sort((a, b) => a.createdAt - b.createdAt);
  return { datasets, damaged };
}

export async function loadManifest(id: string): Promise<DatasetManifest | undefined> {
  try {
    const value = await get<unknown>(manifestKey(id), datasetStore());
    return isManifest(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Undefined when the record is missing or damaged. */
export async function loadImage(datasetId: string, imageId: number): Promise<StoredImage | undefined> {
  try {
    const value = await get<unknown>(imageKey(datasetId, imageId), datasetStore());
    const image = STORED_IMAGE.safeParse(value);
    return image.success ? image.data : undefined;
  } catch {
    return undefined;
  }
}

/** The manifest goes first: a crash half-way leaves orphan images (collected later), never a dataset with holes. */
export async function deleteDataset(id: string): Promise<void> {
  const manifest = await loadManifest(id);
  await del(manifestKey(id), datasetStore());
  if (manifest) await delMany(manifest.images.map((image) => imageKey(id, image.id)), datasetStore());
  await collectOrphans();
}

/** Writes an edited manifest, then drops the images it no longer names. */
export async function saveEditedManifest(before: DatasetManifest, after: DatasetManifest): Promise<void> {
  await commitManifest(after);
  const kept = new Set(after.images.map((image) => image.id));
  const removed = before.images.filter((image) => !kept.has(image.id)).map((image) => imageKey(before.id, image.id));
  if (removed.length > 0) await delMany(removed, datasetStore());
}

/** How long an import may go without writing before its images count as orphans. */
const PENDING_STALE_MS = 5 * 60_000;

/** Deletes image records that no manifest names and no live import is writing. Returns how many went. */
export async function collectOrphans(now = Date.now()): Promise<number> {
  const db = datasetStore();
  const all = (await keys<IDBValidKey>(db)).filter((k): k is string => typeof k === 'string');
  const live = new Set<string>();
  const stalePending: string[] = [];
  for (const key of all.filter((k) => k.startsWith('pending:'))) {
    const touched = await get<unknown>(key, db).catch(() => undefined);
    if (typeof touched === 'number' && now - touched < PENDING_STALE_MS) live.add(key.slice('pending:'.length));
    else stalePending.push(key);
  }
  const named = new Set<string>();
  for (const key of all.filter((k) => k.startsWith('manifest:'))) {
    const manifest = await loadManifest(key.slice('manifest:'.length));
    // A damaged manifest's images are left alone: reported, never deleted behind the user's back.
    if (!manifest) live.add(key.slice('manifest:'.length));
    manifest?.images.forEach((image) => named.add(imageKey(manifest.id, image.id)));
  }
  const orphans = all.filter((k) => k.startsWith('image:') && !named.has(k) && !live.has(k.slice('image:'.length, k.lastIndexOf(':'))));
  if (orphans.length + stalePending.length > 0) await delMany([...orphans, ...stalePending], db);
  return orphans.length;
}

export interface StorageReport {
  usedBytes: number | null;
  quotaBytes: number | null;
  persisted: boolean;
}

/** What the browser says about this origin's storage; asks once for persistent storage so datasets are not evicted. */
export async function storageReport(askToPersist: boolean): Promise<StorageReport> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.estimate) return { usedBytes: null, quotaBytes: null, persisted: false };
  let persisted = (await storage.persisted?.().catch(() => false)) ?? false;
  if (!persisted && askToPersist && storage.persist) persisted = await storage.persist().catch(() => false);
  const estimate = await storage.estimate().catch(() => ({ usage: undefined, quota: undefined }));
  return { usedBytes: estimate.usage ?? null, quotaBytes: estimate.quota ?? null, persisted };
}

function isManifest(value: unknown): value is DatasetManifest {
  return DATASET_MANIFEST.safeParse(value).success;
}
