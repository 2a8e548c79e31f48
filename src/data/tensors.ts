import * as tf from '@tensorflow/tfjs';

/**
 * Gathers the chosen images from an RGB uint8 buffer into one float tensor scaled to [-1, 1]
 * (the preprocessing of MobileNet and of the studio's own models).
 */
export function preprocessPixels(pixels: Uint8Array, indices: number[], imageSize: number): tf.Tensor4D {
  const perImage = imageSize * imageSize * 3;
  const selected = new Uint8Array(indices.length * perImage);
  indices.forEach((source, target) => selected.set(pixels.subarray(source * perImage, (source + 1) * perImage), target * perImage));
  return tf.tidy(() =>
    tf.tensor4d(selected, [indices.length, imageSize, imageSize, 3], 'int32').toFloat().div(127.5).sub(1) as tf.Tensor4D,
  );
}
