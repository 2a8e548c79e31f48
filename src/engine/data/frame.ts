/// <reference lib="webworker" />
import type { ImagePreview } from '../../contract';
import { rgbaToRgb } from '../../data/pixels';

let canvas: OffscreenCanvas | null = null;

/**
 * A camera frame's pixels as RGB bytes, read on one shared canvas (draw and read are synchronous, so
 * frames never interleave on it). The caller closes the bitmap: it is a transferred GPU resource.
 */
export function frameToRgb(frame: ImageBitmap): ImagePreview {
  const { width, height } = frame;
  if (width < 1 || height < 1) throw new Error('The camera frame is empty (0 px): is the camera still starting?');
  canvas ??= new OffscreenCanvas(width, height);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('No 2D canvas in this browser');
  context.drawImage(frame, 0, 0);
  return { width, height, rgb: rgbaToRgb(context.getImageData(0, 0, width, height).data) };
}
