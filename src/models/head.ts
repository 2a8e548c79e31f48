import type { ModelSpec } from '../contract';
import * as tf from '@tensorflow/tfjs';

export interface HeadOptions {
  numClasses: number;
  dropout: number;
  seed: number;
  /** Units of an optional hidden Dense + BatchNorm + ReLU layer; 0 for none. */
  hiddenUnits?: number;
  /** L2 penalty factor on the head's Dense kernels (λ·Σw² joins the training loss); 0 for none. */
  l2?: number;
}

/** The head a model spec asks for; `seed` defaults to the spec's own. */
export function headOptions(spec: ModelSpec, seed = spec.seed): HeadOptions {
  return { numClasses: spec.numClasses, dropout: spec.dropout, seed, hiddenUnits: spec.headHiddenUnits ?? 0, l2: spec.headL2 ?? 0 };
}

/**
 * The classification head put on top of any feature layer: global average pooling, optional hidden
 * layer, dropout and a linear Dense producing logits (softmax lives in the loss and in predict).
 */
export function addClassifierHead(features: tf.SymbolicTensor, options: HeadOptions): tf.SymbolicTensor {
  const kernelRegularizer = options.l2 && options.l2 > 0 ? tf.regularizers.l2({ l2: options.l2 }) : undefined;
  let x = tf.layers.globalAveragePooling2d({ name: 'head_pool' }).apply(features) as tf.SymbolicTensor;
  if (options.hiddenUnits && options.hiddenUnits > 0) {
    x = tf.layers.dense({
      name: 'head_hidden', units: options.hiddenUnits, useBias: false,
      kernelInitializer: tf.initializers.heNormal({ seed: options.seed + 1 }), kernelRegularizer,
    }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: 'head_hidden_bn' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: 'head_hidden_relu' }).apply(x) as tf.SymbolicTensor;
  }
  // No seed on dropout: a seeded tfjs dropout draws the same mask at every step.
  if (options.dropout > 0) {
    x = tf.layers.dropout({ name: 'head_dropout', rate: options.dropout }).apply(x) as tf.SymbolicTensor;
  }
  return tf.layers.dense({
    name: 'head_logits', units: options.numClasses,
    kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }), kernelRegularizer,
  }).apply(x) as tf.SymbolicTensor;
}
