import { z } from './zod';
import { phraseIssue } from './issues';
import { boundedNumber, DEFAULT_LEARNING_RATE, OPTIMIZER_NAME, TRAINING_BOUNDS } from './forms';
import { AUGMENTATION_CONFIG } from './augmentation';
import { DOMAIN_ADAPTATION, DOMAIN_TARGET, PRETRAINED_PENALTY } from './adaptation';

/**
 * The engine's training configuration, as schemas: the engine checks every config it is handed with
 * them, and so do runs files and checkpoints read back. The refinements are the engine's own limits
 * (a value outside them would hang a schedule or produce NaN), each message naming the rule.
 */

const count = z.number().int().min(0);
const nonNegative = z.number().min(0);
const probability = z.number().min(0).max(1);
const positive = z.number().positive();
/** (0, 1]: a decay factor. */
const unitInterval = z.number().positive().max(1);

export const MONITOR = z.enum(['validationLoss', 'validationAccuracy']);
export type Monitor = z.infer<typeof MONITOR>;

/** Whether lower or higher is better for a monitored metric. */
export type MonitorMode = 'min' | 'max';

export function monitorMode(monitor: Monitor): MonitorMode {
  return monitor === 'validationLoss' ? 'min' : 'max';
}

/** A non-finite value never becomes the best: one NaN epoch would otherwise block every later improvement. */
export function isImprovement(mode: MonitorMode, current: number, best: number | null, minDelta: number): boolean {
  if (!Number.isFinite(current)) return false;
  if (best === null) return true;
  return mode === 'min' ? current < best - minDelta : current > best + minDelta;
}

/**
 * The best epoch of a run as its best checkpoint chose it: the first epoch whose monitored metric
 * improved on every earlier one (the checkpoint's tracker has no minimum change); null when none is finite.
 */
export function bestEpochOf<E extends { epoch: number; validationLoss: number; validationAccuracy: number }>(epochs: readonly E[], monitor: Monitor): E | null {
  const mode = monitorMode(monitor);
  let best: E | null = null;
  for (const e of epochs) if (isImprovement(mode, e[monitor], best ? best[monitor] : null, 0)) best = e;
  return best;
}

export const OPTIMIZER_CONFIG = z.strictObject({
  name: OPTIMIZER_NAME,
  learningRate: boundedNumber(TRAINING_BOUNDS.learningRate),
  momentum: nonNegative,
  nesterov: z.boolean(),
  beta1: probability,
  beta2: probability,
  epsilon: nonNegative,
  /** Decoupled for AdamW; added to the gradient (classic L2-style) for the others. */
  weightDecay: boundedNumber(TRAINING_BOUNDS.weightDecay),
  /** RMSprop's moving-average decay. */
  rho: probability,
});
export type OptimizerConfig = z.infer<typeof OPTIMIZER_CONFIG>;

export const DEFAULT_OPTIMIZER: OptimizerConfig = {
  name: 'adam', learningRate: DEFAULT_LEARNING_RATE, momentum: 0.9, nesterov: false,
  beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0, rho: 0.9,
};

/** Linear ramp from 0 at step 0 to the schedule's own value at this step; 0 or absent disables it. */
const warmupSteps = count.optional();

/**
 * Learning-rate schedules over the optimizer's base rate. `step`: base·gamma^floor(epoch/stepSize)
 * (PyTorch StepLR); `exponential`: base·gamma^floor(epoch); `cosine`: half a cosine from base to minLr
 * over totalEpochs; `cosineRestarts`: SGDR cycles of t0, t0·tMult… epochs; `oneCycle`: PyTorch
 * OneCycleLR, which sets the rate itself (maxLr is the peak, the base rate is ignored).
 */
