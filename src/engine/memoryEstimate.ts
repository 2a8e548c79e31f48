import type { OptimizerConfig } from '../contract';
import type * as tf from '@tensorflow/tfjs';
import { formatBytes } from '../common/formatBytes';
import { i18n } from '../common/i18n/i18n';

const FLOAT_BYTES = 4;
/**
 * A training step holds far more than the layers' outputs: every intermediate inside a layer (batch
 * norm's centred and scaled copies, dropout masks, padded inputs) stays on the gradient tape, and the
 * backward pass adds gradients and kernel temporaries. One step's peak, measured with tf.profile on
 * the CPU backend, is 6.5–7.5× the layer outputs of its batch (memoryEstimate.test.ts checks it).
 */
const TAPE_FACTOR = 8;
/**
 * A batch comes in as decoded pixels padded to the batch's largest image (up to ~1.8× the input's
 * area for a 4:3 photo), then a float copy, then the resized batch: about four input-sized copies.
 */
const INPUT_COPIES = 4;

/** What a training run holds at once, in bytes: an upper estimate, since any block may be thawed mid-run. */
export interface MemoryEstimate {
  totalBytes: number;
  /** Weights and their gradients. */
  weightsBytes: number;
  /** Optimizer state (momentum, squared-gradient averages) if every weight is trained. */
  optimizerBytes: number;
  /** Layer outputs one batch keeps for the backward pass. */
  activationBytes: number;
  /** One batch of input images on its way in: the uploaded (padded) pixels, their float copy and the resized batch. */
  inputBatchBytes: number;
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
  inputSize: number;
}

export function estimateTrainingMemory(shape: TrainingShape): MemoryEstimate {
  const weightsBytes = 2 * shape.params * FLOAT_BYTES;
  const optimizerBytes = optimizerSlots(shape.optimizer) * shape.params * FLOAT_BYTES;
  const activationBytesPerImage = shape.activations.elementsPerImage * FLOAT_BYTES * TAPE_FACTOR;
  const activationBytes = shape.batchSize * activationBytesPerImage;
  const inputBatchBytes = shape.batchSize * shape.inputSize * shape.inputSize * 3 * FLOAT_BYTES * INPUT_COPIES;
  return {
    totalBytes: weightsBytes + optimizerBytes + activationBytes + inputBatchBytes,
    weightsBytes, optimizerBytes, activationBytes, inputBatchBytes, activationBytesPerImage,
    largestTensorBytes: shape.batchSize * shape.activations.largestElementsPerImage * FLOAT_BYTES,
  };
}

/** The input size a run uses, and the sizes its backbone offers (null: any size, as a from-scratch model). */
export interface InputSizeChoice {
  inputSize: number;
  inputSizes: readonly number[] | null;
}

/** Refuses a run whose estimate for one batch exceeds the limits, naming the controls that fix it and the largest values that fit. */
export function checkTrainingMemory(estimate: MemoryEstimate, limits: MemoryLimits, batchSize: number, input: InputSizeChoice): MemoryCheck {
  const refusal = refusalFor(estimate, limits, batchSize, input);
  return { batchSize, estimate, limits, refusal };
}

/** Layer outputs (and the input batch) grow with the batch and with the input's area; weights do not. */
function refusalFor(estimate: MemoryEstimate, limits: MemoryLimits, batchSize: number, input: InputSizeChoice): string | null {
  const perBatch = estimate.activationBytes + estimate.inputBatchBytes;
  const fixed = estimate.totalBytes - perBatch;
  if (estimate.totalBytes > limits.totalBytes) {
    const room = limits.totalBytes - fixed;
    const advice = adviceFor(Math.floor((room / perBatch) * batchSize), batchSize, largestFittingSize(input, room / perBatch));
    return i18n.t('engine:memory.batchTooLarge', {
      batch: batchSize, size: input.inputSize, total: formatBytes(estimate.totalBytes), activations: formatBytes(estimate.activationBytes),
      input: formatBytes(estimate.inputBatchBytes), weights: formatBytes(estimate.weightsBytes + estimate.optimizerBytes),
      source: limits.totalSource, limit: formatBytes(limits.totalBytes), advice,
    });
  }
  if (estimate.largestTensorBytes > limits.largestTensorBytes) {
    const share = limits.largestTensorBytes / estimate.largestTensorBytes;
    const advice = adviceFor(Math.floor(share * batchSize), batchSize, largestFittingSize(input, share));
    return i18n.t('engine:memory.tensorTooLarge', {
      batch: batchSize, size: input.inputSize, largest: formatBytes(estimate.largestTensorBytes),
      source: limits.largestTensorSource, limit: formatBytes(limits.largestTensorBytes), advice,
    });
  }
  return null;
}

function adviceFor(fittingBatch: number, batchSize: number, fittingSize: number | null): string {
  // Plain figures, as they are typed into the controls the advice names.
  const batch = fittingBatch >= 1 ? Math.min(fittingBatch, batchSize - 1) : null;
  const size = fittingSize;
  // One sentence per case: languages do not join and capitalise the two pieces of advice alike.
  if (batch !== null && size !== null) return i18n.t('engine:memory.setBatchOrSize', { batch, size });
  if (batch !== null) return i18n.t('engine:memory.setBatch', { batch });
  if (size !== null) return i18n.t('engine:memory.setSize', { size });
  return i18n.t('engine:memory.nothingFits');
}

/** The largest input size whose per-batch memory (∝ area) is at most `share` of today's; null when none below the current one. */
function largestFittingSize(input: InputSizeChoice, share: number): number | null {
  if (share <= 0) return null;
  const limit = input.inputSize * Math.sqrt(share);
  const candidates = input.inputSizes ?? Array.from({ length: Math.floor(input.inputSize / 8) }, (_, i) => (i + 1) * 8);
  const fitting = candidates.filter((size) => size <= limit && size < input.inputSize);
  return fitting.length > 0 ? Math.max(...fitting) : null;
}
