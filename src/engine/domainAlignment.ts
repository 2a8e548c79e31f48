import * as tf from '@tensorflow/tfjs';
import type { DomainAdaptation } from '../contract';
import type { FreezeState } from '../freeze/freezeState';
import { createRng, deriveSeed } from '../common/rng';
import { computeInto, type LayerTrainingFlag } from './forward';
import { dannLambda, medianBandwidthTensor, mmd, reverseGradient } from './domainAdaptation';
import type { CachePlan } from './featureCache';
import { valueAt } from './arrays';

/**
 * Domain adaptation inside the training step (issue 22): where the aligned features come from, the
 * MMD or DANN term on a source and a target batch, and DANN's domain classifier (two Dense layers,
 * owned here, trained by the run's optimizer).
 */

/** The aligned features: the output of one block (the backbone's last by default). */
export interface AlignedFeatures {
  blockId: string;
  /** Symbolic id of the block's output tensor. */
  tensorId: number;
  /** Channels of that output (the last axis), the domain classifier's input width. */
  channels: number;
}

/** The block's output, or the last backbone block's (the features the head pools) when `block` is absent. */
export function alignedFeatures(model: tf.LayersModel, freeze: FreezeState, block?: string): AlignedFeatures {
  const backbone = freeze.blocks.filter((b) => b.id !== 'head');
  const chosen = block === undefined ? backbone[backbone.length - 1] : backbone.find((b) => b.id === block);
  if (!chosen) {
    throw new Error(block === undefined
      ? 'Domain adaptation aligns the backbone\'s features, and this model has no backbone block below its head.'
      : `Domain adaptation cannot align block "${block}": this model has no such backbone block (it has ${backbone.map((b) => b.id).join(', ')}).`);
  }
  const names = new Set(chosen.layerNames);
  const layers = model.layers.filter((l) => names.has(l.name));
  const last = layers[layers.length - 1];
  const output = last?.inboundNodes.length === 1 ? last.inboundNodes[0]?.outputTensors[0] : undefined;
  if (!output) throw new Error(`Block "${chosen.id}" has no single output to align.`);
  return { blockId: chosen.id, tensorId: output.id, channels: valueAt(output.shape, output.shape.length - 1) ?? 1 };
}

/** Logits and the aligned features (null when they lie inside the cached frozen prefix) of one forward pass. */
export function forwardWithFeatures(
  model: tf.LayersModel, plan: CachePlan | undefined, input: tf.Tensor, featureId: number, isTraining: LayerTrainingFlag, seed?: () => number,
): { logits: tf.Tensor; features: tf.Tensor | null } {
  const layers = plan ? plan.suffixLayers : model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const startId = plan ? plan.boundaryId : valueAt(model.inputs, 0).id;
  const values = new Map<number, tf.Tensor>([[startId, input]]);
  const logits = computeInto(layers, values, valueAt(model.outputs, 0).id, isTraining, seed);
  return { logits, features: values.get(featureId) ?? null };
}

/** Feature maps averaged over space: one row of channels per image. */
export function pooled(features: tf.Tensor): tf.Tensor2D {
  if (features.rank <= 2) return features as tf.Tensor2D;
  return tf.mean<tf.Tensor2D>(features, features.shape.slice(1, -1).map((_, i) => i + 1));
}

const DOMAIN_HIDDEN_UNITS = 32;

/** The alignment term of one step and what it measured. */
export interface AlignmentTerm {
  /** Added to the loss: λ·MMD², or the domain classifier's cross-entropy (its reversed gradient reaches the features). */
  loss: tf.Scalar;
}

/**
 * MMD or DANN on pooled source and target features. For DANN it owns the domain classifier:
 * features → gradient reversal (strength·λ_p) → Dense(32, ReLU) → Dense(1), source = 1, target = 0.
 */
export class DomainAligner {
  private readonly classifier: tf.Variable[];

  constructor(readonly config: DomainAdaptation, channels: number, seed: number) {
    if (config.method !== 'dann') {
      this.classifier = [];
      return;
    }
    // He-initialised from the run's seed, so a run replays exactly.
    const rng = createRng(deriveSeed(seed, 'domain classifier'));
    const variable = (initial: tf.Tensor) => {
      const created = tf.variable(initial, true);
      initial.dispose();
      return created;
    };
    const he = (shape: number[], fanIn: number) => variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', Math.floor(rng() * 2 ** 31)));
    this.classifier = [he([channels, DOMAIN_HIDDEN_UNITS], channels), variable(tf.zeros([DOMAIN_HIDDEN_UNITS])),
      he([DOMAIN_HIDDEN_UNITS, 1], DOMAIN_HIDDEN_UNITS), variable(tf.zeros([1]))];
  }

  /** The domain classifier's variables (none for MMD): the run's optimizer updates them beside the model's. */
  get variables(): tf.Variable[] {
    return this.classifier;
  }

  /** The term for one step at training progress `progress` (0 … 1); call inside the step's gradient tape. */
  term(source: tf.Tensor2D, target: tf.Tensor2D, progress: number): AlignmentTerm {
    if (this.config.method === 'mmd') {
      return { loss: tf.mul<tf.Scalar>(this.config.strength, mmd(source, target, medianBandwidthTensor(source, target))) };
    }
    const features = reverseGradient(tf.concat([source, target]), this.config.strength * dannLambda(progress)) as tf.Tensor2D;
    const logits = this.domainLogits(features);
    const isSource = domainLabels(source.shape[0], target.shape[0]);
    return { loss: tf.losses.sigmoidCrossEntropy<tf.Tensor2D, tf.Scalar>(isSource, logits) };
  }

