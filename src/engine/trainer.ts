import { errorMessage } from '../common/errors';
import { type TrainerSnapshot, type WeightValues } from '../contract';
import { type AugmentationConfig, DEFAULT_SCHEDULE, type TrainConfig } from '../contract';
import * as tf from '@tensorflow/tfjs';
import type { EngineListener, RunState } from './api';
import { forwardWithPerLayerTraining } from './forward';
import { StudioOptimizer } from './optimizers';
import { createRng, deriveSeed } from '../common/rng';
import { epochOrder } from './sampling';
import type { FreezeState } from '../freeze/freezeState';
import { yieldToEventLoop } from './yieldToEventLoop';
import { learningRateAt, positionAt } from './schedules';
import { augmentBatch, mixBatch, needsRawPixels } from './augment';
import type { Rng } from '../common/rng';
import { BlockChangeMeter, blockGradientNorms, clipByGlobalNorm } from './blockStats';
import { RunCallbacks } from './runCallbacks';
import { FeatureCacheManager, forwardFromFeatures, type CachePlan } from './featureCache';

/** Preprocessed tensors the trainer reads batches from; owned by the caller. */
export interface TrainingData {
  trainImages: tf.Tensor4D;
  trainLabels: Int32Array;
  validationImages: tf.Tensor4D;
  validationLabels: Int32Array;
  numClasses: number;
}

export interface EpochEndInfo {
  epoch: number;
  step: number;
  /** The monitored metric improved this epoch (a new best checkpoint). */
  improved: boolean;
  /** The run ends after this epoch (last epoch or early stop). */
  last: boolean;
  validationLoss: number;
  validationAccuracy: number;
}

export interface TrainerHooks {
  /** Continue from a snapshot of a run with the same model architecture and config. */
  resumeFrom?: TrainerSnapshot;
  /** Awaited after each epoch's callbacks took effect and before the next epoch starts (checkpoints). */
  afterEpoch?: (info: EpochEndInfo) => Promise<void>;
}

export interface StepResult {
  loss: number;
  correct: number;
  batchSize: number;
  /** False when the loss was not finite and the update was withheld. */
  applied: boolean;
  /** Per-block gradient norms, when asked for. */
  gradientNorms?: Record<string, number>;
}

export interface EvaluationResult {
  loss: number;
  accuracy: number;
  predictions: Int32Array;
  /** Softmax probability of the predicted class, per image. */
  confidence: Float32Array;
}

/**
 * The custom training loop (not model.fit): at every step it re-reads the trainable variables from the
 * freeze state, runs a forward pass with per-layer training flags, and applies per-variable updates.
 */
export class Trainer {
  private paused = false;
  private allocationFault = false;
  private stopRequested = false;
  private resumeWaiters: (() => void)[] = [];
  private globalStep = 0;
  private currentEpoch = 0;
  private dropoutRng: Rng;
  readonly optimizer: StudioOptimizer;
  private readonly callbacks: RunCallbacks;
  /** Layers with kernel regularizers (the head's L2), found once rather than at every step. */
  private readonly regularizedLayers: tf.layers.Layer[];

  constructor(
    private readonly model: tf.LayersModel,
    private readonly freeze: FreezeState,
    private readonly data: TrainingData,
    private readonly config: TrainConfig,
    private readonly listener: EngineListener = () => {},
    private readonly hooks: TrainerHooks = {},
  ) {
    const weightsError = classWeightsError(config.classWeights, data.numClasses);
    if (weightsError) throw new Error(weightsError);
    this.optimizer = new StudioOptimizer(config.optimizer);
    this.dropoutRng = epochRng(config.seed, 'dropout', 1);
    this.regularizedLayers = model.layers.filter((layer) => layer.losses.length > 0);
    this.callbacks = new RunCallbacks(config.callbacks, config.optimizer.learningRate, freeze.blocks.map((b) => b.id));
    const from = hooks.resumeFrom;
    if (from) {
      restoreWeights(model, from.weights);
      freeze.restore(from.freeze);
      this.optimizer.importState(from.optimizer, weightVariables(model));
      this.callbacks.setState(from.callbacks);
      this.globalStep = from.step;
      this.currentEpoch = from.epoch;
    }
  }

