import type { OptimizerName, ScheduleConfig, TrainConfig } from '../engine/api';
import { DEFAULT_OPTIMIZER } from '../engine/optimizers';
import { DEFAULT_AUGMENTATION, NO_AUGMENTATION } from '../engine/augment';

/** What the settings form holds: flat, simple values a person types; turned into an engine config here. */
export interface TrainingForm {
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerName;
  seed: number;
  schedule: 'constant' | 'step' | 'cosine' | 'cosineRestarts' | 'oneCycle';
  warmupSteps: number;
  weightDecay: number;
  labelSmoothing: number;
  /** 0 turns clipping off. */
  clipNorm: number;
  augmentation: 'none' | 'mild';
  mixupAlpha: number;
  /** Early stopping patience in epochs; 0 turns it off. */
  earlyStoppingPatience: number;
  /** ReduceLROnPlateau patience in epochs; 0 turns it off. */
  plateauPatience: number;
  /** Thaw one more block from the top every N epochs; 0 turns gradual unfreezing off. */
  gradualEveryEpochs: number;
  /** Thaw one more block when validation loss has not improved for N epochs; 0 turns this trigger off. */
  gradualPlateauPatience: number;
  /** Learning rates are multiplied by this at each thaw (1 = unchanged). */
  thawLrFactor: number;
  /** How rare classes are made to count: loss weights (automatic or typed by hand) or oversampling. */
  classBalance: 'none' | 'inverse' | 'manual' | 'oversample';
  /** Per-class loss weights used when `classBalance` is 'manual'; a missing entry counts as 1. */
  manualClassWeights: number[];
}

export const DEFAULT_TRAINING_FORM: TrainingForm = {
  epochs: 5, batchSize: 32, learningRate: DEFAULT_OPTIMIZER.learningRate, optimizer: 'adam', seed: 1,
  schedule: 'constant', warmupSteps: 0, weightDecay: 0, labelSmoothing: 0, clipNorm: 0,
  augmentation: 'none', mixupAlpha: 0, earlyStoppingPatience: 0, plateauPatience: 0, gradualEveryEpochs: 0, gradualPlateauPatience: 0, thawLrFactor: 1,
  classBalance: 'none', manualClassWeights: [],
};

type NumericField = { [K in keyof TrainingForm]: TrainingForm[K] extends number ? K : never }[keyof TrainingForm];

export interface FieldBounds {
  min: number;
  max: number;
  step: number;
  integer?: boolean;
}

/** The range of every number in the form: the form refuses values outside it, and so do settings files. */
export const TRAINING_BOUNDS: Record<NumericField, FieldBounds> = {
  epochs: { min: 1, max: 1000, step: 1, integer: true },
  batchSize: { min: 1, max: 1024, step: 1, integer: true },
  learningRate: { min: 1e-6, max: 10, step: 0.0005 },
  seed: { min: 0, max: 2 ** 31 - 1, step: 1, integer: true },
  warmupSteps: { min: 0, max: 100000, step: 1, integer: true },
  weightDecay: { min: 0, max: 1, step: 0.0001 },
  labelSmoothing: { min: 0, max: 0.5, step: 0.05 },
  clipNorm: { min: 0, max: 1e6, step: 0.5 },
  mixupAlpha: { min: 0, max: 10, step: 0.1 },
  earlyStoppingPatience: { min: 0, max: 1000, step: 1, integer: true },
  plateauPatience: { min: 0, max: 1000, step: 1, integer: true },
  gradualEveryEpochs: { min: 0, max: 1000, step: 1, integer: true },
  gradualPlateauPatience: { min: 0, max: 1000, step: 1, integer: true },
  thawLrFactor: { min: 0.01, max: 100, step: 0.1 },
};

function scheduleFor(form: TrainingForm, stepsPerEpoch: number): ScheduleConfig {
  const warmup = form.warmupSteps > 0 ? { warmupSteps: form.warmupSteps } : {};
  switch (form.schedule) {
    case 'constant': return { kind: 'constant', ...warmup };
    case 'step': return { kind: 'step', stepSize: Math.max(1, Math.round(form.epochs / 3)), gamma: 0.1, ...warmup };
    case 'cosine': return { kind: 'cosine', totalEpochs: form.epochs, minLr: 0, ...warmup };
    case 'cosineRestarts': return { kind: 'cosineRestarts', t0: Math.max(1, Math.round(form.epochs / 3)), tMult: 2, minLr: 0, ...warmup };
    case 'oneCycle':
      return { kind: 'oneCycle', maxLr: form.learningRate, totalSteps: Math.max(1, form.epochs * stepsPerEpoch), pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4, ...warmup };
  }
}

/** Inverse-frequency class weights, normalised so a balanced dataset gets all ones. */
/** Largest over smallest non-empty class: above ~3 the studio suggests class weights. */
export function imbalanceRatio(counts: number[]): number {
  const nonEmpty = counts.filter((c) => c > 0);
  return nonEmpty.length > 0 ? Math.max(...nonEmpty) / Math.min(...nonEmpty) : 1;
}

export function inverseFrequencyWeights(counts: number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (c > 0 ? total / (counts.length * c) : 0));
}

function classWeightsFor(form: TrainingForm, trainCounts: number[]): number[] | undefined {
  if (form.classBalance === 'inverse') return inverseFrequencyWeights(trainCounts);
  if (form.classBalance === 'manual') return trainCounts.map((_, k) => form.manualClassWeights[k] ?? 1);
  return undefined;
}

export function toTrainConfig(form: TrainingForm, trainCounts: number[]): TrainConfig {
  const trainSize = trainCounts.reduce((a, b) => a + b, 0);
  const stepsPerEpoch = Math.max(1, Math.ceil(trainSize / form.batchSize));
  return {
    epochs: form.epochs,
    batchSize: form.batchSize,
    seed: form.seed,
    optimizer: { ...DEFAULT_OPTIMIZER, name: form.optimizer, learningRate: form.learningRate, weightDecay: form.weightDecay },
    schedule: scheduleFor(form, stepsPerEpoch),
    augmentation: form.augmentation === 'none' && form.mixupAlpha === 0
      ? undefined
      : { ...(form.augmentation === 'mild' ? DEFAULT_AUGMENTATION : NO_AUGMENTATION), mixupAlpha: form.mixupAlpha },
    labelSmoothing: form.labelSmoothing,
    clipNorm: form.clipNorm > 0 ? form.clipNorm : undefined,
    classWeights: classWeightsFor(form, trainCounts),
    sampling: form.classBalance === 'oversample' ? 'balanced' : 'shuffle',
    callbacks: {
      earlyStopping: form.earlyStoppingPatience > 0
        ? { monitor: 'validationLoss', patience: form.earlyStoppingPatience, minDelta: 1e-4, restoreBestWeights: true } : undefined,
      reduceLrOnPlateau: form.plateauPatience > 0
        ? { monitor: 'validationLoss', factor: 0.1, patience: form.plateauPatience, minLr: 0, cooldown: 0, minDelta: 1e-4 } : undefined,
      gradualUnfreezing: form.gradualEveryEpochs > 0 || form.gradualPlateauPatience > 0
        ? {
          everyEpochs: form.gradualEveryEpochs > 0 ? form.gradualEveryEpochs : undefined,
          onPlateau: form.gradualPlateauPatience > 0 ? { patience: form.gradualPlateauPatience, minDelta: 1e-4 } : undefined,
          lrFactorAtThaw: form.thawLrFactor,
        }
        : undefined,
    },
  };
}

