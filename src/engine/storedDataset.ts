/// <reference lib="webworker" />
import { loadImage, loadManifest } from '../persistence/datasets';
import type { GeneratedImages } from '../data/sampleDataset';
import type { SplitIndices } from '../data/split';
import { rgbaToRgb } from '../data/pixels';

/**
 * An imported dataset read back from IndexedDB for training, in the engine worker: each stored copy
 * is centre-cropped to a square and resized to `imageSize` (the aspect ratio is kept, as Teachable
 * Machine does). Test images stay out of training and validation.
 */
export interface DecodedDataset {
  name: string;
  images: GeneratedImages;
  split: SplitIndices;
  /** Images whose record was missing or undecodable: skipped, named to the user. */
  unreadable: string[];
}

export async function decodeStoredDataset(datasetId: string, imageSize: number): Promise<DecodedDataset> {
  const manifest = await loadManifest(datasetId);
  if (!manifest) throw new Error('That dataset is not stored any more (deleted, or its record is damaged)');
  const used = manifest.images.filter((image) => image.split !== 'test');
  const perImage = imageSize * imageSize * 3;
  const pixels = new Uint8Array(used.length * perImage);
  const labels: number[] = [];
  const split: SplitIndices = { train: [], validation: [], test: [] };
  const unreadable: string[] = [];
  const canvas = new OffscreenCanvas(imageSize, imageSize);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  for (const image of used) {
    const stored = await loadImage(datasetId, image.id);
    let bitmap: ImageBitmap;
    try {
      if (!stored) throw new Error('missing');
      const blob = new Blob([stored.bytes as Uint8Array<ArrayBuffer>], { type: stored.type });
      const side = Math.min(image.width, image.height);
      bitmap = await createImageBitmap(blob, Math.floor((image.width - side) / 2), Math.floor((image.height - side) / 2), side, side, {
        resizeWidth: imageSize, resizeHeight: imageSize, resizeQuality: 'high',
      });
    } catch {
      unreadable.push(image.path);
      continue;
    }
    context.clearRect(0, 0, imageSize, imageSize);
    context.drawImage(bitmap, 0, 0);
    bitmap.close();
    const rgba = context.getImageData(0, 0, imageSize, imageSize).data;
    const index = labels.length;
    rgbaToRgb(rgba, pixels.subarray(index * perImage, (index + 1) * perImage));
    labels.push(image.classIndex);
    (image.split === 'validation' ? split.validation : split.train).push(index);
  }
  const test = manifest.images.length - used.length;
  return {
    name: `${manifest.name} (${imageSize} px${test > 0 ? `, ${test} test images held out` : ''})`,
    images: { classNames: [...manifest.classNames], imageSize, pixels: pixels.subarray(0, labels.length * perImage), labels: Int32Array.from(labels) },
    split,
    unreadable,
  };
}