  /** Reads the run's state back to the CPU; call between steps (e.g. from `afterEpoch`). */
  async snapshot(): Promise<TrainerSnapshot> {
    const variables = weightVariables(this.model);
    const [weights, optimizer] = await Promise.all([
      Promise.all(variables.map(async (v) => ({ shape: [...v.shape], values: (await v.data()) as Float32Array }))),
      this.optimizer.exportState(variables),
    ]);
    return { epoch: this.currentEpoch, step: this.globalStep, weights, optimizer, callbacks: this.callbacks.getState(), freeze: this.freeze.snapshot() };
  }

  get step(): number {
    return this.globalStep;
  }

  get epoch(): number {
    return this.currentEpoch;
  }

  pause(): void {
    this.paused = true;
  }

  /** Fault injection for tests: the next step fails as a failed allocation would. */
  simulateAllocationFailure(): void {
    this.allocationFault = true;
  }

  resume(): void {
    this.paused = false;
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    waiters.forEach((w) => w());
  }

  stop(): void {
    this.stopRequested = true;
    this.resume();
  }

  /**
   * One optimisation step on the given images (already preprocessed) and labels. `targets` replaces
   * the one-hot labels when a batch was mixed (mixup/cutmix); accuracy is still read against `labels`.
   */
  async trainStep(
    images: tf.Tensor, labels: tf.Tensor1D,
    options: { targets?: tf.Tensor2D; learningRate?: number; measureGradients?: boolean; fromFeatures?: CachePlan } = {},
  ): Promise<StepResult> {
    const isTraining = (name: string) => this.freeze.isLayerTraining(name);
    const plan = options.fromFeatures;
    const forward = (x: tf.Tensor, seed?: () => number) => plan
      ? forwardFromFeatures(this.model, plan, x, isTraining, seed)
      : forwardWithPerLayerTraining(this.model, x, isTraining, seed);
    const variables = this.freeze.trainableVariables();
    const smoothing = this.config.labelSmoothing ?? 0;
    const targets = options.targets ? options.targets.clone() : tf.tidy(() => tf.oneHot(labels, this.data.numClasses).toFloat());
    const classWeights = this.config.classWeights;
    const exampleWeights = classWeights ? tf.tidy(() => tf.gather(tf.tensor1d(classWeights), labels)) : undefined;
    let stats: tf.Tensor;
    let gradients: tf.NamedTensorMap = {};
    if (variables.length > 0) {
      const kept: { correct?: tf.Scalar } = {};
      const result = tf.variableGrads(() => {
        const logits = forward(images, this.nextDropoutSeed);
        kept.correct = tf.keep(countCorrect(logits, labels));
        const crossEntropy = tf.losses.softmaxCrossEntropy(targets, logits, exampleWeights, smoothing) as tf.Scalar;
        // Kernel regularizers (the head's L2) register their penalties on the layers; the custom loop adds them.
        const penalties = this.regularizedLayers.flatMap((layer) => layer.calculateLosses());
        return penalties.length > 0 ? tf.addN([crossEntropy, ...penalties]) as tf.Scalar : crossEntropy;
      }, variables);
      gradients = result.grads;
      if (this.config.clipNorm && this.config.clipNorm > 0) {
        const clipped = clipByGlobalNorm(gradients, this.config.clipNorm);
        tf.dispose(gradients);
        gradients = clipped;
      }
      stats = tf.stack([result.value, kept.correct!]);
      tf.dispose([result.value, kept.correct!]);
    } else {
      // Everything frozen: the forward pass still reports the loss, nothing is updated.
      stats = tf.tidy(() => {
        const logits = forward(images);
        return tf.stack([tf.losses.softmaxCrossEntropy(targets, logits, exampleWeights, smoothing), countCorrect(logits, labels)]);
      });
    }
    tf.dispose([targets, ...(exampleWeights ? [exampleWeights] : [])]);
    const norms = options.measureGradients ? blockGradientNorms(this.freeze, gradients) : null;
    const [[loss, correct], normValues] = await Promise.all([stats.data(), norms ? norms.data() : Promise.resolve(null)]);
    tf.dispose([stats, ...(norms ? [norms] : [])]);
    const gradientNorms = normValues ? Object.fromEntries(this.freeze.blocks.map((b, i) => [b.id, normValues[i]])) : undefined;
    const applied = Number.isFinite(loss);
    if (applied && variables.length > 0) {
      this.optimizer.apply(
        variables.map((v) => ({ variable: v, gradient: gradients[v.name], lrMultiplier: this.freeze.lrMultiplierOfVariable(v.name) })),
        options.learningRate ?? this.config.optimizer.learningRate,
      );
    }
    tf.dispose(gradients);
    return { loss, correct, batchSize: images.shape[0], applied, gradientNorms };
  }

