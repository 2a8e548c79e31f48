import { errorMessage } from '../common/errors';
import { type AugmentationConfig, DEFAULT_SCHEDULE, type ScheduleConfig, type TrainConfig, type TrainerSnapshot, type WeightValues } from '../contract';
import * as tf from '@tensorflow/tfjs';
import type { EngineListener, RunState } from './api';
import { forwardWithPerLayerTraining } from './forward';
import { StudioOptimizer } from './optimizers';
import { createRng, deriveSeed, shuffleInPlace, type Rng } from '../common/rng';
import { epochOrder } from './sampling';
import { keptPositions } from '../common/imbalancedSubset';
import type { FreezeState } from '../freeze/freezeState';
import { yieldToEventLoop } from '../common/yieldToEventLoop';
import { learningRateAt, positionAt } from './schedules';
import { augmentBatch, mixBatch, needsRawPixels, sampleCrop } from './augment';
import { BlockChangeMeter, blockGradientNorms, clipByGlobalNorm } from './blockStats';
import type { EpochCallback } from './callbacks';
import { callbacksState, combineDecisions, lrScaleOf, restoreCallbacksState, runCallbacks } from './runCallbacks';
import { FeatureCacheManager, forwardFromFeatures, prefixFeatures, type ActiveCache, type CachePlan, type FeatureStore } from './featureCache';
import type { CropBox, ImageBatch, TrainingData } from './data/batches';
import { range, valueAt } from './arrays';
import { evaluateModel, type EvaluationResult, type InputBatch } from './evaluate';
import { pretrainedPenalty, type PenaltyAnchors } from './pretrainedPenalty';
import { i18n } from '../common/i18n/i18n';
import type { TargetDomain } from './data/targetDomain';
import { alignedFeatures, DomainAligner, forwardWithFeatures, pooled, scoreDomains, type AlignedFeatures, type DomainScores } from './domainAlignment';

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
  /** Device bytes the frozen-feature cache may take; beyond them its features stay on the CPU. */
  featureCacheDeviceBytes?: number;
  /** Awaited between two training steps (live prediction runs one frame there). */
  betweenSteps?: () => Promise<void>;
  /** L2-SP / EWC toward the pretrained backbone: its anchors (and Fisher), ready on the device. */
  penalty?: PenaltyAnchors;
  /** Source-task accuracy of the model as it is now (models on the built-in backbone), read after each epoch. */
  sourceAccuracy?: () => Promise<number>;
  /**
   * The run's target domain (config.domainTarget): its unlabelled images feed domain adaptation, its
   * labelled evaluation images are scored after each epoch (target accuracy, MMD, domain accuracy).
   */
  target?: TargetDomain;
}

/** A run with a target: where the domains are compared, and its MMD / DANN term when it adapts (null: source only). */
interface RunDomain {
  features: AlignedFeatures;
  aligner: DomainAligner | null;
  target: TargetDomain;
}

/** The target batch of one adapted step: images, or the frozen prefix's features of them when the source batch is cached. */
interface DomainBatch {
  input: tf.Tensor;
  /** Training progress p ∈ [0, 1] (DANN's λ ramp). */
  progress: number;
}

/** Batches read ahead of the one being trained on, so decoding overlaps the GPU's work. */
export const PREFETCH_BATCHES = 2;
const DEFAULT_FEATURE_CACHE_DEVICE_BYTES = 256 * 1024 * 1024;

export interface StepResult {
  loss: number;
  correct: number;
  batchSize: number;
  /** False when the loss was not finite and the update was withheld. */
  applied: boolean;
  /** Per-block gradient norms, when asked for. */
  gradientNorms?: Record<string, number>;
  /** The L2-SP / EWC term of `loss`, when the run has one. */
  penalty?: number;
}

/** What one call of `run` holds from its start to its end, when it is disposed. */
interface RunScope {
  readonly stepsPerEpoch: number;
  readonly schedule: ScheduleConfig;
  readonly meter: BlockChangeMeter;
  readonly cache: FeatureCacheManager;
  /** Copies of the best epoch's weights, kept only when a callback may ask for them back. */
  bestWeights: tf.Tensor[] | null;
}

