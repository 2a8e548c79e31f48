import * as tf from '@tensorflow/tfjs';
import { forwardWithPerLayerTraining } from './forward';
import { forwardFromFeatures, type CachePlan } from './featureCache';
import { valueAt } from './arrays';

/** A batch of inputs (images, or cached features) for positions `kept` of the asked ones; null when none was readable. */
export interface InputBatch {
  input: tf.Tensor | null;
  kept: number[];
}

export interface EvaluationResult {
  loss: number;
  accuracy: number;
  predictions: Int32Array;
  /** Softmax probability of the predicted class, per image. */
  confidence: Float32Array;
  /** Share of each class's read images predicted right; null for a class with none. */
  classAccuracy: (number | null)[];
}

/** Where an evaluation reads its images, and how it reads them. */
export interface EvaluationInput {
  /** Positions `start … end − 1` of `labels`, as one batch (the batch is disposed by the evaluation). */
  batchAt: (start: number, end: number) => Promise<InputBatch>;
  labels: Int32Array;
  numClasses: number;
  batchSize: number;
  /** When set, the batches are cached features of the frozen prefix, run through the rest of the model. */
  plan?: CachePlan;
  /** Starts reading positions `start … end − 1` ahead of their batch. */
  prefetch?: (start: number, end: number) => void;
}

/**
 * Loss and accuracy of `model` in inference mode over every position of `labels`; an image that could
 * not be read has prediction −1 and counts in neither the loss nor the accuracy. Nothing is trained.
 */
export async function evaluateModel(model: tf.LayersModel, input: EvaluationInput): Promise<EvaluationResult> {
  const { batchAt, labels, numClasses, plan } = input;
  const batchSize = Math.max(1, input.batchSize);
  const predictions = new Int32Array(labels.length).fill(-1);
  const confidence = new Float32Array(labels.length);
  let lossSum = 0;
  let counted = 0;
  for (let start = 0; start < labels.length; start += batchSize) {
    const end = Math.min(labels.length, start + batchSize);
    input.prefetch?.(end, Math.min(labels.length, end + batchSize));
    const { input: x, kept } = await batchAt(start, end);
    if (!x) continue;
    const keptLabels = Int32Array.from(kept, (k) => valueAt(labels, start + k));
    const out = tf.tidy(() => {
      const y = tf.tensor1d(keptLabels, 'int32');
      const logits = plan ? forwardFromFeatures(model, plan, x, () => false) : forwardWithPerLayerTraining(model, x, () => false);
      const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(y, numClasses).toFloat(), logits, undefined, undefined, tf.Reduction.SUM);
      return { loss, argmax: logits.argMax(-1), top: tf.softmax(logits).max(-1) };
    });
    x.dispose();
    const [lossValue, argmax, top] = await Promise.all([out.loss.data(), out.argmax.data(), out.top.data()]);
    tf.dispose([out.loss, out.argmax, out.top]);
    kept.forEach((k, i) => {
      predictions[start + k] = valueAt(argmax, i);
      confidence[start + k] = valueAt(top, i);
    });
    lossSum += valueAt(lossValue, 0);
    counted += kept.length;
  }
  const { accuracy, classAccuracy } = accuracies(predictions, labels, numClasses);
  return { loss: lossSum / Math.max(1, counted), accuracy, predictions, confidence, classAccuracy };
}

/**
 * Overall and per-class accuracy of the predictions that were made (−1: an unreadable image, left out
 * of both); a class with no scored image has null.
 */
export function accuracies(predictions: Int32Array, labels: Int32Array, numClasses: number): { accuracy: number; classAccuracy: (number | null)[] } {
  const correct = new Array<number>(numClasses).fill(0);
  const seen = new Array<number>(numClasses).fill(0);
  predictions.forEach((predicted, i) => {
    if (predicted < 0) return;
    const label = valueAt(labels, i);
    seen[label] = (seen[label] ?? 0) + 1;
    if (predicted === label) correct[label] = (correct[label] ?? 0) + 1;
  });
  const totalSeen = seen.reduce((a, b) => a + b, 0);
  const totalCorrect = correct.reduce((a, b) => a + b, 0);
  return {
    accuracy: totalCorrect / Math.max(1, totalSeen),
    classAccuracy: seen.map((n, c) => (n > 0 ? (correct[c] ?? 0) / n : null)),
  };
}
