import type { ModelSpec } from '../contract';
import * as tf from '@tensorflow/tfjs';
import { addClassifierHead, headOptions } from './head';

/**
 * A mini-ResNet: stem, then three stages of one basic residual block each (two 3x3 convs with
 * BatchNorm, identity or 1x1 projection shortcut, add, ReLU). Stages are the freezable blocks.
 */
export function buildMiniResNet(spec: ModelSpec): tf.LayersModel {
  const input = tf.input({ shape: [spec.inputSize, spec.inputSize, 3], name: 'input' });
  let seedOffset = 0;
  const nextSeed = () => spec.seed * 1013 + seedOffset++;
  const conv = (x: tf.SymbolicTensor, name: string, filters: number, kernelSize: number, strides: number) =>
    tf.layers.conv2d({
      name, filters, kernelSize, strides, padding: 'same', useBias: false,
      kernelInitializer: tf.initializers.heNormal({ seed: nextSeed() }),
    }).apply(x) as tf.SymbolicTensor;
  const bn = (x: tf.SymbolicTensor, name: string) =>
    tf.layers.batchNormalization({ name, momentum: 0.9 }).apply(x) as tf.SymbolicTensor;
  const relu = (x: tf.SymbolicTensor, name: string) => tf.layers.reLU({ name }).apply(x) as tf.SymbolicTensor;

  const residualStage = (x: tf.SymbolicTensor, prefix: string, filters: number, strides: number) => {
    let y = relu(bn(conv(x, `${prefix}_conv1`, filters, 3, strides), `${prefix}_bn1`), `${prefix}_relu1`);
    y = bn(conv(y, `${prefix}_conv2`, filters, 3, 1), `${prefix}_bn2`);
    const inChannels = x.shape[3] as number;
    const shortcut = strides !== 1 || inChannels !== filters
      ? bn(conv(x, `${prefix}_proj`, filters, 1, strides), `${prefix}_proj_bn`)
      : x;
    const sum = tf.layers.add({ name: `${prefix}_add` }).apply([y, shortcut]) as tf.SymbolicTensor;
    return relu(sum, `${prefix}_out`);
  };

  let x = relu(bn(conv(input, 'stem_conv', spec.width, 3, 1), 'stem_bn'), 'stem_relu');
  x = residualStage(x, 'stage1', spec.width, 1);
  x = residualStage(x, 'stage2', spec.width * 2, 2);
  x = residualStage(x, 'stage3', spec.width * 4, 2);
  const logits = addClassifierHead(x, headOptions(spec, nextSeed()));
  return tf.model({ inputs: input, outputs: logits, name: 'mini_resnet' });
}