  private readonly nextDropoutSeed = () => Math.floor(this.dropoutRng() * 2 ** 31);

  async evaluate(images: tf.Tensor, labels: Int32Array, plan?: CachePlan): Promise<EvaluationResult> {
    const batchSize = Math.max(1, this.config.batchSize * 2);
    const predictions = new Int32Array(labels.length);
    const confidence = new Float32Array(labels.length);
    let lossSum = 0;
    let correctSum = 0;
    for (let start = 0; start < labels.length; start += batchSize) {
      const end = Math.min(labels.length, start + batchSize);
      const out = tf.tidy(() => {
        const x = images.slice(start, end - start);
        const y = tf.tensor1d(labels.subarray(start, end), 'int32');
        const logits = plan ? forwardFromFeatures(this.model, plan, x, () => false) : forwardWithPerLayerTraining(this.model, x, () => false);
        const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(y, this.data.numClasses).toFloat(), logits, undefined, undefined, tf.Reduction.SUM);
        return { loss, argmax: logits.argMax(-1), top: tf.softmax(logits).max(-1) };
      });
      const [lossValue, argmax, top] = await Promise.all([out.loss.data(), out.argmax.data(), out.top.data()]);
      tf.dispose([out.loss, out.argmax, out.top]);
      confidence.set(top, start);
      lossSum += lossValue[0];
      for (let i = 0; i < argmax.length; i++) {
        predictions[start + i] = argmax[i];
        if (argmax[i] === labels[start + i]) correctSum++;
      }
    }
    const n = Math.max(1, labels.length);
    return { loss: lossSum / n, accuracy: correctSum / n, predictions, confidence };
  }

  async run(): Promise<RunState> {
    const { config, data } = this;
    const { callbacks } = this;
    const schedule = config.schedule ?? DEFAULT_SCHEDULE;
    const stepsPerEpoch = Math.ceil(data.trainLabels.length / config.batchSize);
    if (this.currentEpoch === 0) for (const blockId of callbacks.initiallyFrozen) this.setFrozenAndReport(blockId, true);
    const meter = new BlockChangeMeter(this.freeze);
    let bestWeights: tf.Tensor[] | null = null;
    const cacheAllowed = (config.cacheFrozenFeatures ?? true) && !(config.augmentation && needsRawPixels(config.augmentation));
    const cache = new FeatureCacheManager(this.model, this.freeze, cacheAllowed);
    this.listener({ type: 'status', state: 'training' });
    try {
      for (let epoch = this.currentEpoch + 1; epoch <= config.epochs; epoch++) {
        this.currentEpoch = epoch;
        // Every random stream restarts per epoch from the seed, so a run resumed after epoch k
        // draws exactly what the uninterrupted run would have.
        const order = epochOrder(data.trainLabels, data.numClasses, config.sampling ?? 'shuffle', epochRng(config.seed, 'shuffle', epoch));
        const augmentRng = epochRng(config.seed, 'augment', epoch);
        this.dropoutRng = epochRng(config.seed, 'dropout', epoch);
        const epochStart = performance.now();
        meter.begin();
        await cache.refresh(data.trainImages, data.validationImages, config.batchSize * 2);
        let gradientNorms: Record<string, number> = {};
        let lossSum = 0;
        let correctSum = 0;
        let seen = 0;
        for (let s = 0; s < stepsPerEpoch; s++) {
          await yieldToEventLoop();
          if (this.paused) {
            this.listener({ type: 'status', state: 'paused' });
            await this.waitWhilePaused();
            if (!this.stopRequested) this.listener({ type: 'status', state: 'training' });
          }
          if (this.stopRequested) return this.finish('stopped');
          const stepStart = performance.now();
          const batchIndices = order.slice(s * config.batchSize, (s + 1) * config.batchSize);
          const active = cache.current();
          const batch = tf.tidy(() => {
            const idx = tf.tensor1d(batchIndices, 'int32');
            return {
              images: tf.gather(active ? active.train : data.trainImages, idx) as tf.Tensor4D,
              labels: tf.tensor1d(batchIndices.map((i) => data.trainLabels[i]), 'int32'),
            };
          });
          const learningRate = callbacks.lrScale * learningRateAt(schedule, config.optimizer.learningRate, positionAt(this.globalStep, stepsPerEpoch));
          let prepared: ReturnType<typeof prepareBatch> | null = null;
          let result: StepResult;
          try {
            prepared = config.augmentation && !active ? prepareBatch(batch.images, batch.labels, config.augmentation, data.numClasses, augmentRng) : null;
            if (this.allocationFault) {
              this.allocationFault = false;
              throw new RangeError('Array buffer allocation failed (simulated)');
            }
            result = await this.trainStep(prepared?.images ?? batch.images, batch.labels, {
              targets: prepared?.targets, learningRate, measureGradients: s === stepsPerEpoch - 1, fromFeatures: active?.plan,
            });
          } catch (error) {
            if (!isAllocationFailure(error)) throw error;
            // The tab survives a failed allocation: the run waits with its weights as they were, instead of dying.
            const stopped = await this.pauseWithAdvice(
              `Out of memory at step ${this.globalStep + 1} (batch ${config.batchSize}): ${errorMessage(error)}. The run is paused with its weights intact. `
                + 'Resume to try this step again once other tabs or programs have freed memory, or stop and train with a smaller batch size or image size.',
            );
            if (stopped) return this.finish('stopped');
            s--;
            continue;
          } finally {
            tf.dispose([batch.images, batch.labels]);
            if (prepared) tf.dispose([prepared.images, ...(prepared.targets ? [prepared.targets] : [])]);
          }
          if (result.gradientNorms) gradientNorms = result.gradientNorms;
          this.globalStep++;
          if (!result.applied) {
            const stopped = await this.pauseWithAdvice(
              `Loss became ${result.loss} at step ${this.globalStep}; the update was withheld and the run paused. Lower the learning rate, then resume.`,
            );
            if (stopped) return this.finish('stopped');
            continue;
          }
          lossSum += result.loss * result.batchSize;
          correctSum += result.correct;
          seen += result.batchSize;
          const seconds = (performance.now() - stepStart) / 1000;
          this.listener({
            type: 'step', epoch, step: this.globalStep, stepInEpoch: s + 1, stepsPerEpoch,
            loss: result.loss, accuracy: result.correct / result.batchSize,
            learningRate,
            imagesPerSecond: result.batchSize / Math.max(seconds, 1e-6),
            cachedFeatures: active !== null,
          });
        }
        const validCache = cache.current();
        const validation = validCache?.validation
          ? await this.evaluate(validCache.validation, data.validationLabels, validCache.plan)
          : await this.evaluate(data.validationImages, data.validationLabels);
        const blockWeightChange = await meter.finish();
        const summary = this.freeze.summary();
        this.listener({
          type: 'epoch', epoch, step: this.globalStep,
          trainLoss: lossSum / Math.max(1, seen), trainAccuracy: correctSum / Math.max(1, seen),
          validationLoss: validation.loss, validationAccuracy: validation.accuracy,
          seconds: (performance.now() - epochStart) / 1000,
          trainableParams: summary.trainableParams, totalParams: summary.totalParams,
          blockWeightChange, blockGradientNorm: gradientNorms, validationPredictions: Array.from(validation.predictions),
          validationConfidence: Array.from(validation.confidence),
        });
        const outcome = callbacks.onEpochEnd(epoch, { validationLoss: validation.loss, validationAccuracy: validation.accuracy });
        if (outcome.saveBest && callbacks.keepsBestWeights) {
          tf.dispose(bestWeights ?? []);
          bestWeights = this.model.weights.map((w) => tf.keep(w.read().clone()));
        }
        for (const note of outcome.notes) this.listener({ type: 'callback', kind: note.kind, epoch, step: this.globalStep, message: note.message });
        for (const blockId of outcome.thaw) this.setFrozenAndReport(blockId, false);
        if (outcome.restoreBest && bestWeights) this.model.setWeights(bestWeights);
        await this.hooks.afterEpoch?.({
          epoch, step: this.globalStep, improved: outcome.saveBest, last: outcome.stop || epoch === config.epochs,
          validationLoss: validation.loss, validationAccuracy: validation.accuracy,
        });
        if (outcome.stop) return this.finish('finished');
      }
      return this.finish('finished');
    } finally {
      cache.dispose();
      meter.dispose();
      tf.dispose(bestWeights ?? []);
    }
  }

  /** The run pauses itself (a step it cannot take) and says why; resolves true if the user then stops it. */
  private async pauseWithAdvice(message: string): Promise<boolean> {
    this.paused = true;
    this.listener({ type: 'status', state: 'paused', message });
    await this.waitWhilePaused();
    return this.stopRequested;
  }

  /** Resolves at once when a resume or stop already came (e.g. from inside the listener). */
  private waitWhilePaused(): Promise<void> {
    if (!this.paused || this.stopRequested) return Promise.resolve();
    return new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
  }

  /** Freeze changes made by the run itself (gradual unfreezing) are logged like a user's clicks. */
  private setFrozenAndReport(blockId: string, frozen: boolean): void {
    if (this.freeze.setFrozen(blockId, frozen)) {
      this.listener({ type: 'freeze', step: this.globalStep, epoch: this.currentEpoch, blockId, frozen });
    }
  }

  private finish(state: RunState): RunState {
    this.listener({ type: 'status', state });
    return state;
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

/** Augments a training batch on the GPU; mixup/cutmix also yield soft targets. */
function prepareBatch(images: tf.Tensor4D, labels: tf.Tensor1D, augmentation: AugmentationConfig, numClasses: number, rng: Rng): { images: tf.Tensor4D; targets?: tf.Tensor2D } | null {
  if (!needsRawPixels(augmentation)) return null;
  const augmented = augmentBatch(images, augmentation, rng);
  if (augmentation.mixupAlpha <= 0 && augmentation.cutmixAlpha <= 0) return { images: augmented };
  const oneHot = tf.tidy(() => tf.oneHot(labels, numClasses).toFloat() as tf.Tensor2D);
  const mixed = mixBatch(augmented, oneHot, augmentation, rng);
  tf.dispose([augmented, oneHot]);
  return { images: mixed.images, targets: mixed.labels };
}

function classWeightsError(weights: number[] | undefined, numClasses: number): string | null {
  if (!weights) return null;
  if (weights.length !== numClasses) return `Class weights: ${weights.length} given for ${numClasses} classes`;
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) return 'Class weights must be finite numbers ≥ 0';
  if (weights.every((w) => w === 0)) return 'Class weights: at least one class needs a weight above 0';
  return null;
}

