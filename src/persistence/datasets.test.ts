import type { DatasetManifest } from '../contract';
import 'fake-indexeddb/auto';
import { createStore, keys, set } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { collectOrphans, commitManifest, deleteDataset, discardImages, imageKey, listDatasets, loadImage, markImportPending, putImages, saveEditedManifest } from './datasets';

const raw = createStore('thaw-datasets', 'datasets');
const image = (n: number) => ({ bytes: Uint8Array.from([n, n, n]), type: 'image/jpeg' });

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
    await set('manifest:broken', { version: 1, id: 'broken' }, raw);
    const list = await listDatasets();
    expect(list.datasets.map((d) => d.id)).toEqual(['d1']);
    expect(list.damaged).toEqual(['broken']);
    expect((await loadImage('d1', 1))?.bytes).toEqual(Uint8Array.from([1, 1, 1]));
    expect(await loadImage('d1', 9)).toBeUndefined();
  });

  it('collects images no manifest names, but not those of a live import or of a damaged manifest', async () => {
    await putImages('crashed', [{ id: 0, image: image(5) }]);
    await set('pending:crashed', Date.now() - 60 * 60_000, raw);
    await markImportPending('live');
    await putImages('live', [{ id: 0, image: image(6) }]);
    await set(imageKey('broken', 0), image(7), raw);
    await set(imageKey('d1', 5), image(8), raw); // written by an "add images" that never committed
    expect(await collectOrphans()).toBe(2);
    const left = (await keys(raw)).map(String).filter((k) => k.startsWith('image:')).sort();
    expect(left).toEqual(['image:broken:0', 'image:d1:0', 'image:d1:1', 'image:live:0']);
    await discardImages('live', [0]);
  });

  it('an edit drops the images it removed; deleting a dataset removes everything of it', async () => {
    const before = manifest('d1', [0, 1]);
    await saveEditedManifest(before, { ...before, images: before.images.slice(0, 1) });
    expect(await loadImage('d1', 1)).toBeUndefined();
    expect(await loadImage('d1', 0)).toBeDefined();
    await deleteDataset('d1');
    expect((await listDatasets()).datasets).toEqual([]);
    expect((await keys(raw)).map(String).filter((k) => k.includes('d1'))).toEqual([]);
  });
});
