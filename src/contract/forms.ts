import { z } from './zod';
import { ARCHITECTURE_ID, IMPORTED_BACKBONE_REF } from './model';
import type { AugmentationConfig } from './augmentation';

/**
 * What the Setup panel's forms hold: flat, simple values a person types. Each form has one table of
 * defaults and one of bounds; the panel renders its inputs from them, and settings files, runs files
 * and the engine's own checks read the same ranges, so no range is written twice.
 */

export interface FieldBounds {
  min: number;
  max: number;
  step: number;
  integer?: boolean;
}

/** The values each choice of the training form may take. */
export const TRAINING_CHOICES = {
  optimizer: ['sgd', 'adam', 'adamw', 'rmsprop'],
  schedule: ['constant', 'step', 'cosine', 'cosineRestarts', 'oneCycle'],
  augmentation: ['none', 'mild'],
  classBalance: ['none', 'inverse', 'manual', 'oversample'],
  pretrainedPenalty: ['none', 'l2sp', 'ewc'],
  domainAdaptation: ['none', 'mmd', 'dann'],
  domainTarget: ['none', 'shiftedSample', 'dataset'],
} as const;

export const OPTIMIZER_NAME = z.enum(TRAINING_CHOICES.optimizer);
export type OptimizerName = z.infer<typeof OPTIMIZER_NAME>;

export interface TrainingForm {
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerName;
  seed: number;
  schedule: (typeof TRAINING_CHOICES.schedule)[number];
  warmupSteps: number;
  weightDecay: number;
  labelSmoothing: number;
  /** 0 turns clipping off. */
  clipNorm: number;
  augmentation: (typeof TRAINING_CHOICES.augmentation)[number];
  mixupAlpha: number;
  /**
   * Every augmentation value (the augmentation panel); absent in older forms and files, where
   * `augmentation` ('none' / 'mild') says which preset they mean. Mixup α is `mixupAlpha`'s.
   */
  augmentationOps?: AugmentationConfig;
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
  classBalance: (typeof TRAINING_CHOICES.classBalance)[number];
  /** Per-class loss weights used when `classBalance` is 'manual'; a missing entry counts as 1. */
  manualClassWeights: number[];
  /** A pull of the thawed backbone toward its pretrained weights (L2-SP or EWC), or none. */
  pretrainedPenalty: (typeof TRAINING_CHOICES.pretrainedPenalty)[number];
  /** λ of that penalty. */
  penaltyStrength: number;
  /** Domain adaptation toward the target domain (MMD or DANN), or none. */
  domainAdaptation: (typeof TRAINING_CHOICES.domainAdaptation)[number];
  /** λ of the adaptation term (MMD's weight; DANN's reversal coefficient before its ramp). */
  domainStrength: number;
  /** The block whose output features are aligned; '' for the backbone's last feature map (the pooled features before the head). */
  domainBlock: string;
  /** The target domain: none, the sample's shifted drawing, or a second imported dataset (`domainTargetDatasetId`). */
  domainTarget: (typeof TRAINING_CHOICES.domainTarget)[number];
  /** The imported dataset used as target when `domainTarget` is 'dataset' (it lives in this browser only). */
  domainTargetDatasetId: string;
}

type NumericField<T> = { [K in keyof T]-?: NonNullable<T[K]> extends number ? K : never }[keyof T];

/** The base learning rate of every optimizer unless the form sets another. */
export const DEFAULT_LEARNING_RATE = 0.003;

export const DEFAULT_TRAINING_FORM: TrainingForm = {
  epochs: 15, batchSize: 32, learningRate: DEFAULT_LEARNING_RATE, optimizer: 'adam', seed: 1,
  schedule: 'constant', warmupSteps: 0, weightDecay: 0, labelSmoothing: 0, clipNorm: 0,
  augmentation: 'none', mixupAlpha: 0, earlyStoppingPatience: 0, plateauPatience: 0, gradualEveryEpochs: 0, gradualPlateauPatience: 0, thawLrFactor: 1,
  classBalance: 'none', manualClassWeights: [], pretrainedPenalty: 'none', penaltyStrength: 0.01,
  domainAdaptation: 'none', domainStrength: 1, domainBlock: '', domainTarget: 'none', domainTargetDatasetId: '',
};

/** The range of every number in the training form: the form refuses values outside it, and so do settings files. */
export const TRAINING_BOUNDS: Record<NumericField<TrainingForm>, FieldBounds> = {
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
  penaltyStrength: { min: 0, max: 1e6, step: 0.01 },
  domainStrength: { min: 0, max: 1e6, step: 0.1 },
};

/** A class's loss weight typed by hand (class balance "by hand"). */
export const CLASS_WEIGHT_BOUNDS: FieldBounds = { min: 0, max: 1000, step: 0.1 };

export const MODEL_FORM = z.object({
  architecture: ARCHITECTURE_ID,
  width: z.number(),
  dropout: z.number(),
  /** Input size for pretrained backbones (images are resized to it). */
  inputSize: z.number(),
  /** Input size of a from-scratch model; absent or null: the dataset's own (the sample's generated size, 64 px for photos). */
  scratchInputSize: z.number().nullable().optional(),
  /** Hidden Dense + BatchNorm + ReLU units in the head (0 = none). */
  headHiddenUnits: z.number(),
  /** The head's L2 kernel regularization. */
  headL2: z.number(),
  /** The last model imported as a backbone; kept when another model is picked, so it can be picked again. */
  importedBackbone: IMPORTED_BACKBONE_REF.optional(),
});
export type ModelForm = z.infer<typeof MODEL_FORM>;
/** The model form as a settings file carries it: an imported backbone lives in one browser only. */
export type PortableModelForm = Omit<ModelForm, 'importedBackbone'>;

/** A from-scratch model's input size on imported photos, unless the user sets one (the sample keeps its own size). */
export const DEFAULT_PHOTO_INPUT_SIZE = 64;

export const DEFAULT_MODEL_FORM: ModelForm = {
  architecture: 'small-cnn', width: 8, dropout: 0.2, inputSize: 96, headHiddenUnits: 0, headL2: 0,
};

/** The range of every number of the model form (the Setup panel offers the same). */
export const MODEL_BOUNDS: Record<NumericField<PortableModelForm>, FieldBounds> = {
  width: { min: 2, max: 64, step: 1, integer: true },
  dropout: { min: 0, max: 0.9, step: 0.05 },
  inputSize: { min: 32, max: 512, step: 1, integer: true },
  scratchInputSize: { min: 16, max: 512, step: 1, integer: true },
  headHiddenUnits: { min: 0, max: 1024, step: 1, integer: true },
  headL2: { min: 0, max: 1, step: 0.0001 },
};

/** A number schema inside a form's range. */
export function boundedNumber({ min, max, integer }: FieldBounds): z.ZodNumber {
  const number = z.number().min(min).max(max);
  return integer ? number.int() : number;
}
