import type { OptimizerConfig } from '../contract';
import type * as tf from '@tensorflow/tfjs';
import { formatBytes } from '../common/formatBytes';

const FLOAT_BYTES = 4;
/**
 * A training step holds far more than the layers' outputs: every intermediate inside a layer (batch
 * norm's centred and scaled copies, dropout masks, padded inputs) stays on the gradient tape, and the
 * backward pass adds gradients and kernel temporaries. One step's peak, measured with tf.profile on
 * the CPU backend, is 6.5–7.5× the layer outputs of its batch (memoryEstimate.test.ts checks it).
 */
const TAPE_FACTOR = 8;

/** What a training run holds at once, in bytes: an upper estimate, since any block may be thawed mid-run. */
export interface MemoryEstimate {
  totalBytes: number;
  /** Weights and their gradients. */
  weightsBytes: number;
  /** Optimizer state (momentum, squared-gradient averages) if every weight is trained. */
  optimizerBytes: number;
  /** Layer outputs one batch keeps for the backward pass. */
  activationBytes: number;
  /** The dataset's images on the device at the model's input size (train and validation). */
  imageBytes: number;
  /** Activations of one image: how much each extra image in the batch adds. */
  activationBytesPerImage: number;
  /** The biggest single tensor: a device refuses one buffer or texture above its own limit. */
  largestTensorBytes: number;
}

export interface MemoryLimits {
  totalBytes: number;
  /** Where the total comes from, for the message: the browser's report, or a guess when it has none. */
  totalSource: string;
  largestTensorBytes: number;
  largestTensorSource: string;
}

export interface MemoryCheck {
  batchSize: number;
  estimate: MemoryEstimate;
  limits: MemoryLimits;
  /** Why this run would not fit, with what to change; null when it fits. */
  refusal: string | null;
}

export interface ModelActivations {
  /** Elements of every layer's output for one image (nested models counted layer by layer). */
  elementsPerImage: number;
  largestElementsPerImage: number;
}

/** Sums the layers' output sizes at batch 1: the forward pass keeps them all for the gradients. */
export function modelActivations(model: tf.LayersModel): ModelActivations {
  let elementsPerImage = 0;
  let largestElementsPerImage = 0;
  const visit = (layers: tf.layers.Layer[]) => {
    for (const layer of layers) {
      const nested = (layer as Partial<tf.LayersModel>).layers;
      if (nested) { visit(nested); continue; }
      if (layer.getClassName() === 'InputLayer') continue;
      const shapes = (Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]) as (number | null)[][];
      for (const shape of shapes) {
        const elements = shape.slice(1).reduce<number>((product, d) => product * (d ?? 1), 1);
        elementsPerImage += elements;
        largestElementsPerImage = Math.max(largestElementsPerImage, elements);
      }
    }
  };
  visit(model.layers);
  return { elementsPerImage, largestElementsPerImage };
}

/** Optimizer slots per weight: Adam keeps two averages, RMSprop one (two with momentum), SGD one with momentum. */
export function optimizerSlots(optimizer: Pick<OptimizerConfig, 'name' | 'momentum'>): number {
  switch (optimizer.name) {
    case 'adam':
    case 'adamw': return 2;
    case 'rmsprop': return optimizer.momentum > 0 ? 2 : 1;
    case 'sgd': return optimizer.momentum > 0 ? 1 : 0;
  }
}

export interface TrainingShape {
  params: number;
  activations: ModelActivations;
  optimizer: Pick<OptimizerConfig, 'name' | 'momentum'>;
  batchSize: number;
  /** Train + validation images held on the device. */
  images: number;
  inputSize: number;
}

export function estimateTrainingMemory(shape: TrainingShape): MemoryEstimate {
  const weightsBytes = 2 * shape.params * FLOAT_BYTES;
  const optimizerBytes = optimizerSlots(shape.optimizer) * shape.params * FLOAT_BYTES;
  const activationBytesPerImage = shape.activations.elementsPerImage * FLOAT_BYTES * TAPE_FACTOR;
  const activationBytes = shape.batchSize * activationBytesPerImage;
  const imageBytes = shape.images * shape.inputSize * shape.inputSize * 3 * FLOAT_BYTES;
  return {
    totalBytes: weightsBytes + optimizerBytes + activationBytes + imageBytes,
    weightsBytes, optimizerBytes, activationBytes, imageBytes, activationBytesPerImage,
    largestTensorBytes: Math.max(shape.batchSize * shape.activations.largestElementsPerImage * FLOAT_BYTES, imageBytes),
  };
}

/** Refuses a run whose estimate exceeds the limits, naming the biggest part and the largest batch that would fit. */
export function checkTrainingMemory(estimate: MemoryEstimate, limits: MemoryLimits, batchSize: number): MemoryCheck {
  const refusal = refusalFor(estimate, limits, batchSize);
  return { batchSize, estimate, limits, refusal };
}

function refusalFor(estimate: MemoryEstimate, limits: MemoryLimits, batchSize: number): string | null {
  if (estimate.totalBytes > limits.totalBytes) {
    const fixed = estimate.totalBytes - estimate.activationBytes;
    const fittingBatch = Math.floor((limits.totalBytes - fixed) / estimate.activationBytesPerImage);
    const advice = fittingBatch >= 1 ? `Use a batch size of at most ${Math.min(fittingBatch, batchSize - 1)}, or a smaller image size.` : 'Even one image per batch does not fit: use a smaller image size or a smaller model.';
    return `Training would need about ${formatBytes(estimate.totalBytes)} (layer outputs for a batch of ${batchSize}: ${formatBytes(estimate.activationBytes)}; `
      + `images: ${formatBytes(estimate.imageBytes)}; weights and optimizer: ${formatBytes(estimate.weightsBytes + estimate.optimizerBytes)}), `
      + `more than ${limits.totalSource} (${formatBytes(limits.totalBytes)}). ${advice}`;
  }
  if (estimate.largestTensorBytes > limits.largestTensorBytes) {
    return `One tensor of this run would take ${formatBytes(estimate.largestTensorBytes)}, more than ${limits.largestTensorSource} (${formatBytes(limits.largestTensorBytes)}). `
      + 'Use a smaller batch size or image size.';
  }
  return null;
}