/** One epoch's batch order, augmentation stream and running totals. */
interface EpochScope {
  readonly epoch: number;
  /** Training-set indices in this epoch's order, batch after batch. */
  readonly order: number[];
  readonly augmentRng: Rng;
  readonly startedAt: number;
  lossSum: number;
  penaltySum: number;
  correctSum: number;
  seen: number;
  /** Per-block gradient norms, measured at the epoch's last step. */
  gradientNorms: Record<string, number>;
  /** Target-domain positions (unlabelled) in this epoch's order, drawn batch after batch when adapting. */
  readonly targetOrder: number[];
}

/** After a batch: on to the next, the same batch again (after a failed allocation), or the run is stopped. */
type BatchOutcome = 'next' | 'retry' | 'stopped';

/**
 * The custom training loop (not model.fit): at every step it re-reads the trainable variables from the
 * freeze state, runs a forward pass with per-layer training flags, and applies per-variable updates.
 * `run` goes in fastai's phases, each a method: prepare the run, then per epoch begin → batches →
 * validate → end of epoch (report, callbacks, checkpoint hook).
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
  /** The run's callbacks, asked in this order at each epoch's end. */
  private readonly callbacks: readonly EpochCallback[];
  /** Layers with kernel regularizers (the head's L2), found once rather than at every step. */
  private readonly regularizedLayers: tf.layers.Layer[];
  /** Where the domains are compared (a run with a target), and the MMD / DANN term (a run that adapts). */
  private readonly domain: RunDomain | null;

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
    this.callbacks = runCallbacks(config.callbacks, config.optimizer.learningRate, freeze.blocks.map((b) => b.id));
    if (config.domainAdaptation && !hooks.target) throw new Error(i18n.t('engine:domain.noTarget'));
    this.domain = hooks.target ? domainOf(model, freeze, config, hooks.target) : null;
    const from = hooks.resumeFrom;
    if (from) {
      restoreWeights(model, from.weights);
      freeze.restore(from.freeze);
      this.optimizer.importState(from.optimizer, weightVariables(model));
      restoreCallbacksState(this.callbacks, from.callbacks);
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
    return { epoch: this.currentEpoch, step: this.globalStep, weights, optimizer, callbacks: callbacksState(this.callbacks), freeze: this.freeze.snapshot() };
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

  /** True while the run waits out a pause (no step is under way, so the model may be used freely). */
  get waitingWhilePaused(): boolean {
    return this.resumeWaiters.length > 0;
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
    options: { targets?: tf.Tensor2D; learningRate?: number; measureGradients?: boolean; fromFeatures?: CachePlan; domain?: DomainBatch } = {},
  ): Promise<StepResult> {
    const isTraining = (name: string) => this.freeze.isLayerTraining(name);
    const plan = options.fromFeatures;
    const forward = (x: tf.Tensor, seed?: () => number) => plan
      ? forwardFromFeatures(this.model, plan, x, isTraining, seed)
      : forwardWithPerLayerTraining(this.model, x, isTraining, seed);
    const aligner = options.domain ? this.domain?.aligner ?? null : null;
    const modelVariables = this.freeze.trainableVariables();
    // DANN's domain classifier learns beside the model (nothing of it lives in the model or its checkpoints).
    const variables = aligner && modelVariables.length > 0 ? [...modelVariables, ...aligner.variables] : modelVariables;
    const smoothing = this.config.labelSmoothing ?? 0;
    const targets = options.targets ? options.targets.clone() : tf.tidy(() => tf.oneHot(labels, this.data.numClasses).toFloat());
    const classWeights = this.config.classWeights;
    const exampleWeights = classWeights ? tf.tidy(() => tf.gather(tf.tensor1d(classWeights), labels)) : undefined;
    let stats: tf.Tensor;
    let gradients: tf.NamedTensorMap = {};
    if (variables.length > 0) {
      const kept: { correct?: tf.Scalar; penalty?: tf.Scalar } = {};
      const result = tf.variableGrads(() => {
        const aligned = options.domain && aligner && this.domain
          ? this.adaptedForward(images, options.domain, aligner, this.domain.features.tensorId, plan, isTraining)
          : null;
        const logits = aligned ? aligned.logits : forward(images, this.nextDropoutSeed);
        kept.correct = tf.keep(countCorrect(logits, labels));
        const crossEntropy = tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(targets, logits, exampleWeights, smoothing);
        // Kernel regularizers (the head's L2) register their penalties on the layers; the custom loop adds them.
        const penalties = this.regularizedLayers.flatMap((layer) => layer.calculateLosses());
        if (aligned?.term) penalties.push(aligned.term);
        const pulled = this.hooks.penalty ? pretrainedPenalty(this.hooks.penalty, modelVariables) : null;
        if (pulled) {
          kept.penalty = tf.keep(pulled.clone());
          penalties.push(pulled);
        }
        return penalties.length > 0 ? tf.addN<tf.Scalar>([crossEntropy, ...penalties]) : crossEntropy;
      }, variables);
      gradients = result.grads;
      if (this.config.clipNorm && this.config.clipNorm > 0) {
        const clipped = clipByGlobalNorm(gradients, this.config.clipNorm);
        tf.dispose(gradients);
        gradients = clipped;
      }
      const { correct, penalty } = kept;
      if (!correct) throw new Error('The step lost its accuracy count');
      // NaN in the penalty slot: this run has none.
      const penaltySlot = penalty ?? tf.scalar(Number.NaN);
      stats = tf.stack([result.value, correct, penaltySlot]);
      tf.dispose([result.value, correct, penaltySlot]);
    } else {
      // Everything frozen: the forward pass still reports the loss, nothing is updated.
      stats = tf.tidy(() => {
        const logits = forward(images);
        return tf.stack([tf.losses.softmaxCrossEntropy(targets, logits, exampleWeights, smoothing), countCorrect(logits, labels), tf.scalar(Number.NaN)]);
      });
    }
    tf.dispose([targets, ...(exampleWeights ? [exampleWeights] : [])]);
    const norms = options.measureGradients ? blockGradientNorms(this.freeze, gradients) : null;
    const [statValues, normValues] = await Promise.all([stats.data(), norms ? norms.data() : Promise.resolve(null)]);
    tf.dispose([stats, ...(norms ? [norms] : [])]);
    // `stats` stacks [loss, correct, penalty (NaN: none)]; `norms` one value per block.
    const loss = valueAt(statValues, 0);
    const correct = valueAt(statValues, 1);
    const penaltyValue = valueAt(statValues, 2);
    const gradientNorms = normValues ? Object.fromEntries(this.freeze.blocks.map((b, i) => [b.id, valueAt(normValues, i)])) : undefined;
    const applied = Number.isFinite(loss);
    if (applied && variables.length > 0) {
      this.optimizer.apply(variables.map((v) => ({ variable: v, gradient: gradientOf(gradients, v.name), lrMultiplier: this.freeze.lrMultiplierOfVariable(v.name) })),
        options.learningRate ?? this.config.optimizer.learningRate);
    }
    tf.dispose(gradients);
    return { loss, correct, batchSize: labels.shape[0], applied, gradientNorms, ...(Number.isNaN(penaltyValue) ? {} : { penalty: penaltyValue }) };
  }

  private readonly nextDropoutSeed = () => Math.floor(this.dropoutRng() * 2 ** 31);

  /**
   * One forward pass over the source batch and the target batch together (the thawed BatchNorm layers
   * see both domains): the source logits for the loss, and the alignment term on the pooled features
   * (none when the aligned block lies in the cached frozen prefix: its features cannot move).
   */
  private adaptedForward(
    images: tf.Tensor, domain: DomainBatch, aligner: DomainAligner, featureId: number, plan: CachePlan | undefined, isTraining: (name: string) => boolean,
  ): { logits: tf.Tensor; term: tf.Scalar | null } {
    const n = images.shape[0] ?? 0;
    const both = tf.concat([images, domain.input]);
    const { logits, features } = forwardWithFeatures(this.model, plan, both, featureId, isTraining, this.nextDropoutSeed);
    const sourceLogits = tf.slice(logits, 0, n);
    if (!features) return { logits: sourceLogits, term: null };
    const rows = pooled(features);
    const term = aligner.term(tf.slice(rows, 0, n), tf.slice(rows, n), domain.progress).loss;
    return { logits: sourceLogits, term };
  }

  /** The validation split at the model's input size, in inference mode. */
  evaluateValidation(): Promise<EvaluationResult> {
    return this.evaluate((start, end) => this.imageBatch(this.data.validationBatch(start, end)), this.data.validationLabels);
  }

  /**
   * Loss and accuracy over `labels`, read in batches from `batchAt`; an image that could not be read
   * has prediction −1 and counts in neither the loss nor the accuracy.
   */
  async evaluate(batchAt: (start: number, end: number) => Promise<InputBatch>, labels: Int32Array, plan?: CachePlan): Promise<EvaluationResult> {
    return evaluateModel(this.model, {
      batchAt, labels, plan, numClasses: this.data.numClasses, batchSize: this.config.batchSize * 2,
      prefetch: plan ? undefined : (start, end) => this.data.prefetchValidation(start, end),
    });
  }

  private async imageBatch(loading: Promise<{ images: tf.Tensor4D | null; kept: number[] }>): Promise<InputBatch> {
    const { images, kept } = await loading;
    return { input: images, kept };
  }

  /** Trains the epochs after the last completed one; resolves with how the run ended. */
  async run(): Promise<RunState> {
    const run = this.prepareRun();
    try {
      this.listener({ type: 'status', state: 'training' });
      for (let epoch = this.currentEpoch + 1; epoch <= this.config.epochs; epoch++) {
        const scope = await this.beginEpoch(run, epoch);
        if (!(await this.trainEpoch(run, scope))) return this.finish('stopped');
        const validation = await this.validate(run);
        if (await this.endEpoch(run, scope, validation)) return this.finish('finished');
      }
      return this.finish('finished');
    } finally {
      run.cache.dispose();
      run.meter.dispose();
      tf.dispose(run.bestWeights ?? []);
    }
  }

  /** The training positions the run learns from: an imbalanced subset's (config.trainSubset), else the whole split. */
  private trainPositions(): number[] {
    const subset = this.config.trainSubset;
    return subset ? keptPositions(this.data.trainLabels, subset.keepFraction) : Array.from(this.data.trainLabels.keys());
  }

  /** Before the first epoch: a new run's initial freezing (gradual unfreezing starts from the head), the meter and feature cache. */
  private prepareRun(): RunScope {
    const { config } = this;
    const aligned = this.domain?.aligner ? this.domain.features.blockId : null;
    if (aligned && this.freeze.isFrozen(aligned)) {
      throw new Error(i18n.t('engine:domain.frozenAligned', { block: aligned }));
    }
    if (this.currentEpoch === 0) {
      for (const callback of this.callbacks) for (const blockId of callback.frozenAtStart ?? []) this.setFrozenAndReport(blockId, true);
    }
    const cacheAllowed = (config.cacheFrozenFeatures ?? true) && !(config.augmentation && needsRawPixels(config.augmentation));
    return {
      stepsPerEpoch: Math.ceil(this.trainPositions().length / config.batchSize),
      schedule: config.schedule ?? DEFAULT_SCHEDULE,
      meter: new BlockChangeMeter(this.freeze),
      cache: new FeatureCacheManager(this.model, this.freeze, cacheAllowed, this.hooks.featureCacheDeviceBytes ?? DEFAULT_FEATURE_CACHE_DEVICE_BYTES),
      bestWeights: null,
    };
  }

  /**
   * Every random stream restarts per epoch from the seed, so a run resumed after epoch k draws exactly
   * what the uninterrupted run would have; the feature cache follows the frozen prefix.
   */
  private async beginEpoch(run: RunScope, epoch: number): Promise<EpochScope> {
    const { config, data } = this;
    this.currentEpoch = epoch;
    const order = epochOrder(data.trainLabels, data.numClasses, config.sampling ?? 'shuffle', epochRng(config.seed, 'shuffle', epoch), this.trainPositions());
    const augmentRng = epochRng(config.seed, 'augment', epoch);
    this.dropoutRng = epochRng(config.seed, 'dropout', epoch);
    await this.refreshCache(run, epoch);
    // After the cache: its build is reported apart and left out of the epoch's time (and so of the ETA).
    const startedAt = performance.now();
    run.meter.begin();
    return { epoch, order, augmentRng, startedAt, lossSum: 0, penaltySum: 0, correctSum: 0, seen: 0, gradientNorms: {}, targetOrder: this.targetOrder(epoch, order.length) };
  }

  /** Unlabelled target positions for the epoch's steps: seeded shuffles of the target's training part, as many as the source's. */
  private targetOrder(epoch: number, length: number): number[] {
    const count = this.domain?.aligner ? this.domain.target.unlabelled.count : 0;
    if (count === 0) return [];
    const rng = epochRng(this.config.seed, 'target', epoch);
    const order: number[] = [];
    while (order.length < length) order.push(...shuffleInPlace(Array.from({ length: count }, (_, i) => i), rng));
    return order.slice(0, length);
  }

  /** Builds the frozen-feature cache when the frozen prefix changed, reporting its progress and its own time. */
  private async refreshCache(run: RunScope, epoch: number): Promise<void> {
    const startedAt = performance.now();
    let last = { done: 0, total: 0 };
    const report = (done: number, total: number) => {
      last = { done, total };
      this.listener({ type: 'cache', epoch, done, total, seconds: (performance.now() - startedAt) / 1000, finished: false });
    };
    const target = this.domain ? { domain: this.domain.target, adapting: this.domain.aligner !== null } : undefined;
    const built = await run.cache.refresh(this.data, this.config.batchSize * 2, report, target);
    if (built) this.listener({ type: 'cache', epoch, ...last, seconds: (performance.now() - startedAt) / 1000, finished: true, onDevice: run.cache.current()?.train.deviceBytes !== 0 });
  }

  /** The epoch's batches, with a pause point before each; false when the run was stopped. */
  private async trainEpoch(run: RunScope, scope: EpochScope): Promise<boolean> {
    for (let s = 0; s < run.stepsPerEpoch;) {
      await yieldToEventLoop();
      await this.hooks.betweenSteps?.();
      if (await this.pausePoint()) return false;
      const outcome = await this.batch(run, scope, s);
      if (outcome === 'stopped') return false;
      if (outcome === 'next') s++;
    }
    return true;
  }

  /** Between batches: waits out a pause the user asked for; true when the run is to stop. */
  private async pausePoint(): Promise<boolean> {
    if (this.paused) {
      this.listener({ type: 'status', state: 'paused' });
      await this.waitWhilePaused();
      if (!this.stopRequested) this.listener({ type: 'status', state: 'training' });
    }
    return this.stopRequested;
  }

  /**
   * Batch `s` of the epoch: one step at the scheduled rate, then its report. A failed allocation pauses
   * the run with its weights intact and the batch is tried again on resume; a non-finite loss withholds
   * the update and pauses, and the run goes on with the next batch.
   */
  private async batch(run: RunScope, scope: EpochScope, s: number): Promise<BatchOutcome> {
    const { config } = this;
    const startedAt = performance.now();
    const indices = scope.order.slice(s * config.batchSize, (s + 1) * config.batchSize);
    const cached = run.cache.current();
    if (!cached) this.data.prefetchTrain(scope.order.slice((s + 1) * config.batchSize, (s + 1 + PREFETCH_BATCHES) * config.batchSize));
    const learningRate = lrScaleOf(this.callbacks) * learningRateAt(run.schedule, config.optimizer.learningRate, positionAt(this.globalStep, run.stepsPerEpoch));
    let result: StepResult | null;
    try {
      const targetPositions = scope.targetOrder.slice(s * config.batchSize, (s + 1) * config.batchSize);
      const progress = this.globalStep / Math.max(1, config.epochs * run.stepsPerEpoch);
      result = await this.stepOnBatch(indices, cached, scope.augmentRng, learningRate, s === run.stepsPerEpoch - 1, { positions: targetPositions, progress });
    } catch (error) {
      if (!isAllocationFailure(error)) throw error;
      // The tab survives a failed allocation: the run waits with its weights as they were, instead of dying.
      const stopped = await this.pauseWithAdvice(
        i18n.t('engine:run.outOfMemory', { step: this.globalStep + 1, batch: config.batchSize, reason: errorMessage(error) }),
      );
      return stopped ? 'stopped' : 'retry';
    }
    // No image of the batch could be read (the engine names them): nothing to learn from, on to the next.
    if (!result) return 'next';
    if (result.gradientNorms) scope.gradientNorms = result.gradientNorms;
    this.globalStep++;
    if (!result.applied) {
      const stopped = await this.pauseWithAdvice(
        i18n.t('engine:run.lossNotFinite', { loss: result.loss, step: this.globalStep }),
      );
      return stopped ? 'stopped' : 'next';
    }
    scope.lossSum += result.loss * result.batchSize;
    scope.penaltySum += (result.penalty ?? 0) * result.batchSize;
    scope.correctSum += result.correct;
    scope.seen += result.batchSize;
    const seconds = (performance.now() - startedAt) / 1000;
    this.listener({
      type: 'step', epoch: scope.epoch, step: this.globalStep, stepInEpoch: s + 1, stepsPerEpoch: run.stepsPerEpoch,
      loss: result.loss, accuracy: result.correct / result.batchSize,
      learningRate,
      imagesPerSecond: result.batchSize / Math.max(seconds, 1e-6),
      cachedFeatures: cached !== null,
      ...(result.penalty === undefined ? {} : { penalty: result.penalty }),
    });
    return 'next';
  }

  /**
   * Loads a batch (from the cached features when there are some, else streamed images with their
   * random crops), augments it, and takes the step; the batch is disposed after. Null when no image
   * of the batch could be read.
   */
  private async stepOnBatch(
    indices: number[], cached: ActiveCache | null, augmentRng: Rng, learningRate: number, measureGradients: boolean,
    target: { positions: number[]; progress: number },
  ): Promise<StepResult | null> {
    const { config, data } = this;
    const augmentation = cached ? null : config.augmentation ?? null;
    const { input, kept } = cached
      ? toInputBatch(cached.train.gather(indices))
      : await this.imageBatch(data.trainBatch(indices, augmentation ? this.randomCrops(indices, augmentation, augmentRng) : undefined));
    if (!input) return null;
    const labels = tf.tensor1d(labelsAt(data.trainLabels, kept.map((k) => valueAt(indices, k))), 'int32');
    let prepared: ReturnType<typeof prepareBatch> = null;
    let domain: DomainBatch | null = null;
    try {
      domain = await this.targetBatch(target.positions, cached, target.progress);
      prepared = augmentation ? prepareBatch(input as tf.Tensor4D, labels, withoutCrop(augmentation), data.numClasses, augmentRng) : null;
      if (this.allocationFault) {
        this.allocationFault = false;
        throw new RangeError('Array buffer allocation failed (simulated)');
      }
      return await this.trainStep(prepared?.images ?? input, labels, {
        targets: prepared?.targets, learningRate, measureGradients, fromFeatures: cached?.plan, domain: domain ?? undefined,
      });
    } finally {
      tf.dispose([input, labels, ...(domain ? [domain.input] : [])]);
      if (prepared) tf.dispose([prepared.images, ...(prepared.targets ? [prepared.targets] : [])]);
    }
  }

  /**
   * The unlabelled target batch of an adapted step, through the same streaming loader as the source (and,
   * when the source batch comes from the frozen-feature cache, through the same frozen prefix); null when
   * the run does not adapt or no target image could be read.
   */
  private async targetBatch(positions: number[], cached: ActiveCache | null, progress: number): Promise<DomainBatch | null> {
    if (!this.domain?.aligner || positions.length === 0) return null;
    const stored = cached?.target?.unlabelled;
    if (stored) {
      const { features } = stored.gather(positions);
      return features ? { input: features, progress } : null;
    }
    const { images } = await this.domain.target.unlabelled.batch(positions);
    if (!images) return null;
    const input = cached ? prefixFeatures(this.model, cached.plan, images) : images;
    return { input, progress };
  }

  /** RandomResizedCrop boxes drawn in each training image's whole decoded picture (not in a centre crop of it). */
  private randomCrops(indices: number[], augmentation: AugmentationConfig, rng: Rng): CropBox[] | undefined {
    const crop = augmentation.randomResizedCrop;
    if (!crop.enabled) return undefined;
    return indices.map((position) => {
      const size = this.data.trainImageSize(position);
      return sampleCrop(rng, crop, size.height, size.width);
    });
  }

  /** The validation split, from its cached features when the cache holds them. */
  private validate(run: RunScope): Promise<EvaluationResult> {
    const cached = run.cache.current();
    const labels = this.data.validationLabels;
    const validation = cached?.validation;
    if (!cached || !validation) return this.evaluateValidation();
    return this.evaluate(async (start, end) => toInputBatch(validation.gather(range(start, end))), labels, cached.plan);
  }

  /**
   * After validation: reports the epoch, asks every callback and acts on their decisions (best weights,
   * notes, thaws, restore), then awaits the checkpoint hook. True when the run ends here (early stop).
   */
  private async endEpoch(run: RunScope, scope: EpochScope, validation: EvaluationResult): Promise<boolean> {
    const { epoch } = scope;
    const blockWeightChange = await run.meter.finish();
    const summary = this.freeze.summary();
    const sourceAccuracy = await this.hooks.sourceAccuracy?.();
    const domainScores = await this.scoreDomains(run);
    this.listener({
      type: 'epoch', epoch, step: this.globalStep,
      trainLoss: scope.lossSum / Math.max(1, scope.seen), trainAccuracy: scope.correctSum / Math.max(1, scope.seen),
      validationLoss: validation.loss, validationAccuracy: validation.accuracy,
      seconds: (performance.now() - scope.startedAt) / 1000,
      trainableParams: summary.trainableParams, totalParams: summary.totalParams,
      validationClassAccuracy: validation.classAccuracy,
      blockWeightChange, blockGradientNorm: scope.gradientNorms, validationPredictions: Array.from(validation.predictions),
      validationConfidence: Array.from(validation.confidence),
      ...(sourceAccuracy === undefined ? {} : { sourceAccuracy }),
      ...(this.hooks.penalty ? { trainPenalty: scope.penaltySum / Math.max(1, scope.seen) } : {}),
      ...(domainScores ?? {}),
    });
    const metrics = { validationLoss: validation.loss, validationAccuracy: validation.accuracy };
    const outcome = combineDecisions(this.callbacks.map((callback) => callback.onEpochEnd(epoch, metrics)));
    if (outcome.saveBest && this.callbacks.some((callback) => callback.keepsBestWeights === true)) {
      tf.dispose(run.bestWeights ?? []);
      run.bestWeights = this.model.weights.map((w) => tf.keep(w.read().clone()));
    }
    for (const note of outcome.notes) this.listener({ type: 'callback', kind: note.kind, epoch, step: this.globalStep, message: note.message, values: note.values });
    for (const blockId of outcome.thaw) this.setFrozenAndReport(blockId, false);
    if (outcome.restoreBest && run.bestWeights) this.model.setWeights(run.bestWeights);
    await this.hooks.afterEpoch?.({
      epoch, step: this.globalStep, improved: outcome.saveBest, last: outcome.stop || epoch === this.config.epochs,
      validationLoss: validation.loss, validationAccuracy: validation.accuracy,
    });
    return outcome.stop;
  }

  /** Target accuracy, MMD and domain accuracy after an epoch; null for a run with no target domain. */
  private async scoreDomains(run: RunScope): Promise<DomainScores | null> {
    if (!this.domain) return null;
    const { data } = this;
    const { features, target, aligner } = this.domain;
    // From the feature cache when it holds both domains' scored images and the aligned features lie above its prefix.
    const cached = run.cache.current();
    const validation = cached?.validation;
    const evaluation = cached?.target?.evaluation;
    const reachable = cached && (!cached.plan.prefixBlocks.includes(features.blockId) || features.tensorId === cached.plan.boundaryId);
    if (cached && reachable && validation && evaluation) {
      const stored = (store: FeatureStore) => (start: number, end: number) => Promise.resolve(toInputBatch(store.gather(range(start, end))));
      return scoreDomains(this.model, features.tensorId, { count: data.validationLabels.length, batch: stored(validation) },
        { labels: target.evaluation.labels, batch: stored(evaluation) }, aligner, cached.plan);
    }
    const images = (batch: ImageBatch): InputBatch => ({ input: batch.images, kept: batch.kept });
    const source = { count: data.validationLabels.length, batch: async (start: number, end: number) => images(await data.validationBatch(start, end)) };
    const targetBatches = { labels: target.evaluation.labels, batch: async (start: number, end: number) => images(await target.evaluation.batch(start, end)) };
    return scoreDomains(this.model, features.tensorId, source, targetBatches, aligner);
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
    this.domain?.aligner?.dispose();
  }
}

