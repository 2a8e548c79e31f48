import type * as tf from '@tensorflow/tfjs';

/** A weight's values, read out of tfjs. Treat `data` as read-only: on the CPU backend it is the variable's own store. */
export interface WeightArray {
  shape: readonly number[];
  data: Float32Array;
}

/**
 * The layer's weights, in the order its build() created them. getWeights() returns the variables
 * themselves (no new tensors to dispose) and dataSync() reads them without allocating tensors,
 * which keeps tf.memory() flat across an export.
 */
export function layerWeights(layer: tf.layers.Layer): WeightArray[] {
  return layer.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync() as Float32Array }));
}

/** A copy of `w` with its axes permuted (`perm[i]` is the source axis of result axis i). */
export function transposed(w: WeightArray, perm: readonly number[]): WeightArray {
  const rank = w.shape.length;
  const shape = perm.map((p) => w.shape[p]!);
  const srcStrides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) srcStrides[i] = srcStrides[i + 1]! * w.shape[i + 1]!;
  const strides = perm.map((p) => srcStrides[p]!);
  const data = new Float32Array(w.data.length);
  const index = new Array<number>(rank).fill(0);
  for (let out = 0; out < data.length; out++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += index[i]! * strides[i]!;
    data[out] = w.data[src]!;
    // Odometer increment of the result index, last axis fastest.
    for (let i = rank - 1; i >= 0; i--) {
      if (++index[i]! < shape[i]!) break;
      index[i] = 0;
    }
  }
  return { shape, data };
}

/** tfjs Conv2D kernel [kh, kw, in, out] → ONNX Conv weight [out, in, kh, kw]. */
export const convKernel = (kernel: WeightArray): WeightArray => transposed(kernel, [3, 2, 0, 1]);

/**
 * tfjs depthwise kernel [kh, kw, C, m] → ONNX grouped Conv weight [C·m, 1, kh, kw]. TF orders the
 * outputs channel-major (output c·m + j is channel c times multiplier j), and ONNX's group c owns
 * outputs c·m … c·m + m − 1: the same order.
 */
export function depthwiseKernel(kernel: WeightArray): WeightArray {
  const [kh, kw, c, m] = kernel.shape as [number, number, number, number];
  return { shape: [c * m, 1, kh, kw], data: transposed(kernel, [2, 3, 0, 1]).data };
}
