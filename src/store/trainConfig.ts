import { type AugmentationConfig, DEFAULT_AUGMENTATION, DEFAULT_OPTIMIZER, type GradualUnfreezerOptions, needsRawPixels, NO_AUGMENTATION, type ScheduleConfig, type TrainConfig, type TrainingForm } from '../contract';

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

/** Largest over smallest non-empty class: above ~3 the studio suggests class weights. */
export function imbalanceRatio(counts: number[]): number {
  const nonEmpty = counts.filter((c) => c > 0);
  return nonEmpty.length > 0 ? Math.max(...nonEmpty) / Math.min(...nonEmpty) : 1;
}

/** Inverse-frequency class weights, normalised so a balanced dataset gets all ones. */
export function inverseFrequencyWeights(counts: number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (c > 0 ? total / (counts.length * c) : 0));
}

function classWeightsFor(form: TrainingForm, trainCounts: number[]): number[] | undefined {
  if (form.classBalance === 'inverse') return inverseFrequencyWeights(trainCounts);
  if (form.classBalance === 'manual') return trainCounts.map((_, k) => form.manualClassWeights[k] ?? 1);
  return undefined;
}

/**
 * The form's augmentation, every value: the panel's own (augmentationOps), else the preset an older
 * form or settings file names ('mild' is the "basic" preset); mixup α is always the form's field.
 */
export function formAugmentation(form: TrainingForm): AugmentationConfig {
  const ops = form.augmentationOps ?? (form.augmentation === 'mild' ? DEFAULT_AUGMENTATION : NO_AUGMENTATION);
  return { ...ops, mixupAlpha: form.mixupAlpha };
}

function pretrainedPenaltyFor(form: TrainingForm): TrainConfig['pretrainedPenalty'] {
  // Older forms (saved before the field) have none.
  const kind = form.pretrainedPenalty ?? 'none';
  return kind !== 'none' && form.penaltyStrength > 0 ? { kind, strength: form.penaltyStrength } : undefined;
}

/** The form's target domain: none, the shifted sample, or the imported dataset it names (older forms have none). */
function domainTargetFor(form: TrainingForm): TrainConfig['domainTarget'] {
  const kind = form.domainTarget ?? 'none';
  if (kind === 'shiftedSample') return { kind: 'shiftedSample' };
  return kind === 'dataset' && form.domainTargetDatasetId ? { kind: 'stored', datasetId: form.domainTargetDatasetId } : undefined;
}

/** MMD or DANN toward that target, at the form's block (the backbone's last feature map when none is named). */
function domainAdaptationFor(form: TrainingForm, target: TrainConfig['domainTarget']): TrainConfig['domainAdaptation'] {
  const method = form.domainAdaptation ?? 'none';
  if (method === 'none' || !target || !(form.domainStrength > 0)) return undefined;
  return { method, strength: form.domainStrength, ...(form.domainBlock ? { block: form.domainBlock } : {}) };
}

export function toTrainConfig(form: TrainingForm, trainCounts: number[]): TrainConfig {
  const domainTarget = domainTargetFor(form);
  const trainSize = trainCounts.reduce((a, b) => a + b, 0);
  const stepsPerEpoch = Math.max(1, Math.ceil(trainSize / form.batchSize));
  return {
    epochs: form.epochs,
    batchSize: form.batchSize,
    seed: form.seed,
    optimizer: { ...DEFAULT_OPTIMIZER, name: form.optimizer, learningRate: form.learningRate, weightDecay: form.weightDecay },
    schedule: scheduleFor(form, stepsPerEpoch),
    augmentation: needsRawPixels(formAugmentation(form)) ? formAugmentation(form) : undefined,
    labelSmoothing: form.labelSmoothing,
    clipNorm: form.clipNorm > 0 ? form.clipNorm : undefined,
    classWeights: classWeightsFor(form, trainCounts),
    sampling: form.classBalance === 'oversample' ? 'balanced' : 'shuffle',
    pretrainedPenalty: pretrainedPenaltyFor(form),
    domainTarget,
    domainAdaptation: domainAdaptationFor(form, domainTarget),
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


/**
 * A preset's head-first epoch (freeze/presets.ts headFirstUnfreezing) as the run's gradual unfreezing;
 * gradual unfreezing set in the form is the user's own schedule and wins.
 */
export function withHeadFirst(config: TrainConfig, headFirst: GradualUnfreezerOptions | null): TrainConfig {
  if (!headFirst || config.callbacks?.gradualUnfreezing) return config;
  return { ...config, callbacks: { ...config.callbacks, gradualUnfreezing: headFirst } };
}
