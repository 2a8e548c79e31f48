import { createRng, deriveSeed, shuffleInPlace } from '../../common/rng';
import { loadBatch, type ImageBatch } from './batches';
import type { PixelSource } from './pixelSource';

/**
 * A run's target domain (issue 22), streamed through the same loader as the source dataset: one part
 * served to training without labels (this type has none to give), one part scored with its labels
 * after each epoch. The split between them is drawn without looking at a label.
 */

/** Target images training may read: pixels only. */
export interface UnlabelledImages {
  readonly count: number;
  batch(positions: readonly number[]): Promise<ImageBatch>;
  prefetch(positions: readonly number[]): void;
}

/** Target images with their labels (as the source's class indices), for evaluation only. */
export interface LabelledEvaluation {
  readonly labels: Int32Array;
  batch(start: number, end: number): Promise<ImageBatch>;
  prefetch(start: number, end: number): void;
}

export interface TargetDomain {
  readonly unlabelled: UnlabelledImages;
  readonly evaluation: LabelledEvaluation;
}

/** Which images of the target feed training and which score it (indices into its pixel source). */
export interface TargetSplit {
  readonly train: readonly number[];
  readonly evaluation: readonly number[];
}

/**
 * A label-free split: a seeded shuffle of every index, `evaluationFraction` of them held out for scoring.
 * (A stratified split would read the labels, and then the images training sees would depend on them.)
 */
export function labelFreeSplit(count: number, evaluationFraction: number, seed: number): TargetSplit {
  const order = shuffleInPlace(Array.from({ length: count }, (_, i) => i), createRng(deriveSeed(seed, 'target split')));
  const held = Math.min(count - 1, Math.max(1, Math.round(count * evaluationFraction)));
  return { evaluation: order.slice(0, held).sort((a, b) => a - b), train: order.slice(held).sort((a, b) => a - b) };
}

/**
 * The target domain over `source` at the model's input size. `labels` (source class index per image,
 * −1 for none) reach only the evaluation part.
 */
export function targetDomain(source: PixelSource, labels: Int32Array, split: TargetSplit, inputSize: number): TargetDomain {
  source.setTargetSize(inputSize);
  const trainIndex = (p: number) => split.train[p] ?? 0;
  const evaluation = [...split.evaluation];
  return {
    unlabelled: {
      count: split.train.length,
      batch: (positions) => loadBatch(source, positions.map(trainIndex), inputSize),
      prefetch: (positions) => source.prefetch(positions.map(trainIndex)),
    },
    evaluation: {
      labels: Int32Array.from(evaluation, (i) => labels[i] ?? -1),
      batch: (start, end) => loadBatch(source, evaluation.slice(start, end), inputSize),
      prefetch: (start, end) => source.prefetch(evaluation.slice(start, end)),
    },
  };
}
