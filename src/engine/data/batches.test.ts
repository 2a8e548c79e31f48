import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../testSupport';
import { centreCrop, imagesToInput, loadBatch } from './batches';
import type { DecodedImage, PixelSource } from './pixelSource';

beforeAll(useCpuBackend);

/** An image whose red channel is its column index (×10) and green its row index (×10). */
function gradient(width: number, height: number): DecodedImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgb.set([x * 10, y * 10, 0], (y * width + x) * 3);
  }
  return { width, height, rgb };
}

const toPixels = (images: tf.Tensor4D) => tf.tidy(() => images.add(1).mul(127.5));

function sourceOf(images: (DecodedImage | null)[]): PixelSource {
  return {
    count: images.length, cachedBytes: 0, unreadable: [], setCacheBudget: () => {},
    sizeOf: (i) => images[i] ?? { width: 1, height: 1 },
    read: async (indices) => indices.map((i) => images[i] ?? null),
    prefetch: () => {}, nameOf: (i) => `image ${i}`, setTargetSize: () => {},
  };
}

describe('batches at the model input size', () => {
  it('the centre crop of a landscape image at its own height is its middle square, pixel for pixel', async () => {
    const batch = imagesToInput([gradient(8, 4)], 4);
    const red = await toPixels(batch).slice([0, 0, 0, 0], [1, 1, 4, 1]).data();
    expect(Array.from(red, Math.round)).toEqual([20, 30, 40, 50]);
    batch.dispose();
  });

  it('halving samples at pixel centres (the mean of each pair on a linear ramp), as a half-pixel resize does', async () => {
    const batch = imagesToInput([gradient(8, 8)], 4);
    const red = await toPixels(batch).slice([0, 0, 0, 0], [1, 1, 4, 1]).data();
    expect(Array.from(red, (v) => Math.round(v))).toEqual([5, 25, 45, 65]);
    batch.dispose();
  });

  it('images of different shapes share a batch; a crop box picks its region of the whole image', async () => {
    const source = sourceOf([gradient(8, 4), gradient(4, 6)]);
    const { images, kept } = await loadBatch(source, [0, 1], 2, [{ top: 0, left: 0, height: 2, width: 2 }, undefined]);
    expect(kept).toEqual([0, 1]);
    expect(images!.shape).toEqual([2, 2, 2, 3]);
    const values = await toPixels(images!).data();
    // Image 0, crop at the top-left 2×2: red = columns 0, 1; image 1, centre crop of 4×6 (rows 1–4) at 2 px: green = rows 1.5, 3.5 → 15, 35.
    expect([values[0], values[3]].map((v) => Math.round(v ?? NaN))).toEqual([0, 10]);
    expect([values[12 + 1], values[12 + 6 + 1]].map((v) => Math.round(v ?? NaN))).toEqual([15, 35]);
    images!.dispose();
  });

  it('leaves unreadable images out of the batch and says which are in it; none readable → no tensor', async () => {
    const before = tf.memory().numTensors;
    const source = sourceOf([gradient(4, 4), null, gradient(4, 4)]);
    const { images, kept } = await loadBatch(source, [0, 1, 2], 4);
    expect(kept).toEqual([0, 2]);
    expect(images!.shape[0]).toBe(2);
    images!.dispose();
    expect(await loadBatch(source, [1], 4)).toEqual({ images: null, kept: [] });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('centreCrop takes the shorter side', () => {
    expect(centreCrop({ width: 300, height: 200 })).toEqual({ top: 0, left: 50, height: 200, width: 200 });
  });
});
