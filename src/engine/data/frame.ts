/// <reference lib="webworker" />
import type { ImagePreview } from '../../contract';
import { rgbaToRgb } from '../../data/pixels';
import { decodedSize } from './storedPixels';
import { i18n } from '../../common/i18n/i18n';

let canvas: OffscreenCanvas | null = null;

/**
 * A camera frame's pixels as RGB bytes, brought down by the browser to the size stored images are
 * decoded at for this input size (shorter side = `inputSize`, same high-quality resize): a frame then
 * looks to the model as the recorded images it trained on do, not aliased by a plain bilinear shrink.
 * One shared canvas reads the pixels (draw and read are synchronous). The caller closes `frame`.
 */
export async function frameToRgb(frame: ImageBitmap, inputSize: number): Promise<ImagePreview> {
  if (frame.width < 1 || frame.height < 1) throw new Error(i18n.t('engine:heatmap.emptyFrame'));
  const { width, height } = decodedSize(frame, inputSize);
  const resized = await createImageBitmap(frame, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
  try {
    canvas ??= new OffscreenCanvas(width, height);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('No 2D canvas in this browser');
    context.clearRect(0, 0, width, height);
    context.drawImage(resized, 0, 0);
    return { width, height, rgb: rgbaToRgb(context.getImageData(0, 0, width, height).data) };
  } finally {
    resized.close();
  }
}
