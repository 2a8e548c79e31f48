import * as tf from '@tensorflow/tfjs';
import type { SourceHead } from '../contract';
import { generateShapeImages, type GeneratedImages } from '../data/sampleDataset';
import { PRETRAIN_SHAPES } from '../data/pretrainShapes';
import { yieldToEventLoop } from '../common/yieldToEventLoop';
import { runLayers } from './forward';
import { preprocessPixels } from './tensors';
import { range, valueAt } from './arrays';

/**
 * The built-in backbone's source task (its pretraining task: ten generated shapes), scored on any model
 * built on that backbone by putting the shipped source head back on the model's current backbone
 * weights. Fine-tuning that erases what the backbone knew shows as this accuracy falling: forgetting.
 */

/** The fixed source-task set: its own seed, disjoint from the pretraining and head-fitting images. */
export const SOURCE_SET = { seed: 31_337, imagesPerClass: 20 } as const;
/** Images whose per-example gradients make the diagonal Fisher (a few per class is what EWC papers use at this scale). */
export const FISHER_IMAGES_PER_CLASS = 6;
const BATCH = 50;

export type SourceProgress = (done: number, total: number) => void;

export class SourceTask {
  private readonly kernel: tf.Tensor2D;
  private readonly bias: tf.Tensor1D;
  private readonly images: GeneratedImages;

  constructor(private readonly head: SourceHead, readonly inputSize: number) {
    this.kernel = tf.tensor2d(head.kernel, [head.features, head.classes.length]);
    this.bias = tf.tensor1d(head.bias);
    const counts = PRETRAIN_SHAPES.map(() => SOURCE_SET.imagesPerClass);
    this.images = generateShapeImages(PRETRAIN_SHAPES, counts, SOURCE_SET.seed, inputSize);
  }

  /** Images the Fisher is averaged over. */
  get fisherImages(): number {
    return this.head.classes.length * FISHER_IMAGES_PER_CLASS;
  }

  get size(): number {
    return this.images.labels.length;
  }

  /** Source-head logits on the model's current backbone, every layer in inference mode. */
  private logits(model: tf.LayersModel, input: tf.Tensor): tf.Tensor2D {
    const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
    const featureId = model.getLayer(this.head.featureLayer).output as tf.SymbolicTensor;
    const features = runLayers(layers, valueAt(model.inputs, 0).id, input, featureId.id, () => false);
    return tf.add(tf.matMul(tf.mean<tf.Tensor2D>(features, [1, 2]), this.kernel), this.bias);
  }

  /** Accuracy of (the model's current backbone + the source head) on the fixed source-task set. */
  async accuracy(model: tf.LayersModel): Promise<number> {
    let correct = 0;
    for (let start = 0; start < this.size; start += BATCH) {
      const indices = range(start, Math.min(this.size, start + BATCH));
      const count = tf.tidy(() => {
        const input = preprocessPixels(this.images.pixels, indices, this.inputSize);
        const labels = tf.tensor1d(indices.map((i) => valueAt(this.images.labels, i)), 'int32');
        return this.logits(model, input).argMax(-1).equal(labels).sum();
      });
      correct += (await count.data())[0] ?? 0;
      count.dispose();
    }
    return correct / this.size;
  }

  /**
   * Diagonal empirical Fisher information of the source task at the model's current weights: the mean,
   * over source images, of each weight's squared gradient of that image's log-likelihood (one image per
   * backward pass, as the definition asks). Returns one tensor per variable, in `variables`' order.
   */
  async fisherDiagonal(model: tf.LayersModel, variables: readonly tf.Variable[], onProgress: SourceProgress): Promise<tf.Tensor[]> {
    const perClass = FISHER_IMAGES_PER_CLASS;
    const picks = this.head.classes.flatMap((_, c) => range(c * SOURCE_SET.imagesPerClass, c * SOURCE_SET.imagesPerClass + perClass));
    let sums = variables.map((v) => tf.zerosLike(v) as tf.Tensor);
    for (const [k, index] of picks.entries()) {
      const next = tf.tidy(() => {
        const input = preprocessPixels(this.images.pixels, [index], this.inputSize);
        const label = valueAt(this.images.labels, index);
        const { grads } = tf.variableGrads(() => tf.neg(tf.logSoftmax(this.logits(model, input)).gather([label], 1).sum()) as tf.Scalar, [...variables]);
        return variables.map((v, i) => tf.add(valueAt(sums, i), tf.square(grads[v.name] ?? tf.zerosLike(v))));
      });
      tf.dispose(sums);
      sums = next;
      onProgress(k + 1, picks.length);
      // Reading one value back lets the GPU catch up and the progress line be drawn.
      if ((k + 1) % 10 === 0) { await sums[0]?.data(); await yieldToEventLoop(); }
    }
    const mean = sums.map((s) => tf.div(s, picks.length));
    tf.dispose(sums);
    return mean;
  }

  dispose(): void {
    tf.dispose([this.kernel, this.bias]);
  }
}

