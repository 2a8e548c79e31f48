import { errorMessage } from '../common/errors';
import { DATASET_MANIFEST, STORED_IMAGE, type DatasetManifest, type StoredImage } from '../contract';
import { del, delMany, entries, get, getMany, keys, set, setMany, type UseStore } from 'idb-keyval';
import { legacyDatasetsMoved } from './datasetMigration';
import { datasetIdsWithImages, datasetStores, deleteImagesOf, imageKey, PENDING_STALE_MS, storedImageIds, writing, type DatasetStores } from './datasetStores';
import { i18n } from '../common/i18n/i18n';

/** Every call first waits for the one-time move from the old single-store layout (run once per page or worker). */
async function stores(): Promise<DatasetStores> {
  await legacyDatasetsMoved();
  return datasetStores();
}

/** An import in progress marks its dataset id, refreshed as it goes, so orphan collection in another tab leaves it alone. */
export async function markImportPending(datasetId: string): Promise<void> {
  const { pending } = await stores();
  await writing(() => set(datasetId, Date.now(), pending));
}

export async function putImages(datasetId: string, images: { id: number; image: StoredImage }[]): Promise<void> {
  const db = await stores();
  // The mark lives in another database, so it is refreshed first: no image is stored without a live mark guarding it.
  await writing(() => set(datasetId, Date.now(), db.pending));
  if (images.length === 0) return;
  await writing(() => setMany(images.map(({ id, image }) => [imageKey(datasetId, id), image]), db.images));
}

/** Makes a dataset (new or changed) visible in one write and ends its pending mark. */
export async function commitManifest(manifest: DatasetManifest): Promise<void> {
  const { manifests, pending } = await stores();
  await writing(() => set(manifest.id, { ...manifest, updatedAt: Date.now() }, manifests));
  await del(manifest.id, pending);
}

/** Removes image records a failed or cancelled import wrote; the dataset's manifest is untouched. */
export async function discardImages(datasetId: string, imageIds: number[]): Promise<void> {
  const db = await stores();
  if (imageIds.length > 0) await delMany(imageIds.map((id) => imageKey(datasetId, id)), db.images);
  // The mark goes last: were this cut short, the images left would still be collected once the mark is stale.
  await del(datasetId, db.pending);
}

export interface DatasetList {
  datasets: DatasetManifest[];
  /** Records that could not be read as a dataset: reported, skipped. */
  damaged: string[];
}

/** Reads the manifests store only: how many images the datasets hold does not matter here. */
export async function listDatasets(): Promise<DatasetList> {
  const legacy = await legacyDatasetsMoved();
  const datasets: DatasetManifest[] = [];
  const damaged = new Set(legacy.damaged);
  for (const [key, value] of await manifestRecords(datasetStores().manifests)) {
    const manifest = asManifest(key, value);
    if (manifest) datasets.push(manifest);
    else damaged.add(keyText(key));
  }
  datasets.sort((a, b) => a.createdAt - b.createdAt);
  return { datasets, damaged: [...damaged].sort() };
}

/** All manifest records in one read; if one cannot be read at all, each is read alone so the others still list. */
async function manifestRecords(manifests: UseStore): Promise<[IDBValidKey, unknown][]> {
  try {
    return await entries<IDBValidKey, unknown>(manifests);
  } catch {
    const ids = await keys<IDBValidKey>(manifests);
    return Promise.all(ids.map(async (id): Promise<[IDBValidKey, unknown]> => [id, await get<unknown>(id, manifests).catch(() => null)]));
  }
}

export async function loadManifest(id: string): Promise<DatasetManifest | undefined> {
  try {
    return asManifest(id, await get<unknown>(id, (await stores()).manifests));
  } catch {
    return undefined;
  }
}

/** Undefined when the record is missing or damaged. */
export async function loadImage(datasetId: string, imageId: number): Promise<StoredImage | undefined> {
  try {
    return asImage(await get<unknown>(imageKey(datasetId, imageId), (await stores()).images));
  } catch {
    return undefined;
  }
}

