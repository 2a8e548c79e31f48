import type { DatasetManifest } from '../contract';
import 'fake-indexeddb/auto';
import { clear, createStore, entries, get, keys, set, setMany, type UseStore } from 'idb-keyval';
import { beforeEach, describe, expect, it } from 'vitest';
import { forgetLegacyMove, migrateLegacyDatasets } from './datasetMigration';
import { listDatasets, loadImage, loadImages, loadManifest } from './datasets';

const manifests = createStore('thaw-dataset-manifests', 'manifests');
const images = createStore('thaw-dataset-images', 'images');
const pending = createStore('thaw-dataset-pending', 'pending');
/** Opened only once a test writes the old layout: the first test checks that nothing creates it. */
let legacyHandle: UseStore | undefined;
const legacy = () => (legacyHandle ??= createStore('thaw-datasets', 'datasets'));

const image = (n: number) => ({ bytes: Uint8Array.from([n, n, n]), type: 'image/jpeg' });

function manifest(id: string, imageIds: number[], updatedAt = 1000): DatasetManifest {
  return {
    version: 1, id, name: id, createdAt: updatedAt, updatedAt, classNames: ['a', 'b'], nextImageId: imageIds.length,
    images: imageIds.map((n) => ({ id: n, path: `a/${n}.jpg`, classIndex: n % 2, hash: `h${n}`, width: 2, height: 2, split: 'train' as const, givenSplit: false })),
    split: { seed: 1, validationPercent: 20, testPercent: 0 }, skipped: [], duplicates: [], storedBytes: 3 * imageIds.length,
  };
}

/** A dataset written the way the first layout's datasets.ts wrote it: one store, string keys. */
async function writeLegacyDataset(m: DatasetManifest): Promise<void> {
  await setMany([...m.images.map((meta): [string, unknown] => [`image:${m.id}:${meta.id}`, image(meta.id % 256)]), [`manifest:${m.id}`, m]], legacy());
}

async function expectReadable(m: DatasetManifest): Promise<void> {
  expect(await loadManifest(m.id)).toEqual(m);
  const ids = m.images.map((meta) => meta.id);
  const found = await loadImages(m.id, ids);
  expect(found.map((f) => f?.bytes[0])).toEqual(ids.map((id) => id % 256));
  expect((await loadImage(m.id, ids[0] ?? 0))?.bytes).toEqual(image(ids[0] ?? 0).bytes);
  const stored = (await keys<[string, number]>(images)).filter(([id]) => id === m.id).map(([, n]) => n);
  expect(stored.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
}

const legacyKeys = async () => (await keys(legacy())).map(String).sort();

beforeEach(async () => {
  forgetLegacyMove();
  await Promise.all([clear(manifests), clear(images), clear(pending), ...(legacyHandle ? [clear(legacyHandle)] : [])]);
});

describe('moving datasets out of the first layout', () => {
  it('creates no old database where there was none', async () => {
    expect(await migrateLegacyDatasets()).toEqual({ moved: [], damaged: [] });
    expect(await listDatasets()).toEqual({ datasets: [], damaged: [] });
    expect((await indexedDB.databases()).map((db) => db.name)).not.toContain('thaw-datasets');
  });

  it('moves every dataset with all its images; a damaged manifest stays and is reported; leftovers go', async () => {
    const cats = manifest('cats', [0, 1, 2], 1000);
    const dogs = manifest('dogs', Array.from({ length: 450 }, (_, i) => i), 2000); // more than one copy chunk
    await writeLegacyDataset(cats);
    await writeLegacyDataset(dogs);
    await set('pending:crashed', Date.now() - 60 * 60_000, legacy());
    await set('image:crashed:0', image(9), legacy()); // an orphan: no manifest names it
    await set('manifest:broken', { version: 1, id: 'broken' }, legacy());

    forgetLegacyMove();
    const list = await listDatasets(); // the first call of the module runs the move
    expect(list.datasets.map((d) => d.id)).toEqual(['cats', 'dogs']);
    expect(list.damaged).toEqual(['broken']);
    await expectReadable(cats);
    await expectReadable(dogs);
    expect(await legacyKeys()).toEqual(['manifest:broken']);
    expect(await keys(pending)).toEqual([]);
  });

  it('running it again changes nothing', async () => {
    const m = manifest('again', [0, 1]);
    await writeLegacyDataset(m);
    await set('manifest:broken', 'garbage', legacy());
    const first = await migrateLegacyDatasets();
    const before = await entries(images);
    const second = await migrateLegacyDatasets();
    expect(first).toEqual({ moved: ['again'], damaged: ['broken'] });
    expect(second).toEqual({ moved: [], damaged: ['broken'] });
    expect(await entries(images)).toEqual(before);
    expect(await legacyKeys()).toEqual(['manifest:broken']);
    await expectReadable(m);
  });

  it('resumes a move cut short after the images were copied, before the manifest was written', async () => {
    const m = manifest('cut', [0, 1, 2, 3]);
    await writeLegacyDataset(m);
    // The crash: images 0-2 copied, and 0-1 already dropped from the old store; no new manifest yet.
    await setMany([0, 1, 2].map((n) => [['cut', n], image(n)]), images);
    await legacy()('readwrite', (s) => { s.delete('image:cut:0'); s.delete('image:cut:1'); return Promise.resolve(); });
    expect(await migrateLegacyDatasets()).toEqual({ moved: ['cut'], damaged: [] });
    await expectReadable(m);
    expect(await legacyKeys()).toEqual([]);
  });

  it('resumes a move cut short after the manifest was written, before the old records went', async () => {
    const m = manifest('late', [0, 1]);
    await writeLegacyDataset(m);
    await setMany([[['late', 0], image(0)], [['late', 1], image(1)]], images);
    const edited = { ...m, name: 'renamed since', updatedAt: m.updatedAt + 5 };
    await set('late', edited, manifests); // moved, then edited by the user
    await migrateLegacyDatasets();
    expect(await loadManifest('late')).toEqual(edited);
    expect(await legacyKeys()).toEqual([]);
  });

  it('two moves side by side (a page and a worker without Web Locks) lose nothing', async () => {
    const a = manifest('side-a', Array.from({ length: 250 }, (_, i) => i));
    const b = manifest('side-b', [0, 1, 2]);
    await writeLegacyDataset(a);
    await writeLegacyDataset(b);
    await Promise.all([migrateLegacyDatasets(), migrateLegacyDatasets()]);
    await expectReadable(a);
    await expectReadable(b);
    expect(await legacyKeys()).toEqual([]);
  });

  it('an image missing in both stores is dropped from nothing: the manifest moves as it was', async () => {
    const m = manifest('holey', [0, 1]);
    await writeLegacyDataset(m);
    await legacy()('readwrite', (s) => { s.delete('image:holey:1'); return Promise.resolve(); });
    await migrateLegacyDatasets();
    expect(await loadManifest('holey')).toEqual(m);
    expect(await loadImages('holey', [0, 1])).toEqual([image(0), undefined]);
  });

  it('leaves an old-layout import that is still being written (a tab not yet reloaded)', async () => {
    await set('pending:busy', Date.now(), legacy());
    await set('image:busy:0', image(1), legacy());
    await migrateLegacyDatasets();
    expect(await legacyKeys()).toEqual(['image:busy:0', 'pending:busy']);
    expect(await get(['busy', 0], images)).toBeUndefined();
  });
});
