import type { StoredImage } from '../../contract';
import { DecodedCache } from './decodedCache';
import type { DecodedImage, ImageSize, PixelSource } from './pixelSource';

/** A stored image as the loader needs it: its record id, its name for messages, its stored size. */
export interface StoredEntry extends ImageSize {
  id: number;
  path: string;
}

/** One batched read of stored records (undefined for a missing or damaged one). */
export type ReadRecords = (ids: number[]) => Promise<(StoredImage | undefined)[]>;
/** Decodes a stored record to RGB bytes at exactly `size`; throws when the bytes are not an image. */
export type DecodeRecord = (image: StoredImage, size: ImageSize) => Promise<Uint8Array>;

/**
 * The size an image is decoded at for a model input of `target` px: its shorter side brought down to
 * `target` (never up: the GPU enlarges, bytes on the CPU stay small), aspect ratio kept so a
 * training crop can come from anywhere in the whole image.
 */
export function decodedSize(stored: ImageSize, target: number): ImageSize {
  const scale = Math.min(1, target / Math.max(1, Math.min(stored.width, stored.height)));
  return { width: Math.max(1, Math.round(stored.width * scale)), height: Math.max(1, Math.round(stored.height * scale)) };
}

/**
 * An imported dataset's images, read from IndexedDB in batched reads and decoded on demand; decoded
 * bytes are kept in a CPU cache under a byte budget, and what does not fit is decoded again when it
 * is next asked for. A prefetch starts the reads and decodes of later batches while the GPU works.
 */
export class StoredPixels implements PixelSource {
  readonly count: number;
  private readonly cache: DecodedCache;
  private readonly pending = new Map<number, Promise<DecodedImage | null>>();
  private readonly unreadableIndices = new Set<number>();
  private target: number;
  /** Bumped by a new target size, so a decode that finishes late is not cached at the old size. */
  private generation = 0;
  /** How many images were decoded (a re-decode counts again): the cache's tests and the benchmark read it. */
  decodes = 0;

  constructor(
    private readonly entries: readonly StoredEntry[],
    private readonly readRecords: ReadRecords,
    private readonly decode: DecodeRecord,
    budgetBytes: number,
    target: number,
  ) {
    this.count = entries.length;
    this.cache = new DecodedCache(budgetBytes);
    this.target = target;
  }

  get cachedBytes(): number {
    return this.cache.usedBytes;
  }

  /** Paths of the images found unreadable so far, in dataset order. */
  get unreadable(): string[] {
    return [...this.unreadableIndices].sort((a, b) => a - b).map((i) => this.nameOf(i));
  }

  sizeOf(index: number): ImageSize {
    return decodedSize(this.entry(index), this.target);
  }

  nameOf(index: number): string {
    return this.entry(index).path;
  }

  setCacheBudget(bytes: number): void {
    this.cache.setBudget(bytes);
  }

  setTargetSize(size: number): void {
    if (size === this.target) return;
    this.target = size;
    this.generation++;
    this.cache.clear();
    this.pending.clear();
  }

  prefetch(indices: readonly number[]): void {
    this.load(indices);
  }

  async read(indices: readonly number[]): Promise<(DecodedImage | null)[]> {
    this.load(indices);
    return Promise.all(indices.map((i) => {
      const hit = this.cache.get(i);
      return hit ? Promise.resolve(hit) : (this.pending.get(i) ?? Promise.resolve(null));
    }));
  }

  /** Starts one batched read for every image that is neither decoded nor on its way. */
  private load(indices: readonly number[]): void {
    const missing = [...new Set(indices)].filter((i) => i >= 0 && i < this.count && !this.cache.has(i) && !this.pending.has(i));
    if (missing.length === 0) return;
    const records = this.readRecords(missing.map((i) => this.entry(i).id)).catch(() => missing.map(() => undefined));
    const generation = this.generation;
    missing.forEach((index, k) => {
      const decoded = records.then((all) => this.decodeOne(index, all[k], generation));
      this.pending.set(index, decoded);
      void decoded.finally(() => {
        if (this.pending.get(index) === decoded) this.pending.delete(index);
      });
    });
  }

  private async decodeOne(index: number, record: StoredImage | undefined, generation: number): Promise<DecodedImage | null> {
    const size = this.sizeOf(index);
    try {
      if (!record) throw new Error('missing');
      const rgb = await this.decode(record, size);
      this.decodes++;
      if (rgb.length !== size.width * size.height * 3) throw new Error('decoded at another size');
      const image: DecodedImage = { ...size, rgb };
      if (generation === this.generation) this.cache.put(index, image);
      return image;
    } catch {
      this.unreadableIndices.add(index);
      return null;
    }
  }

  private entry(index: number): StoredEntry {
    const entry = this.entries[index];
    if (!entry) throw new Error(`No stored image at position ${index}`);
    return entry;
  }
}
