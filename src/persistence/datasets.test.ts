import type { DatasetManifest } from '../contract';
import 'fake-indexeddb/auto';
import { createStore, keys, set } from 'idb-keyval';
import { describe, expect, it, vi } from 'vitest';
import { collectOrphans, commitManifest, deleteDataset, discardImages, listDatasets, loadImage, loadImages, markImportPending, putImages, saveEditedManifest } from './datasets';

const manifests = createStore('thaw-dataset-manifests', 'manifests');
const images = createStore('thaw-dataset-images', 'images');
const pending = createStore('thaw-dataset-pending', 'pending');
const image = (n: number) => ({ bytes: Uint8Array.from([n, n, n]), type: 'image/jpeg' });
const imageKeysOf = async (datasetId: string) => (await keys<[string, number]>(images)).filter(([id]) => id === datasetId).map(([, n]) => n);

function manifest(id: string, imageIds: number[]): DatasetManifest {
  return {
    version: 1, id, name: id, createdAt: Date.now(), updatedAt: 0, classNames: ['a', 'b'], nextImageId: imageIds.length,
    images: imageIds.map((n) => ({ id: n, path: `a/${n}.jpg`, classIndex: n % 2, hash: `h${n}`, width: 2, height: 2, split: 'train' as const, givenSplit: false })),
    split: { seed: 1, validationPercent: 20, testPercent: 0 }, skipped: [], duplicates: [], storedBytes: 6,
  };
}

describe('stored datasets', () => {
  it('a committed dataset lists with its images; a damaged manifest is reported, never fatal', async () => {
    await putImages('d1', [{ id: 0, image: image(0) }, { id: 1, image: image(1) }]);
    await commitManifest(manifest('d1', [0, 1]));
    await set('broken', { version: 1, id: 'broken' }, manifests);
    const list = await listDatasets();
    expect(list.datasets.map((d) => d.id)).toEqual(['d1']);
    expect(list.damaged).toEqual(['broken']);
    expect((await loadImage('d1', 1))?.bytes).toEqual(Uint8Array.from([1, 1, 1]));
    expect(await loadImage('d1', 9)).toBeUndefined();
    expect(await keys(pending)).not.toContain('d1');
  });

  it('loadImages reads many in the order asked; missing and damaged records are undefined', async () => {
    await set(['d1', 7], { bytes: 'not bytes', type: 'image/jpeg' }, images);
    const found = await loadImages('d1', [1, 9, 0, 7]);
    expect(found.map((f) => f?.bytes[0])).toEqual([1, undefined, 0, undefined]);
    expect(await loadImages('d1', [])).toEqual([]);
    expect(await loadImages('nothing', [0, 1])).toEqual([undefined, undefined]);
  });

  it('collects images no manifest names, but not those of a live import or of a damaged manifest', async () => {
    await putImages('crashed', [{ id: 0, image: image(5) }]);
    await set('crashed', Date.now() - 60 * 60_000, pending);
    await markImportPending('live');
    await putImages('live', [{ id: 0, image: image(6) }]);
    await set(['broken', 0], image(7), images);
    await set(['d1', 5], image(8), images); // written by an "add images" that never committed
    // d1's damaged record 7 (from the test above) is named by no manifest either.
    expect(await collectOrphans()).toBe(3);
    const left = (await keys<[string, number]>(images)).map((k) => k.join(':')).sort();
    expect(left).toEqual(['broken:0', 'd1:0', 'd1:1', 'live:0']);
    expect((await keys(pending)).sort()).toEqual(['live']);
    await discardImages('live', [0]);
    expect(await imageKeysOf('live')).toEqual([]);
    expect(await keys(pending)).toEqual([]);
  });

  it('an edit drops the images it removed; deleting a dataset removes everything of it', async () => {
    const before = manifest('d1', [0, 1]);
    await saveEditedManifest(before, { ...before, images: before.images.slice(0, 1) });
    expect(await loadImage('d1', 1)).toBeUndefined();
    expect(await loadImage('d1', 0)).toBeDefined();
    await set(['d1', 3], image(3), images); // an orphan of its own: the range delete takes it too
    await deleteDataset('d1');
    expect((await listDatasets()).datasets).toEqual([]);
    expect(await imageKeysOf('d1')).toEqual([]);
    expect(await imageKeysOf('broken')).toEqual([0]);
  });

  it('listing reads manifests only, never the image store, however many images there are', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => i);
    await putImages('big', ids.map((id) => ({ id, image: image(id % 250) })));
    await commitManifest(manifest('big', ids));
    await listDatasets();
    const reads = ['get', 'getAll', 'getAllKeys', 'getKey', 'openCursor', 'openKeyCursor', 'count'] as const;
    // Called through (spies change nothing); each records the object store it was called on.
    const spies = reads.map((method) => vi.spyOn(IDBObjectStore.prototype, method));
    const seen: string[] = [];
    try {
      const list = await listDatasets();
      expect(list.datasets.find((d) => d.id === 'big')?.images).toHaveLength(1000);
      // Read before mockRestore, which forgets the calls.
      spies.forEach((spy) => seen.push(...spy.mock.contexts.map((store) => (store as IDBObjectStore).name)));
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['manifests']));
    await deleteDataset('big');
  });
});