export const SCHEDULE_CONFIG = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), warmupSteps }),
  z.strictObject({ kind: z.literal('step'), stepSize: positive, gamma: unitInterval, warmupSteps }),
  z.strictObject({ kind: z.literal('exponential'), gamma: unitInterval, warmupSteps }),
  z.strictObject({ kind: z.literal('cosine'), totalEpochs: positive, minLr: nonNegative, warmupSteps }),
  z.strictObject({ kind: z.literal('cosineRestarts'), t0: positive, tMult: z.number().min(1), minLr: nonNegative, warmupSteps }),
  z.strictObject({
    kind: z.literal('oneCycle'),
    maxLr: positive,
    totalSteps: z.number().int().min(1),
    pctStart: z.number().positive().lt(1),
    divFactor: z.number().min(1),
    finalDivFactor: z.number().min(1),
    warmupSteps,
  }),
]);
export type ScheduleConfig = z.infer<typeof SCHEDULE_CONFIG>;
export type ScheduleKind = ScheduleConfig['kind'];
export const SCHEDULE_KINDS: readonly ScheduleKind[] = ['constant', 'step', 'exponential', 'cosine', 'cosineRestarts', 'oneCycle'];
export const DEFAULT_SCHEDULE: ScheduleConfig = { kind: 'constant' };

/** What "best" means for the best-epoch marker and checkpoint: the monitored metric and the least change that counts. */
export const BEST_TRACKER_OPTIONS = z.strictObject({ monitor: MONITOR, minDelta: nonNegative });
export type BestTrackerOptions = z.infer<typeof BEST_TRACKER_OPTIONS>;

/**
 * Keras semantics: a value improves on the best only by more than minDelta, and patience counts
 * consecutive epochs without such an improvement.
 */
export const EARLY_STOPPING_OPTIONS = z.strictObject({
  monitor: MONITOR,
  patience: count,
  minDelta: nonNegative,
  /** With this set, the best weights are put back when the run stops early. */
  restoreBestWeights: z.boolean(),
});
export type EarlyStoppingOptions = z.infer<typeof EARLY_STOPPING_OPTIONS>;
export const DEFAULT_EARLY_STOPPING: EarlyStoppingOptions = { monitor: 'validationLoss', patience: 0, minDelta: 0, restoreBestWeights: false };

export const REDUCE_LR_ON_PLATEAU_OPTIONS = z.strictObject({
  monitor: MONITOR,
  /** Multiplies the learning rate at each reduction. */
  factor: z.number().positive().lt(1),
  patience: count,
  /** Floor for baseLr × multiplier. */
  minLr: nonNegative,
  /** Epochs right after a reduction that neither count towards patience nor trigger a reduction. */
  cooldown: count,
  minDelta: nonNegative,
});
export type ReduceLROnPlateauOptions = z.infer<typeof REDUCE_LR_ON_PLATEAU_OPTIONS>;
export const DEFAULT_REDUCE_LR_ON_PLATEAU: ReduceLROnPlateauOptions = {
  monitor: 'validationLoss', factor: 0.1, patience: 10, minLr: 0, cooldown: 0, minDelta: 1e-4,
};

export const GRADUAL_UNFREEZER_OPTIONS = z.strictObject({
  /** Thaw the next block after this many epochs since the start or the last thaw. */
  everyEpochs: z.number().int().min(1).optional(),
  /** Thaw the next block when the monitor (validation loss unless given) has not improved for `patience` epochs. */
  onPlateau: z.strictObject({ patience: count, minDelta: nonNegative, monitor: MONITOR.optional() }).optional(),
  /** Multiplied into the learning rate at each thaw; 1 when absent. */
  lrFactorAtThaw: positive.optional(),
  /** Thaw every remaining block at the first trigger ("early unfreeze"), not one block per trigger. */
  thawAll: z.boolean().optional(),
  /** Thaw at most this many blocks below the head, top first (a "fine-tune top N" preset's head-first epoch); all when absent. */
  maxThawed: z.number().int().min(0).optional(),
}).refine((o) => o.everyEpochs !== undefined || o.onPlateau !== undefined, { error: () => phraseIssue({ kind: 'needsEveryEpochsOrOnPlateau' }) });
export type GradualUnfreezerOptions = z.infer<typeof GRADUAL_UNFREEZER_OPTIONS>;

export const CALLBACK_CONFIG = z.strictObject({
  earlyStopping: EARLY_STOPPING_OPTIONS.optional(),
  reduceLrOnPlateau: REDUCE_LR_ON_PLATEAU_OPTIONS.optional(),
  /** Starts from "only the head trainable" and thaws one more block from the top per trigger. */
  gradualUnfreezing: GRADUAL_UNFREEZER_OPTIONS.optional(),
  /** What "best" means for the best-epoch marker and best weights; validation loss when absent. */
  bestMonitor: MONITOR.optional(),
});
export type CallbackConfig = z.infer<typeof CALLBACK_CONFIG>;

