import type { GeneratedImages } from '../../data/sampleDataset';

/** Width and height in pixels. */
export interface ImageSize {
  width: number;
  height: number;
}

/** One decoded image: RGB bytes, row-major, `width × height × 3`. */
export interface DecodedImage extends ImageSize {
  rgb: Uint8Array;
}

/**
 * Where a dataset's pixels come from, image by image (indices are positions in the engine's image
 * list). Pixels stay on the CPU: the GPU only ever sees one batch at a time, so nothing on the
 * device grows with the number of images.
 */
export interface PixelSource {
  readonly count: number;
  /** The size `read` returns image `index` at, known without decoding it (random crops are drawn from it). */
  sizeOf(index: number): ImageSize;
  /** Null for an image whose record is missing or undecodable: the caller skips it. */
  read(indices: readonly number[]): Promise<(DecodedImage | null)[]>;
  /** Starts reading images a later `read` will ask for; never throws, never waits. */
  prefetch(indices: readonly number[]): void;
  /** What to call image `index` when telling the user it could not be read. */
  nameOf(index: number): string;
  /** Images are decoded at about the model's input size: a new size drops what was decoded at the old one. */
  setTargetSize(size: number): void;
  /** Decoded bytes held on the CPU now, for the budget's tests and the benchmark. */
  readonly cachedBytes: number;
  /** Names of the images found unreadable so far, in dataset order. */
  readonly unreadable: string[];
  /** CPU bytes decoded images may keep; a smaller budget evicts at once. */
  setCacheBudget(bytes: number): void;
}

/** The built-in sample: generated at one size, held whole in memory (small by construction). */
export class InMemoryPixels implements PixelSource {
  readonly count: number;
  readonly cachedBytes: number;
  /** Generated images are always readable. */
  readonly unreadable: string[] = [];
  private readonly perImage: number;

  constructor(private readonly images: GeneratedImages) {
    this.perImage = images.imageSize * images.imageSize * 3;
    this.count = images.labels.length;
    this.cachedBytes = images.pixels.byteLength;
  }

  sizeOf(): ImageSize {
    return { width: this.images.imageSize, height: this.images.imageSize };
  }

  async read(indices: readonly number[]): Promise<(DecodedImage | null)[]> {
    const size = this.images.imageSize;
    return indices.map((i) => ({ width: size, height: size, rgb: this.images.pixels.subarray(i * this.perImage, (i + 1) * this.perImage) }));
  }

  prefetch(): void {}

  nameOf(index: number): string {
    return `sample image ${index + 1}`;
  }

  setTargetSize(): void {}

  /** Generated images are held whole (they are small by construction): there is no cache to bound. */
  setCacheBudget(): void {}
}