  /** The domain classifier's logit (source > 0) for each row of pooled features. */
  domainLogits(features: tf.Tensor2D): tf.Tensor2D {
    const [w1, b1, w2, b2] = this.classifier;
    if (!w1 || !b1 || !w2 || !b2) throw new Error('Only DANN has a domain classifier');
    return tf.add<tf.Tensor2D>(tf.matMul(tf.relu(tf.add(tf.matMul(features, w1), b1)), w2), b2);
  }

  dispose(): void {
    tf.dispose(this.classifier);
  }
}

/** 1 for each source row, then 0 for each target row, as a column. */
function domainLabels(sourceRows: number, targetRows: number): tf.Tensor2D {
  return tf.concat<tf.Tensor2D>([tf.ones([sourceRows, 1]), tf.zeros([targetRows, 1])]);
}

/** How the domains stand after an epoch, in inference mode. */
export interface DomainScores {
  targetAccuracy: number;
  mmd: number;
  /** DANN only: the domain classifier's accuracy at telling source-validation from target images. */
  domainAccuracy?: number;
}

/** Rows of pooled features kept per domain for the epoch's MMD (the kernel matrix grows with their square). */
const MAX_SCORED_ROWS = 256;
const SCORE_BATCH = 64;

/** Batches of a domain's images, or of their frozen-prefix features when the scoring runs from the feature cache. */
type Batches = (start: number, end: number) => Promise<{ input: tf.Tensor | null; kept: number[] }>;

/**
 * After an epoch: target accuracy over the target's evaluation images (their labels used here only),
 * MMD² between source-validation and target features with the median bandwidth, and DANN's domain accuracy.
 * With `plan`, both domains' batches hold the frozen prefix's features (the feature cache) instead of images.
 */
export async function scoreDomains(
  model: tf.LayersModel, featureId: number, source: { count: number; batch: Batches }, target: { labels: Int32Array; batch: Batches }, aligner: DomainAligner | null,
  plan?: CachePlan,
): Promise<DomainScores> {
  const targetPass = await featurePass(model, plan, featureId, target.labels.length, target.batch, target.labels);
  const sourcePass = await featurePass(model, plan, featureId, source.count, source.batch, null);
  try {
    const values = tf.tidy(() => {
      const s = sourcePass.features;
      const t = targetPass.features;
      const discrepancy = mmd(s, t, medianBandwidthTensor(s, t));
      const dann = aligner && aligner.variables.length > 0 ? domainCorrect(aligner, s, t) : tf.scalar(Number.NaN);
      return tf.stack([discrepancy, dann]);
    });
    const [discrepancy, correct] = Array.from(await values.data());
    values.dispose();
    const rows = sourcePass.features.shape[0] + targetPass.features.shape[0];
    return {
      targetAccuracy: targetPass.scored > 0 ? targetPass.correct / targetPass.scored : Number.NaN,
      mmd: discrepancy ?? Number.NaN,
      ...(correct === undefined || Number.isNaN(correct) ? {} : { domainAccuracy: correct / rows }),
    };
  } finally {
    tf.dispose([sourcePass.features, targetPass.features]);
  }
}

function domainCorrect(aligner: DomainAligner, source: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  const predictedSource = tf.greater(aligner.domainLogits(tf.concat([source, target])), 0);
  return tf.sum(tf.cast(tf.equal(predictedSource, tf.cast(domainLabels(source.shape[0], target.shape[0]), 'bool')), 'float32'));
}

/** Pooled features (the first MAX_SCORED_ROWS) and, when labels are given, how many of the read images were classified right. */
async function featurePass(
  model: tf.LayersModel, plan: CachePlan | undefined, featureId: number, count: number, batchAt: Batches, labels: Int32Array | null,
): Promise<{ features: tf.Tensor2D; correct: number; scored: number }> {
  const parts: tf.Tensor2D[] = [];
  let rows = 0;
  let correct = 0;
  let scored = 0;
  for (let start = 0; start < count; start += SCORE_BATCH) {
    const end = Math.min(count, start + SCORE_BATCH);
    const { input, kept } = await batchAt(start, end);
    if (!input) continue;
    const wanted = labels ? kept.map((k) => valueAt(labels, start + k)) : [];
    const [features, hits] = tf.tidy(() => {
      const { logits, features: raw } = forwardWithFeatures(model, plan, input, featureId, () => false);
      if (!raw) throw new Error('The aligned features were not computed');
      const right = labels ? tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), tf.tensor1d(wanted, 'int32')), 'float32')) : tf.scalar(0);
      return [pooled(raw), right] as const;
    });
    input.dispose();
    correct += valueAt(await hits.data(), 0);
    hits.dispose();
    scored += wanted.length;
    if (rows < MAX_SCORED_ROWS) {
      const take = Math.min(features.shape[0], MAX_SCORED_ROWS - rows);
      parts.push(take === features.shape[0] ? features : tf.tidy(() => features.slice(0, take)));
      if (take !== features.shape[0]) features.dispose();
      rows += take;
    } else {
      features.dispose();
    }
  }
  if (parts.length === 0) throw new Error('No image of this domain could be read');
  const features = tf.concat<tf.Tensor2D>(parts);
  tf.dispose(parts);
  return { features, correct, scored };
}
