import type { StoredImage } from '../../contract';
import { describe, expect, it } from 'vitest';
import { DecodedCache } from './decodedCache';
import { decodedSize, StoredPixels, type StoredEntry } from './storedPixels';
import type { ImageSize } from './pixelSource';

/** A fake store: record `id` holds one byte, the image's grey level; `missing` ids have no record, `broken` ones do not decode. */
function fakeStore(count: number, options: { missing?: number[]; broken?: number[] } = {}) {
  const reads: number[][] = [];
  const decoded: number[] = [];
  const entries: StoredEntry[] = Array.from({ length: count }, (_, i) => ({ id: 100 + i, path: `class/${i}.jpg`, width: 40, height: 30 }));
  const readRecords = async (ids: number[]): Promise<(StoredImage | undefined)[]> => {
    reads.push(ids);
    return ids.map((id) => (options.missing?.includes(id - 100) ? undefined : { bytes: Uint8Array.of(id - 100), type: 'image/jpeg' }));
  };
  const decode = async (image: StoredImage, size: ImageSize) => {
    const index = image.bytes[0] ?? 0;
    if (options.broken?.includes(index)) throw new Error('not an image');
    decoded.push(index);
    return new Uint8Array(size.width * size.height * 3).fill(index);
  };
  return { entries, readRecords, decode, reads, decoded };
}

const BYTES_AT_16 = 21 * 16 * 3; // 40×30 brought to a shorter side of 16 → 21×16

describe('decoded-image cache', () => {
  it('evicts the least recently used images beyond its byte budget, and never keeps one larger than the budget', () => {
    const cache = new DecodedCache(300);
    const image = (bytes: number) => ({ width: 1, height: 1, rgb: new Uint8Array(bytes) });
    cache.put(1, image(100));
    cache.put(2, image(100));
    cache.put(3, image(100));
    cache.get(1);
    cache.put(4, image(100));
    expect([1, 2, 3, 4].filter((i) => cache.has(i))).toEqual([1, 3, 4]);
    expect(cache.usedBytes).toBe(300);
    cache.put(5, image(301));
    expect(cache.has(5)).toBe(false);
    expect(cache.usedBytes).toBe(300);
    cache.setBudget(150);
    expect([1, 3, 4].filter((i) => cache.has(i))).toEqual([4]);
    expect(cache.usedBytes).toBe(100);
  });
});

describe('stored pixels', () => {
  it('decodes at the shorter side of the input size, never enlarging on the CPU', () => {
    expect(decodedSize({ width: 400, height: 300 }, 224)).toEqual({ width: 299, height: 224 });
    expect(decodedSize({ width: 100, height: 80 }, 224)).toEqual({ width: 100, height: 80 });
  });

  it('reads a batch in one batched read, and serves it again from the cache without decoding', async () => {
    const store = fakeStore(10);
    const pixels = new StoredPixels(store.entries, store.readRecords, store.decode, 1e9, 16);
    const first = await pixels.read([3, 1, 4]);
    expect(store.reads).toEqual([[103, 101, 104]]);
    expect(first.map((image) => image?.rgb[0])).toEqual([3, 1, 4]);
    expect(first[0]).toMatchObject({ width: 21, height: 16 });
    await pixels.read([1, 4, 5]);
    expect(store.reads).toEqual([[103, 101, 104], [105]]);
    expect(store.decoded).toEqual([3, 1, 4, 5]);
    expect(pixels.cachedBytes).toBe(4 * BYTES_AT_16);
  });

  it('keeps to its budget and decodes again what did not fit', async () => {
    const store = fakeStore(10);
    const pixels = new StoredPixels(store.entries, store.readRecords, store.decode, 2 * BYTES_AT_16, 16);
    await pixels.read([0, 1, 2]);
    expect(pixels.cachedBytes).toBe(2 * BYTES_AT_16);
    const again = await pixels.read([0]);
    expect(again[0]?.rgb[0]).toBe(0);
    expect(store.decoded).toEqual([0, 1, 2, 0]);
    expect(pixels.cachedBytes).toBeLessThanOrEqual(2 * BYTES_AT_16);
  });

  it('a prefetch starts the read before it is asked for, and the read shares it (no second read or decode)', async () => {
    const store = fakeStore(10);
    const pixels = new StoredPixels(store.entries, store.readRecords, store.decode, 1e9, 16);
    pixels.prefetch([6, 7]);
    expect(store.reads).toEqual([[106, 107]]);
    const images = await pixels.read([7, 6, 8]);
    expect(images.map((image) => image?.rgb[0])).toEqual([7, 6, 8]);
    expect(store.reads).toEqual([[106, 107], [108]]);
    expect(store.decoded.sort()).toEqual([6, 7, 8]);
  });

  it('skips a missing or undecodable record, names it, and goes on with the rest', async () => {
    const store = fakeStore(6, { missing: [2], broken: [4] });
    const pixels = new StoredPixels(store.entries, store.readRecords, store.decode, 1e9, 16);
    const images = await pixels.read([1, 2, 3, 4]);
    expect(images.map((image) => image?.rgb[0] ?? null)).toEqual([1, null, 3, null]);
    expect(pixels.unreadable).toEqual(['class/2.jpg', 'class/4.jpg']);
  });

  it('a failed read of the store marks the batch unreadable instead of failing the run', async () => {
    const store = fakeStore(3);
    const pixels = new StoredPixels(store.entries, async () => { throw new Error('transaction aborted'); }, store.decode, 1e9, 16);
    expect(await pixels.read([0, 1])).toEqual([null, null]);
  });

  it('a new input size drops what was decoded at the old one', async () => {
    const store = fakeStore(3);
    const pixels = new StoredPixels(store.entries, store.readRecords, store.decode, 1e9, 16);
    await pixels.read([0]);
    pixels.setTargetSize(24);
    expect(pixels.cachedBytes).toBe(0);
    expect((await pixels.read([0]))[0]).toMatchObject({ width: 32, height: 24 });
  });
});
