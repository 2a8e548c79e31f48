import { isQuotaError, StorageFullError } from '../common/errors';
import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
import { i18n } from '../common/i18n/i18n';

/**
 * Where datasets live. idb-keyval's createStore opens a database holding exactly one object store, so each
 * kind of record gets a database of its own: listing reads manifests without touching image keys, and one
 * dataset's images form one key range, read or deleted without scanning any other dataset's.
 */
export interface DatasetStores {
  /** Key: dataset id; value: its manifest. */
  manifests: UseStore;
  /** Key: [datasetId, imageId]; value: a StoredImage. */
  images: UseStore;
  /** Key: dataset id; value: Date.now() of the import writing it, refreshed as it goes. */
  pending: UseStore;
}

let stores: DatasetStores | null | undefined;

export function datasetStores(): DatasetStores {
  if (stores === undefined) stores = typeof indexedDB === 'undefined' ? null : openStores();
  if (!stores) throw new Error(i18n.t('engine:storage.noIndexedDb'));
  return stores;
}

function openStores(): DatasetStores {
  return {
    manifests: createStore('thaw-dataset-manifests', 'manifests'),
    images: createStore('thaw-dataset-images', 'images'),
    pending: createStore('thaw-dataset-pending', 'pending'),
  };
}

/** How long an import may go without writing before its images count as orphans. */
export const PENDING_STALE_MS = 5 * 60_000;

export type ImageKey = [datasetId: string, imageId: number];
export const imageKey = (datasetId: string, imageId: number): ImageKey => [datasetId, imageId];

/** All of one dataset's image keys: image ids are numbers, and every number lies between the two infinities. */
export function imagesOf(datasetId: string): IDBKeyRange {
  return IDBKeyRange.bound([datasetId, -Infinity], [datasetId, Infinity]);
}

/** The image ids one dataset has stored: keys only, no image is read. */
export async function storedImageIds(images: UseStore, datasetId: string): Promise<number[]> {
  const keys = await images('readonly', (s) => promisifyRequest(s.getAllKeys(imagesOf(datasetId))));
  return keys.flatMap((key) => (Array.isArray(key) && typeof key[1] === 'number' ? [key[1]] : []));
}

/** Deletes every image of one dataset in one transaction; returns how many there were. */
export function deleteImagesOf(images: UseStore, datasetId: string): Promise<number> {
  return images('readwrite', async (s) => {
    const count = s.count(imagesOf(datasetId));
    s.delete(imagesOf(datasetId));
    await promisifyRequest(s.transaction);
    return count.result;
  });
}

/**
 * The dataset ids that have images, from one key cursor that jumps from each dataset's first key past its
 * last ([id, []] sorts after every [id, number]): one step per dataset, whatever its size, and no image is read.
 */
export function datasetIdsWithImages(images: UseStore): Promise<string[]> {
  return images('readonly', (s) => new Promise<string[]>((resolve, reject) => {
    const ids = new Set<string>();
    const request = s.openKeyCursor();
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return resolve([...ids]);
      const key = cursor.key;
      if (Array.isArray(key) && typeof key[0] === 'string') ids.add(key[0]);
      if (Array.isArray(key) && typeof key[0] === 'string' && typeof key[1] === 'number') cursor.continue([key[0], []]);
      else cursor.continue();
    };
    request.onerror = () => reject(request.error ?? new Error(i18n.t('store:datasets.keysUnreadable')));
  }));
}

/** Runs a write; a refusal for lack of room becomes a StorageFullError the studio can explain. */
export async function writing<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw isQuotaError(error) ? new StorageFullError(error) : error;
  }
}