function epochRng(seed: number, stream: string, epoch: number): Rng {
  return createRng(deriveSeed(seed, `${stream}/${epoch}`));
}

function weightVariables(model: tf.LayersModel): tf.Variable[] {
  return model.weights.map((w) => w.read() as tf.Variable);
}

/** Puts CPU weight values back into a model of the same architecture; throws before changing anything on a mismatch. */
export function restoreWeights(model: tf.LayersModel, weights: readonly WeightValues[]): void {
  const targets = model.weights;
  const mismatch = weights.length !== targets.length
    || targets.some((t, i) => weights[i].values.length !== t.shape.reduce<number>((a, b) => a * (b ?? 1), 1));
  if (mismatch) throw new Error('The saved weights do not fit this model (a different architecture or number of classes)');
  const tensors = weights.map((w, i) => tf.tensor(w.values, targets[i].shape as number[]));
  model.setWeights(tensors);
  tf.dispose(tensors);
}

function countCorrect(logits: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => logits.argMax(-1).equal(labels).sum().toFloat() as tf.Scalar);
}

/** Allocation failures as tfjs backends and the browser report them: worth a pause, not the end of the run. */
export function isAllocationFailure(error: unknown): boolean {
  const message = errorMessage(error);
  return (error instanceof RangeError && /allocation failed|invalid (typed )?array length/i.test(message))
    || /out of memory|OUT_OF_MEMORY|unable to create (WebGL)?texture|failed to allocate/i.test(message);
}
