import * as tf from '@tensorflow/tfjs';
import type { SourceHead } from '../contract';
import { generateShapeImages, type GeneratedImages } from '../data/sampleDataset';
import { PRETRAIN_SHAPES } from '../data/pretrainShapes';
import { preprocessPixels } from '../engine/tensors';
import { BUILT_IN_BACKBONE } from '../models/builtIn';

/**
 * `npm run source-head`: the pretraining run (scripts/pretrain.mjs) did not keep its 10-shape head, so it
 * is recreated on the frozen shipped backbone: global-average-pooled features of generated pretraining
 * shapes, then a softmax regression fitted by full-batch Adam from zeros (deterministic: same files, same head).
 */
export interface SourceHeadOptions {
  /** The pretraining images' seed (2026 by default): the head is fitted on the backbone's own task. */
  seed: number;
  imagesPerClass: number;
  /** A second, disjoint draw to report held-out accuracy. */
  heldOutSeed: number;
  heldOutPerClass: number;
  steps: number;
  learningRate: number;
}

export const SOURCE_HEAD_DEFAULTS: SourceHeadOptions = { seed: 2026, imagesPerClass: 300, heldOutSeed: 2027, heldOutPerClass: 50, steps: 600, learningRate: 0.02 };

function pooledFeatures(backbone: tf.LayersModel, images: GeneratedImages): tf.Tensor2D {
  const batches: tf.Tensor2D[] = [];
  for (let start = 0; start < images.labels.length; start += 100) {
    const indices = Array.from({ length: Math.min(100, images.labels.length - start) }, (_, i) => start + i);
    batches.push(tf.tidy(() => (backbone.predict(preprocessPixels(images.pixels, indices, images.imageSize)) as tf.Tensor4D).mean<tf.Tensor2D>([1, 2])));
  }
  const all = tf.concat(batches);
  tf.dispose(batches);
  return all;
}

function accuracyOf(features: tf.Tensor2D, labels: Int32Array, kernel: tf.Tensor, bias: tf.Tensor): number {
  return tf.tidy(() => features.matMul(kernel as tf.Tensor2D).add(bias).argMax(-1).equal(tf.tensor1d(labels, 'int32')).mean().dataSync()[0] ?? 0);
}

export function fitSourceHead(backbone: tf.LayersModel, options: SourceHeadOptions = SOURCE_HEAD_DEFAULTS, log: (line: string) => void = () => {}): SourceHead {
  const size = BUILT_IN_BACKBONE.inputSize;
  const train = generateShapeImages(PRETRAIN_SHAPES, PRETRAIN_SHAPES.map(() => options.imagesPerClass), options.seed, size);
  const heldOut = generateShapeImages(PRETRAIN_SHAPES, PRETRAIN_SHAPES.map(() => options.heldOutPerClass), options.heldOutSeed, size);
  const x = pooledFeatures(backbone, train);
  const xHeld = pooledFeatures(backbone, heldOut);
  const features = x.shape[1];
  const classes = PRETRAIN_SHAPES.length;
  const kernel = tf.variable(tf.zeros([features, classes]));
  const bias = tf.variable(tf.zeros([classes]));
  const targets = tf.oneHot(tf.tensor1d(train.labels, 'int32'), classes);
  const optimizer = tf.train.adam(options.learningRate);
  for (let step = 1; step <= options.steps; step++) {
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(targets, x.matMul(kernel).add(bias)), true, [kernel, bias]);
    if (step % 100 === 0) log(`step ${step}: loss ${loss?.dataSync()[0]?.toFixed(4)}`);
    loss?.dispose();
  }
  const head: SourceHead = {
    featureLayer: BUILT_IN_BACKBONE.featureLayer,
    classes: PRETRAIN_SHAPES.map((s) => s.name),
    features,
    kernel: Array.from(kernel.dataSync(), round),
    bias: Array.from(bias.dataSync(), round),
    fit: {
      seed: options.seed, imagesPerClass: options.imagesPerClass,
      trainAccuracy: accuracyOf(x, train.labels, kernel, bias),
      heldOutAccuracy: accuracyOf(xHeld, heldOut.labels, kernel, bias),
      command: 'npm run source-head',
    },
  };
  tf.dispose([x, xHeld, kernel, bias, targets]);
  optimizer.dispose();
  return head;
}

/** Six significant digits: the file stays small and the head's answers do not change. */
function round(value: number): number {
  return Number(value.toPrecision(6));
}
