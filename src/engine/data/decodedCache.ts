import type { DecodedImage } from './pixelSource';

/**
 * Decoded images kept on the CPU under a byte budget, least recently used evicted first. An image
 * larger than the whole budget is not kept (it is decoded again when asked for).
 */
export class DecodedCache {
  private readonly entries = new Map<number, DecodedImage>();
  private bytes = 0;

  constructor(private budgetBytes: number) {}

  /** A new budget takes effect at once: a smaller one evicts the least recently used images. */
  setBudget(bytes: number): void {
    this.budgetBytes = bytes;
    this.evictDownTo(bytes);
  }

  get usedBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get(index: number): DecodedImage | undefined {
    const image = this.entries.get(index);
    if (image) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(index);
      this.entries.set(index, image);
    }
    return image;
  }

  has(index: number): boolean {
    return this.entries.has(index);
  }

  put(index: number, image: DecodedImage): void {
    const size = image.rgb.byteLength;
    if (size > this.budgetBytes) return;
    this.remove(index);
    this.evictDownTo(this.budgetBytes - size);
    this.entries.set(index, image);
    this.bytes += size;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private evictDownTo(bytes: number): void {
    while (this.bytes > bytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.remove(oldest.value);
    }
  }

  private remove(index: number): void {
    const image = this.entries.get(index);
    if (!image) return;
    this.entries.delete(index);
    this.bytes -= image.rgb.byteLength;
  }
}
