import { StorageFullError } from '../../common/errors';
import { DATASET_MANIFEST, type DatasetManifest, type StoredImage } from '../../contract';
import { describe, expect, it } from 'vitest';
import { fileSource, runImport, type ImportDeps, type ImportFile, type ImportStorage } from './importer';
import { DEFAULT_SPLIT } from '../datasetEdits';

/** A file whose text content decides what the fake processor does with it. */
const file = (path: string, content = path): ImportFile => ({ path, file: new Blob([content]) });

class MemoryStorage implements ImportStorage {
  manifests = new Map<string, DatasetManifest>();
  images = new Map<string, StoredImage>();
  putCalls = 0;
  failOnPut: number | null = null;
  async loadManifest(id: string) { return this.manifests.get(id); }
  async markImportPending() {}
  async putImages(datasetId: string, images: { id: number; image: StoredImage }[]) {
    this.putCalls++;
    if (this.failOnPut === this.putCalls) throw new StorageFullError();
    images.forEach(({ id, image }) => this.images.set(`${datasetId}:${id}`, image));
  }
  async commitManifest(manifest: DatasetManifest) { this.manifests.set(manifest.id, manifest); }
  async discardImages(datasetId: string, ids: number[]) { ids.forEach((id) => this.images.delete(`${datasetId}:${id}`)); }
}

function deps(storage: MemoryStorage, options: Partial<ImportDeps> = {}): ImportDeps {
  let ids = storage.manifests.size;
  return {
    storage,
    isCancelled: () => false,
    onProgress: () => {},
    newId: () => `ds${++ids}`,
    batchSize: 2,
    // Content "broken" is undecodable; otherwise the hash is the content, so equal contents are duplicates.
    process: async (blob) => {
      const text = blob instanceof Blob ? await blob.text() : new TextDecoder().decode(blob);
      if (text === 'broken') return { skip: 'the browser could not decode it (damaged file)' };
      // Later files finish first, so the in-order results are really tested.
      await new Promise((r) => setTimeout(r, text.length % 3));
      return { image: { bytes: new TextEncoder().encode(text), type: 'image/jpeg' }, width: 4, height: 3, hash: text };
    },
    ...options,
  };
}

const request = (files: ImportFile[], extra = {}) => ({ name: 'Pets', sources: files.map(fileSource), split: { ...DEFAULT_SPLIT, validationPercent: 25 }, ...extra });

