import * as tf from '@tensorflow/tfjs';

/**
 * Domain adaptation's two building blocks (issue 22), as tensor functions for the training step:
 * the Maximum Mean Discrepancy between source and target features (Gaussian kernel, bandwidth by the
 * median heuristic) and the gradient-reversal layer of DANN with its usual λ ramp.
 */

/** Squared Euclidean distances between every row of `a` and every row of `b`. */
function squaredDistances(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const aa = tf.sum(tf.square(a), 1, true);
  const bb = tf.sum(tf.square(b), 1, true);
  const cross = tf.mul(2, tf.matMul(a, b, false, true));
  return tf.relu(tf.add(tf.sub(aa, cross), tf.transpose(bb))) as tf.Tensor2D;
}

/**
 * The median heuristic: the kernel bandwidth σ² is the median of the squared distances between all
 * pooled samples (Gretton et al.), read back to the CPU; it is not differentiated through.
 */
export function medianBandwidth(source: tf.Tensor2D, target: tf.Tensor2D): number {
  const values = tf.tidy(() => {
    const pooled = tf.concat([source, target]);
    return squaredDistances(pooled, pooled).dataSync();
  });
  const n = Math.sqrt(values.length);
  const offDiagonal = Array.from(values).filter((_, k) => Math.floor(k / n) !== k % n).sort((x, y) => x - y);
  const median = offDiagonal[Math.floor(offDiagonal.length / 2)] ?? 1;
  return median > 0 ? median : 1;
}

/**
 * The median heuristic on the device, for the training step (no read-back: WebGPU cannot read
 * synchronously): the same off-diagonal median as `medianBandwidth`, 1 when it is 0, with no gradient.
 */
export function medianBandwidthTensor(source: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  // Computed inside a custom gradient whose gradient is zero: the tape records none of its ops.
  const constant = tf.customGrad<tf.Scalar>((s, t, save) => {
    void save;
    return { value: medianOf(s as tf.Tensor2D, t as tf.Tensor2D), gradFunc: () => [tf.zerosLike(s as tf.Tensor), tf.zerosLike(t as tf.Tensor)] };
  });
  return constant(source, target);
}

function medianOf(source: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const pooled = tf.concat([source, target]);
    const n = pooled.shape[0];
    const all = squaredDistances(pooled, pooled).reshape<tf.Tensor1D>([-1]);
    const offDiagonal = n * (n - 1);
    // Ascending, the n diagonal zeros come first; the off-diagonal median sits at n + ⌊m/2⌋, i.e. the k-th largest.
    const k = n * n - n - Math.floor(offDiagonal / 2);
    if (offDiagonal === 0 || k < 1) return tf.scalar(1);
    const median = tf.topk(all, k).values.slice([k - 1], [1]).reshape<tf.Scalar>([]);
    return tf.where<tf.Scalar>(tf.greater(median, 0), median, tf.onesLike(median));
  });
}

/**
 * The (biased) squared MMD between two batches of features with a Gaussian kernel
 * k(x, y) = exp(−‖x − y‖² / σ²): mean k(s, s') + mean k(t, t') − 2·mean k(s, t). It is 0 for identical
 * batches and grows as their distributions part. Features with more than two axes are averaged over space.
 */
export function mmd(source: tf.Tensor, target: tf.Tensor, bandwidth: number | tf.Scalar): tf.Scalar {
  return tf.tidy(() => {
    const flat = (x: tf.Tensor) => (x.rank > 2 ? tf.mean(x, x.shape.slice(1, -1).map((_, i) => i + 1)) : x) as tf.Tensor2D;
    const s = flat(source);
    const t = flat(target);
    const kernel = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.mean(tf.exp(tf.div(tf.neg(squaredDistances(a, b)), bandwidth)));
    return tf.sub<tf.Scalar>(tf.add(kernel(s, s), kernel(t, t)), tf.mul(2, kernel(s, t)));
  });
}

/**
 * The gradient-reversal layer: the identity going forward, the gradient times −λ going back, so the
 * features learn to fool the domain classifier that learns to tell the domains apart.
 */
export function reverseGradient(x: tf.Tensor, lambda: number): tf.Tensor {
  const reversal = tf.customGrad((input, save) => {
    void save;
    return { value: tf.clone(input as tf.Tensor), gradFunc: (dy: tf.Tensor) => tf.mul(dy, -lambda) };
  });
  return reversal(x);
}

/** DANN's λ ramp over training progress p ∈ [0, 1]: 2/(1 + exp(−10p)) − 1, from 0 to almost 1. */
export function dannLambda(progress: number): number {
  const p = Math.min(1, Math.max(0, progress));
  return 2 / (1 + Math.exp(-10 * p)) - 1;
}
