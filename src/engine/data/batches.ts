import * as tf from '@tensorflow/tfjs';
import type { DecodedImage, ImageSize, PixelSource } from './pixelSource';

/** A region of a decoded image, in its pixels (sub-pixel edges allowed: sampling is bilinear). */
export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** The centred square of the shorter side: what validation, test and un-augmented training see. */
export function centreCrop(size: ImageSize): CropBox {
  const side = Math.min(size.width, size.height);
  return { top: (size.height - side) / 2, left: (size.width - side) / 2, height: side, width: side };
}

/** One batch on the device, at the model's input size, scaled to [-1, 1]. */
export interface ImageBatch {
  /** Null when no image of the batch could be read. */
  images: tf.Tensor4D | null;
  /** Which of the asked positions the batch holds, in order: unreadable images are left out. */
  kept: number[];
}

/**
 * Reads `indices` from the source and uploads them as one batch: each image's crop (the centre
 * square by default) is resized to `inputSize` on the device, as torchvision's Resize + CenterCrop
 * or RandomResizedCrop do on the CPU.
 */
export async function loadBatch(source: PixelSource, indices: readonly number[], inputSize: number, crops?: readonly (CropBox | undefined)[]): Promise<ImageBatch> {
  const decoded = await source.read(indices);
  const kept: number[] = [];
  const images: DecodedImage[] = [];
  decoded.forEach((image, k) => {
    if (image) {
      kept.push(k);
      images.push(image);
    }
  });
  if (images.length === 0) return { images: null, kept };
  const boxes = images.map((image, i) => crops?.[kept[i] ?? -1] ?? centreCrop(image));
  return { images: toInputTensor(images, boxes, inputSize), kept };
}

function toInputTensor(images: DecodedImage[], boxes: CropBox[], size: number): tf.Tensor4D {
  const height = Math.max(...images.map((image) => image.height));
  const width = Math.max(...images.map((image) => image.width));
  const padded = padInto(images, height, width);
  const unchanged = images.every((image, i) => image.width === size && image.height === size && isWholeImage(boxes[i], image));
  return tf.tidy(() => {
    const pixels = tf.tensor4d(padded, [images.length, height, width, 3], 'int32').toFloat();
    const resized = unchanged ? pixels : tf.image.cropAndResize(
      pixels, tf.tensor2d(images.map((image, i) => normalisedBox(boxes[i] ?? centreCrop(image), image, height, width, size)), [images.length, 4]),
      tf.tensor1d(images.map((_, i) => i), 'int32'), [size, size], 'bilinear',
    );
    return resized.div(127.5).sub<tf.Tensor4D>(1);
  });
}

/** The images top-left aligned in one buffer of the batch's largest height and width (the rest is never sampled). */
function padInto(images: DecodedImage[], height: number, width: number): Uint8Array {
  const perImage = height * width * 3;
  const out = new Uint8Array(images.length * perImage);
  images.forEach((image, i) => {
    if (image.width === width) {
      out.set(image.rgb, i * perImage);
      return;
    }
    const row = image.width * 3;
    for (let y = 0; y < image.height; y++) out.set(image.rgb.subarray(y * row, (y + 1) * row), i * perImage + y * width * 3);
  });
  return out;
}

function isWholeImage(box: CropBox | undefined, image: ImageSize): boolean {
  return box !== undefined && box.top === 0 && box.left === 0 && box.height === image.height && box.width === image.width;
}

/**
 * cropAndResize samples the first and last output pixel at the box's ends (align-corners); shifting
 * the ends half an output pixel inwards puts every sample at its pixel centre, as a half-pixel
 * resize does. The ends are kept inside the image so padding is never read.
 */
function normalisedBox(box: CropBox, image: ImageSize, height: number, width: number, size: number): [number, number, number, number] {
  const ends = (start: number, extent: number, limit: number) => {
    const half = extent / size / 2;
    return [clamp(start + half - 0.5, 0, limit - 1), clamp(start + extent - half - 0.5, 0, limit - 1)] as const;
  };
  const [y1, y2] = ends(box.top, box.height, image.height);
  const [x1, x2] = ends(box.left, box.width, image.width);
  const ny = Math.max(1, height - 1);
  const nx = Math.max(1, width - 1);
  return [y1 / ny, x1 / nx, y2 / ny, x2 / nx];
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * What the trainer reads: the labels of both splits, and batches of them streamed from a pixel
 * source at the model's input size. Positions are within the split (0 … split length − 1).
 */
export interface TrainingData {
  readonly trainLabels: Int32Array;
  readonly validationLabels: Int32Array;
  readonly numClasses: number;
  readonly inputSize: number;
  trainBatch(positions: readonly number[], crops?: readonly (CropBox | undefined)[]): Promise<ImageBatch>;
  validationBatch(start: number, end: number): Promise<ImageBatch>;
  /** The decoded size of training image `position`: random crops are drawn in it. */
  trainImageSize(position: number): ImageSize;
  prefetchTrain(positions: readonly number[]): void;
  prefetchValidation(start: number, end: number): void;
}

/** A dataset split streamed from its pixel source; nothing of it lives on the device between batches. */
export class StreamingData implements TrainingData {
  readonly trainLabels: Int32Array;
  readonly validationLabels: Int32Array;

  constructor(
    private readonly source: PixelSource,
    private readonly split: { readonly train: readonly number[]; readonly validation: readonly number[] },
    labels: Int32Array,
    readonly numClasses: number,
    readonly inputSize: number,
  ) {
    const labelOf = (i: number) => labels[i] ?? 0;
    this.trainLabels = Int32Array.from(split.train, labelOf);
    this.validationLabels = Int32Array.from(split.validation, labelOf);
    source.setTargetSize(inputSize);
  }

  trainBatch(positions: readonly number[], crops?: readonly (CropBox | undefined)[]): Promise<ImageBatch> {
    return loadBatch(this.source, positions.map((p) => this.trainIndex(p)), this.inputSize, crops);
  }

  validationBatch(start: number, end: number): Promise<ImageBatch> {
    return loadBatch(this.source, this.split.validation.slice(start, end), this.inputSize);
  }

  trainImageSize(position: number): ImageSize {
    return this.source.sizeOf(this.trainIndex(position));
  }

  prefetchTrain(positions: readonly number[]): void {
    this.source.prefetch(positions.map((p) => this.trainIndex(p)));
  }

  prefetchValidation(start: number, end: number): void {
    this.source.prefetch(this.split.validation.slice(start, end));
  }

  private trainIndex(position: number): number {
    const index = this.split.train[position];
    if (index === undefined) throw new Error(`No training image at position ${position}`);
    return index;
  }
}

/** Decoded images (any sizes) as one input batch: centre square resized to `size`, in [−1, 1]. */
export function imagesToInput(images: DecodedImage[], size: number): tf.Tensor4D {
  return toInputTensor(images, images.map(centreCrop), size);
}