/** The aligned block of a run with a target, and its MMD / DANN term when it adapts. */
function domainOf(model: tf.LayersModel, freeze: FreezeState, config: TrainConfig, target: TargetDomain): RunDomain {
  const adaptation = config.domainAdaptation;
  const features = alignedFeatures(model, freeze, adaptation?.block);
  const aligner = adaptation && adaptation.strength > 0 ? new DomainAligner(adaptation, features.channels, config.seed) : null;
  return { features, aligner, target };
}

function toInputBatch(batch: { features: tf.Tensor | null; kept: number[] }): InputBatch {
  return { input: batch.features, kept: batch.kept };
}

/** The crop was taken when the batch was loaded (from the whole image); the rest of the augmentation runs on the batch. */
function withoutCrop(augmentation: AugmentationConfig): AugmentationConfig {
  return augmentation.randomResizedCrop.enabled ? { ...augmentation, randomResizedCrop: { ...augmentation.randomResizedCrop, enabled: false } } : augmentation;
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
  if (weights.length !== numClasses) return i18n.t('engine:run.classWeightsCount', { given: weights.length, classes: numClasses });
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) return i18n.t('engine:run.classWeightsFinite');
  if (weights.every((w) => w === 0)) return i18n.t('engine:run.classWeightsZero');
  return null;
}

