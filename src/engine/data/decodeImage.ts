/// <reference lib="webworker" />
import type { StoredImage } from '../../contract';
import { rgbaToRgb } from '../../data/pixels';
import type { ImageSize } from './pixelSource';

let canvas: OffscreenCanvas | null = null;

/**
 * Decodes a stored JPEG/PNG copy to RGB at `size` with the browser's decoder: `createImageBitmap`
 * decodes and resizes off this thread (Chromium hands blob decoding to its image decoder threads),
 * then one shared canvas reads the pixels back (draw and read are synchronous, so decodes in flight
 * never interleave on it).
 */
export async function decodeToRgb(image: StoredImage, size: ImageSize): Promise<Uint8Array> {
  const blob = new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.type });
  const bitmap = await createImageBitmap(blob, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' });
  try {
    canvas ??= new OffscreenCanvas(size.width, size.height);
    if (canvas.width !== size.width || canvas.height !== size.height) {
      canvas.width = size.width;
      canvas.height = size.height;
    }
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('No 2D canvas in this browser');
    context.clearRect(0, 0, size.width, size.height);
    context.drawImage(bitmap, 0, 0);
    return rgbaToRgb(context.getImageData(0, 0, size.width, size.height).data);
  } finally {
    bitmap.close();
  }
}

/** A share of the device's memory for decoded images: an eighth of what the browser reports, 256 MB to 2 GB. */
export function defaultDecodedCacheBytes(): number {
  const gigabytes = typeof navigator !== 'undefined' ? (navigator as Navigator & { deviceMemory?: number }).deviceMemory : undefined;
  const share = ((gigabytes ?? 4) * 1024 ** 3) / 8;
  return Math.round(Math.min(2 * 1024 ** 3, Math.max(256 * 1024 ** 2, share)));
}