/**
 * The one meaning of "best" for a run: the metric its best checkpoint (and the runs table) monitors,
 * the explicit one, else early stopping's, else validation loss.
 */
export function bestMonitorOf(callbacks: CallbackConfig | undefined): Monitor {
  return callbacks?.bestMonitor ?? callbacks?.earlyStopping?.monitor ?? 'validationLoss';
}
export type CallbackKind = 'best' | 'lr-drop' | 'early-stop' | 'restore-best';

export const SAMPLING_MODE = z.enum(['shuffle', 'balanced']);
export type SamplingMode = z.infer<typeof SAMPLING_MODE>;

/**
 * An imbalanced training subset (the class-imbalance lesson): the share of each class's training
 * images kept, by class index (0 drops the class from training; a missing entry keeps all). Only the
 * training split: validation and test are untouched.
 */
export const TRAIN_SUBSET = z.strictObject({ keepFraction: z.array(z.number().min(0).max(1)).max(10_000) });
export type TrainSubset = z.infer<typeof TRAIN_SUBSET>;

export const TRAIN_CONFIG = z.strictObject({
  epochs: boundedNumber(TRAINING_BOUNDS.epochs),
  batchSize: boundedNumber(TRAINING_BOUNDS.batchSize),
  seed: boundedNumber(TRAINING_BOUNDS.seed),
  optimizer: OPTIMIZER_CONFIG,
  /** Learning-rate schedule over the base rate of the optimizer; constant when absent. */
  schedule: SCHEDULE_CONFIG.optional(),
  /** Training batches only: validation data is never augmented. */
  augmentation: AUGMENTATION_CONFIG.optional(),
  /** Softmax cross-entropy label smoothing. */
  labelSmoothing: boundedNumber(TRAINING_BOUNDS.labelSmoothing).optional(),
  /** Per-class loss weights (e.g. inverse frequency), indexed by class. */
  classWeights: z.array(nonNegative).max(10_000).optional(),
  /** 'balanced' oversamples rare classes (each class equally likely per draw); default 'shuffle'. */
  sampling: SAMPLING_MODE.optional(),
  /** Gradient clipping by global norm; off when absent or 0. */
  clipNorm: boundedNumber(TRAINING_BOUNDS.clipNorm).optional(),
  callbacks: CALLBACK_CONFIG.optional(),
  /**
   * Train on cached activations at the frozen boundary when a bottom run of blocks is frozen and
   * no augmentation needs raw pixels (default on). Thawing a prefix block drops the cache at once.
   */
  cacheFrozenFeatures: z.boolean().optional(),
  /** Train on a subset of the training split only (see TRAIN_SUBSET); all of it when absent. */
  trainSubset: TRAIN_SUBSET.optional(),
  /** L2-SP or EWC toward the pretrained backbone weights; off when absent. */
  pretrainedPenalty: PRETRAINED_PENALTY.optional(),
  /** The target domain: its unlabelled images feed domain adaptation, its labels score target accuracy only. */
  domainTarget: DOMAIN_TARGET.optional(),
  /** MMD or DANN toward the target domain; off when absent. Needs `domainTarget`. */
  domainAdaptation: DOMAIN_ADAPTATION.optional(),
}).superRefine((config, ctx) => {
  if (config.domainAdaptation && !config.domainTarget) {
    ctx.addIssue({ code: 'custom', message: phraseIssue({ kind: 'needsDomainTarget' }), path: ['domainAdaptation'], input: config.domainAdaptation });
  }
  const schedule = config.schedule;
  if (schedule && 'minLr' in schedule && schedule.minLr > config.optimizer.learningRate) {
    ctx.addIssue({ code: 'custom', message: phraseIssue({ kind: 'minLrAboveBase' }), path: ['schedule', 'minLr'], input: schedule.minLr });
  }
});
export type TrainConfig = z.infer<typeof TRAIN_CONFIG>;