function epochRng(seed: number, stream: string, epoch: number): Rng {
  return createRng(deriveSeed(seed, `${stream}/${epoch}`));
}

/** The labels of a batch; its indices come from `epochOrder` over these very labels. */
function labelsAt(labels: Int32Array, indices: readonly number[]): Int32Array {
  return Int32Array.from(indices, (i) => valueAt(labels, i));
}

/** `tf.variableGrads` returns a gradient for every variable it was given. */
function gradientOf(gradients: tf.NamedTensorMap, name: string): tf.Tensor {
  const gradient = gradients[name];
  if (!gradient) throw new Error(`No gradient for variable ${name}`);
  return gradient;
}

function weightVariables(model: tf.LayersModel): tf.Variable[] {
  return model.weights.map((w) => w.read() as tf.Variable);
}

/** Puts CPU weight values back into a model of the same architecture; throws before changing anything on a mismatch. */
export function restoreWeights(model: tf.LayersModel, weights: readonly WeightValues[]): void {
  const targets = model.weights;
  const mismatch = weights.length !== targets.length
    || targets.some((t, i) => valueAt(weights, i).values.length !== t.shape.reduce<number>((a, b) => a * (b ?? 1), 1));
  if (mismatch) throw new Error(i18n.t('engine:checkpoint.weightsDoNotFit'));
  const tensors = weights.map((w, i) => tf.tensor(w.values, valueAt(targets, i).shape as number[]));
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
