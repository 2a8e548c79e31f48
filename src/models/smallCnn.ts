import type { ModelSpec } from '../contract';
import * as tf from '@tensorflow/tfjs';
import { addClassifierHead, headOptions } from './head';

/**
 * A small from-scratch CNN: a stem and three strided conv blocks, each Conv + BatchNorm + ReLU.
 * Layer names carry their block as prefix (stem_, block1_, ..., head_) so the block grouping is exact.
 */
export function buildSmallCnn(spec: ModelSpec): tf.LayersModel {
  const input = tf.input({ shape: [spec.inputSize, spec.inputSize, 3], name: 'input' });
  let seedOffset = 0;
  const nextSeed = () => spec.seed * 1009 + seedOffset++;
  const convBnRelu = (x: tf.SymbolicTensor, prefix: string, filters: number, strides: number): tf.SymbolicTensor => {
    const conv = tf.layers.conv2d({
      name: `${prefix}_conv`, filters, kernelSize: 3, strides, padding: 'same', useBias: false,
      kernelInitializer: tf.initializers.heNormal({ seed: nextSeed() }),
    }).apply(x) as tf.SymbolicTensor;
    const bn = tf.layers.batchNormalization({ name: `${prefix}_bn`, momentum: 0.9 }).apply(conv) as tf.SymbolicTensor;
    return tf.layers.reLU({ name: `${prefix}_relu` }).apply(bn) as tf.SymbolicTensor;
  };
  let x = convBnRelu(input, 'stem', spec.width, 1);
  x = convBnRelu(x, 'block1', spec.width * 2, 2);
  x = convBnRelu(x, 'block2', spec.width * 4, 2);
  x = convBnRelu(x, 'block3', spec.width * 8, 2);
  const logits = addClassifierHead(x, headOptions(spec, nextSeed()));
  return tf.model({ inputs: input, outputs: logits, name: 'small_cnn' });
}
