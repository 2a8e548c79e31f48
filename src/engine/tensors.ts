import * as tf from '@tensorflow/tfjs';
import type { GeneratedImages } from '../data/sampleDataset';

/**
 * Gathers the chosen images from an RGB uint8 buffer into one float tensor scaled to [-1, 1]
 * (the preprocessing of MobileNet and of the studio's own models).
 */
export function preprocessPixels(pixels: Uint8Array, indices: number[], imageSize: number): tf.Tensor4D {
  const perImage = imageSize * imageSize * 3;
  const selected = new Uint8Array(indices.length * perImage);
  indices.forEach((source, target) => selected.set(pixels.subarray(source * perImage, (source + 1) * perImage), target * perImage));
  return tf.tidy(() =>
    tf.tensor4d(selected, [indices.length, imageSize, imageSize, 3], 'int32').toFloat().div(127.5).sub<tf.Tensor4D>(1),
  );
}

/** A whole split held on the device as one tensor: what the studio no longer does, kept as the bench's reference and for step-level tests. */
export interface ResidentTensors {
  trainImages: tf.Tensor4D;
  trainLabels: Int32Array;
  validationImages: tf.Tensor4D;
  validationLabels: Int32Array;
}

export function residentTensors(images: GeneratedImages, split: { train: number[]; validation: number[] }, size = images.imageSize): ResidentTensors {
  const prepare = (indices: number[]) => resizeTo(preprocessPixels(images.pixels, indices, images.imageSize), size);
  return {
    trainImages: prepare(split.train),
    trainLabels: Int32Array.from(split.train.map((i) => images.labels[i] ?? 0)),
    validationImages: prepare(split.validation),
    validationLabels: Int32Array.from(split.validation.map((i) => images.labels[i] ?? 0)),
  };
}

function resizeTo(images: tf.Tensor4D, size: number): tf.Tensor4D {
  if (images.shape[1] === size && images.shape[2] === size) return images;
  const resized = tf.image.resizeBilinear(images, [size, size]);
  images.dispose();
  return resized;
}