describe('runImport', () => {
  it('stores the good images with their classes, lists skipped files and duplicates, and commits one manifest', async () => {
    const storage = new MemoryStorage();
    const progress: number[] = [];
    const outcome = await runImport(
      request([
        file('pets/cat/a.jpg'), file('pets/cat/b.jpg'), file('pets/dog/c.jpg'), file('pets/dog/d.jpg'), file('pets/dog/e.jpg', 'pets/cat/a.jpg'),
        file('pets/dog/f.jpg', 'broken'), file('pets/notes.txt'), file('pets/cat/g.jpg'), file('pets/dog/h.jpg'),
      ]),
      deps(storage, { onProgress: (p) => progress.push(p.done) }),
    );
    expect(outcome.status).toBe('done');
    const manifest = storage.manifests.get('ds1')!;
    expect(manifest.classNames).toEqual(['cat', 'dog']);
    expect(manifest.images.map((i) => `${i.path}:${manifest.classNames[i.classIndex]}`)).toEqual([
      'pets/cat/a.jpg:cat', 'pets/cat/b.jpg:cat', 'pets/cat/g.jpg:cat', 'pets/dog/c.jpg:dog', 'pets/dog/d.jpg:dog', 'pets/dog/h.jpg:dog',
    ]);
    expect(outcome.skipped).toEqual([
      { path: 'pets/notes.txt', reason: 'not an image file (.txt)' },
      { path: 'pets/dog/f.jpg', reason: 'the browser could not decode it (damaged file)' },
    ]);
    expect(outcome.duplicates).toEqual([{ path: 'pets/dog/e.jpg', duplicateOf: 'pets/cat/a.jpg' }]);
    expect(storage.images.size).toBe(6);
    expect(manifest.images.filter((i) => i.split === 'validation').map((i) => i.classIndex).sort()).toEqual([0, 1]);
    expect(progress.at(-1)).toBe(9);
  });

  it('keeps the split the folders gave', async () => {
    const storage = new MemoryStorage();
    await runImport(request([file('d/train/a/1.jpg'), file('d/train/b/2.jpg'), file('d/val/a/3.jpg'), file('d/val/b/4.jpg'), file('d/test/b/5.jpg')]), deps(storage));
    const manifest = storage.manifests.get('ds1')!;
    expect(manifest.images.map((i) => `${i.path}:${i.split}`)).toEqual(['d/test/b/5.jpg:test', 'd/train/a/1.jpg:train', 'd/train/b/2.jpg:train', 'd/val/a/3.jpg:validation', 'd/val/b/4.jpg:validation']);
  });

  it('a cancelled import keeps nothing and leaves earlier datasets as they were', async () => {
    const storage = new MemoryStorage();
    await runImport(request([file('a/x/1.jpg'), file('a/y/2.jpg')]), deps(storage));
    const before = structuredClone([...storage.manifests.entries()]);
    const imagesBefore = storage.images.size;
    let processed = 0;
    const outcome = await runImport(request(Array.from({ length: 20 }, (_, i) => file(`b/c${i % 2}/${i}.jpg`))), deps(storage, {
      isCancelled: () => processed >= 7,
      onProgress: () => { processed++; },
    }));
    expect(outcome.status).toBe('cancelled');
    expect(storage.putCalls).toBeGreaterThan(1);
    expect([...storage.manifests.entries()]).toEqual(before);
    expect(storage.images.size).toBe(imagesBefore);
  });

  it('storage running out mid-import stops with a clear message; earlier data stays intact', async () => {
    const storage = new MemoryStorage();
    await runImport(request([file('a/x/1.jpg'), file('a/y/2.jpg')]), deps(storage));
    storage.failOnPut = storage.putCalls + 3;
    const outcome = await runImport(request(Array.from({ length: 20 }, (_, i) => file(`b/c${i % 2}/${i}.jpg`))), deps(storage));
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/Storage is full: the import stopped after \d+ images and nothing of it was kept/);
    expect([...storage.manifests.keys()]).toEqual(['ds1']);
    expect([...storage.images.keys()].every((k) => k.startsWith('ds1:'))).toBe(true);
    expect(storage.images.size).toBe(2);
  });

  it('adds images to an existing class and refuses a file already in the dataset', async () => {
    const storage = new MemoryStorage();
    await runImport(request([file('a/x/1.jpg'), file('a/y/2.jpg')]), deps(storage));
    const outcome = await runImport(request([file('new.jpg'), file('copy.jpg', 'a/x/1.jpg')], { datasetId: 'ds1', intoClass: 'y' }), deps(storage));
    expect(outcome.status).toBe('done');
    const manifest = storage.manifests.get('ds1')!;
    expect(manifest.images.map((i) => `${i.id}:${manifest.classNames[i.classIndex]}`)).toEqual(['0:x', '1:y', '2:y']);
    expect(outcome.duplicates).toEqual([{ path: 'y/copy.jpg', duplicateOf: 'a/x/1.jpg' }]);
  });

  it('nothing importable: no dataset is made and every file is listed', async () => {
    const storage = new MemoryStorage();
    const outcome = await runImport(request([file('a/x/1.jpg', 'broken'), file('a/readme.md')]), deps(storage));
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toBe('No image could be imported (2 skipped, 0 duplicates)');
    expect(storage.manifests.size).toBe(0);
  });

  it('a class folder with a blank name is skipped with its files and a too long one is shortened; the rest imports', async () => {
    const storage = new MemoryStorage();
    const long = 'x'.repeat(130);
    const outcome = await runImport(request([file('d/   /1.jpg'), file(`d/${long}/2.jpg`), file('d/ok/3.jpg')], { name: 'n'.repeat(120) }), deps(storage));
    expect(outcome.status).toBe('done');
    const manifest = storage.manifests.get('ds1')!;
    expect(manifest.classNames).toEqual(['ok', `${'x'.repeat(99)}…`]);
    expect(manifest.name).toBe(`${'n'.repeat(99)}…`);
    expect(outcome.skipped).toEqual([{ path: 'd/   /1.jpg', reason: 'its class folder “   ” has a blank name (spaces only): rename the folder to import its images' }]);
    expect(outcome.notes).toEqual([expect.stringMatching(/^Class folder “x{39}…” has a name of 130 characters: imported as class “x{99}…”/)]);
  });

  it('class folders that differ only in Unicode normalization are merged, with a note', async () => {
    const storage = new MemoryStorage();
    const outcome = await runImport(request([file('d/caf\u00e9/1.jpg'), file('d/cafe\u0301/2.jpg'), file('d/tea/3.jpg')]), deps(storage));
    expect(storage.manifests.get('ds1')!.classNames).toEqual(['café', 'tea']);
    expect(outcome.notes).toEqual(['2 class folders named “café” differ only in Unicode normalization (an accent stored as one or as two code points): merged into one class “café”']);
  });

  it('two files with the same path (a zip may hold them) are both imported', async () => {
    const storage = new MemoryStorage();
    const outcome = await runImport(request([file('d/a/1.jpg', 'one'), file('d/a/1.jpg', 'two'), file('d/b/2.jpg')]), deps(storage));
    expect(outcome.imported).toBe(3);
    expect(storage.manifests.get('ds1')!.images.map((i) => i.hash)).toEqual(['one', 'two', 'd/b/2.jpg']);
  });

  it('marks camera frames as camera images in their records; files stay unmarked, and records without the mark still read back', async () => {
    const storage = new MemoryStorage();
    await runImport(request([file('d/a/1.jpg'), file('d/b/2.jpg')]), deps(storage));
    const outcome = await runImport(request([file('camera/frame-1.jpg'), file('camera/frame-2.jpg')], { datasetId: 'ds1', intoClass: 'me', origin: 'camera' }), deps(storage));
    expect(outcome.imported).toBe(2);
    const manifest = storage.manifests.get('ds1')!;
    expect(manifest.images.map((i) => [i.path, i.source])).toEqual([['d/a/1.jpg', undefined], ['d/b/2.jpg', undefined], ['me/frame-1.jpg', 'camera'], ['me/frame-2.jpg', 'camera']]);
    expect(manifest.classNames).toEqual(['a', 'b', 'me']);
    expect(DATASET_MANIFEST.safeParse(manifest).success).toBe(true);
  });
});