/**
 * Many images of one dataset in one transaction, in the order asked; undefined for a missing or damaged
 * record. Throws only when the read itself fails, naming why.
 */
export async function loadImages(datasetId: string, imageIds: number[]): Promise<(StoredImage | undefined)[]> {
  if (imageIds.length === 0) return [];
  const { images } = await stores();
  try {
    return (await getMany<unknown>(imageIds.map((id) => imageKey(datasetId, id)), images)).map(asImage);
  } catch (error) {
    throw new Error(i18n.t('engine:storage.imagesUnreadable', { count: imageIds.length, dataset: datasetId, reason: errorMessage(error) }), { cause: error });
  }
}

/** The manifest goes first: a crash half-way leaves orphan images (collected later), never a dataset with holes. */
export async function deleteDataset(id: string): Promise<void> {
  const db = await stores();
  await del(id, db.manifests);
  await deleteImagesOf(db.images, id);
}

/** Writes an edited manifest, then drops the images it no longer names. */
export async function saveEditedManifest(before: DatasetManifest, after: DatasetManifest): Promise<void> {
  await commitManifest(after);
  const kept = new Set(after.images.map((image) => image.id));
  const removed = before.images.filter((image) => !kept.has(image.id)).map((image) => imageKey(before.id, image.id));
  if (removed.length > 0) await delMany(removed, datasetStores().images);
}

/**
 * Deletes image records that no manifest names and no live import is writing. Returns how many went.
 * Only image keys are read, one dataset's key range at a time.
 */
export async function collectOrphans(now = Date.now()): Promise<number> {
  const db = await stores();
  const live = await livePendingIds(db.pending, now);
  let removed = 0;
  for (const id of await datasetIdsWithImages(db.images)) {
    if (!live.has(id)) removed += await collectDataset(db, id);
  }
  return removed;
}

/** Ids of imports still writing; marks gone stale (a crashed import) are deleted. */
async function livePendingIds(pending: UseStore, now: number): Promise<Set<string>> {
  const marks = await entries<IDBValidKey, unknown>(pending);
  const isLive = (touched: unknown) => typeof touched === 'number' && now - touched < PENDING_STALE_MS;
  const stale = marks.filter(([, touched]) => !isLive(touched)).map(([id]) => id);
  if (stale.length > 0) await delMany(stale, pending);
  return new Set(marks.filter(([, touched]) => isLive(touched)).map(([id]) => keyText(id)));
}

/** One dataset's images its manifest does not name: all of them when it has none. */
async function collectDataset(db: DatasetStores, id: string): Promise<number> {
  // A manifest that cannot be read counts as damaged (null), not as missing.
  const value = await get<unknown>(id, db.manifests).catch(() => null);
  if (value === undefined) return deleteImagesOf(db.images, id);
  const manifest = asManifest(id, value);
  // A damaged manifest's images are left alone: reported, never deleted behind the user's back.
  if (!manifest) return 0;
  const named = new Set(manifest.images.map((image) => image.id));
  const orphans = (await storedImageIds(db.images, id)).filter((imageId) => !named.has(imageId));
  if (orphans.length > 0) await delMany(orphans.map((imageId) => imageKey(id, imageId)), db.images);
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

/** A manifest stored under another dataset's id is damaged too: deleting or collecting by id would go astray. */
function asManifest(key: IDBValidKey, value: unknown): DatasetManifest | undefined {
  const manifest = DATASET_MANIFEST.safeParse(value);
  return manifest.success && manifest.data.id === key ? manifest.data : undefined;
}

/** Dataset ids are strings; any other key is shown as JSON in a report. */
function keyText(key: IDBValidKey): string {
  return typeof key === 'string' ? key : JSON.stringify(key);
}

function asImage(value: unknown): StoredImage | undefined {
  const image = STORED_IMAGE.safeParse(value);
  return image.success ? image.data : undefined;
}
