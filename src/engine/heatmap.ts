import * as tf from '@tensorflow/tfjs';
import type { GradCamRequest, GradCamResult, ImagePreview } from '../contract';
import type { Block } from '../freeze/blocks';
import { rgbaToRgb } from '../data/pixels';
import { imagesToInput } from './data/batches';
import { gradCam, heatmapBlocks, heatmapTarget } from './gradCam';
import { i18n } from '../common/i18n/i18n';

/** The largest side a heatmap is drawn at: a picture bigger than the model's input is shown sharper, up to this. */
const MAX_SHOWN_SIDE = 224;

/** A model with what a heatmap needs to know about it. */
export interface HeatmapModel {
  model: tf.LayersModel;
  inputSize: number;
  blocks: Block[];
  classNames: string[];
}

/**
 * The Grad-CAM heatmap of one picture, seen as validation sees it (its centre square at the model's input size),
 * with that square at up to 224 px a side for display and the heat at the same size.
 */
export async function heatmapOf({ model, inputSize, blocks, classNames }: HeatmapModel, image: ImagePreview, request: GradCamRequest): Promise<GradCamResult> {
  const target = heatmapTarget(model, blocks, request.blockId);
  const side = Math.max(inputSize, Math.min(MAX_SHOWN_SIDE, image.width, image.height));
  const input = imagesToInput([image], inputSize);
  try {
    const maps = await gradCam(model, input, target.layerName, request.classIndex, side);
    const className = (k: number) => classNames[k] ?? `class ${k + 1}`;
    return {
      classIndex: maps.classIndex,
      className: className(maps.classIndex),
      probabilities: Array.from(maps.probabilities, (probability, k) => ({ label: className(k), probability })),
      blockId: target.block.id,
      blockName: target.block.name,
      layerName: target.layerName,
      featureShape: maps.featureShape,
      blocks: heatmapBlocks(model, blocks),
      picture: await centreSquare(image, side),
      heat: maps.heat,
    };
  } finally {
    input.dispose();
  }
}

/** The picture's centre square at `side` px, cut and resized exactly as the model's input is. */
async function centreSquare(image: ImagePreview, side: number): Promise<ImagePreview> {
  const bytes = tf.tidy(() => imagesToInput([image], side).add(1).mul(127.5).round().clipByValue(0, 255).toInt());
  try {
    return { width: side, height: side, rgb: Uint8Array.from(await bytes.data()) };
  } finally {
    bytes.dispose();
  }
}

/** A video frame (or any bitmap) as RGB bytes, read in the worker: the live camera sends frames as `ImageBitmap`s. */
export function bitmapToImage(frame: ImageBitmap): ImagePreview {
  const canvas = new OffscreenCanvas(frame.width, frame.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error(i18n.t('engine:heatmap.noCanvas'));
  context.drawImage(frame, 0, 0);
  return { width: frame.width, height: frame.height, rgb: rgbaToRgb(context.getImageData(0, 0, frame.width, frame.height).data) };
}
