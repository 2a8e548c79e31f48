import { z } from './zod';
import { validateAugmentation } from '../engine/augment';
import { validateEarlyStoppingOptions, validateGradualUnfreezerOptions, validateReduceLROnPlateauOptions } from '../engine/callbacks';
import { validateSchedule } from '../engine/schedules';
import type { RunRecord } from '../persistence/runs';
import { TRAINING_CHOICES } from './exerciseConfig';
import { TRAINING_BOUNDS, type FieldBounds } from './trainConfig';

/**
 * A recorded run as it comes back from an exported runs file (JSON). Every field is checked and
 * unknown ones are refused, so nothing a file makes up reaches the table or IndexedDB. The ranges are
 * the form's (TRAINING_BOUNDS) where the form set the value, and the engine's own validators for the
 * nested engine configs, so no range is written twice.
 */

const inRange = ({ min, max, integer }: FieldBounds) => (integer ? z.number().int() : z.number()).min(min).max(max);
const count = z.number().int().min(0);
const nonNegative = z.number().min(0);
const probability = z.number().min(0).max(1);
const text = (maxLength: number) => z.string().max(maxLength);
const monitor = z.enum(['validationLoss', 'validationAccuracy']);

/** Engine validators return their complaints as sentences; each becomes an issue on the object checked. */
function engineChecked<T extends z.ZodType>(schema: T, validate: (value: z.output<T>) => string[]) {
  return schema.superRefine((value, ctx) => {
    for (const message of validate(value)) ctx.addIssue({ code: 'custom', message, input: value });
  });
}

const OPTIMIZER = z.strictObject({
  name: z.enum(TRAINING_CHOICES.optimizer),
  learningRate: inRange(TRAINING_BOUNDS.learningRate),
  momentum: nonNegative,
  nesterov: z.boolean(),
  beta1: probability,
  beta2: probability,
  epsilon: nonNegative,
  weightDecay: inRange(TRAINING_BOUNDS.weightDecay),
  rho: probability,
});

const warmupSteps = count.optional();
const SCHEDULE = engineChecked(z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), warmupSteps }),
  z.strictObject({ kind: z.literal('step'), stepSize: z.number(), gamma: z.number(), warmupSteps }),
  z.strictObject({ kind: z.literal('exponential'), gamma: z.number(), warmupSteps }),
  z.strictObject({ kind: z.literal('cosine'), totalEpochs: z.number(), minLr: z.number(), warmupSteps }),
  z.strictObject({ kind: z.literal('cosineRestarts'), t0: z.number(), tMult: z.number(), minLr: z.number(), warmupSteps }),
  z.strictObject({
    kind: z.literal('oneCycle'), maxLr: z.number(), totalSteps: z.number(), pctStart: z.number(), divFactor: z.number(), finalDivFactor: z.number(), warmupSteps,
  }),
]), (schedule) => validateSchedule(schedule));

const AUGMENTATION = engineChecked(z.strictObject({
  horizontalFlip: z.number(),
  verticalFlip: z.number(),
  rotationDegrees: z.number(),
  randomResizedCrop: z.strictObject({ enabled: z.boolean(), scaleMin: z.number(), scaleMax: z.number(), ratioMin: z.number(), ratioMax: z.number() }),
  colorJitter: z.strictObject({ brightness: z.number(), contrast: z.number(), saturation: z.number(), hue: z.number() }),
  grayscaleProbability: z.number(),
  gaussianBlur: z.strictObject({ probability: z.number(), sigmaMax: z.number() }),
  randomErasing: z.strictObject({ probability: z.number(), areaMin: z.number(), areaMax: z.number() }),
  mixupAlpha: z.number(),
  cutmixAlpha: z.number(),
}), validateAugmentation);

const CALLBACKS = z.strictObject({
  earlyStopping: engineChecked(
    z.strictObject({ monitor, patience: z.number(), minDelta: z.number(), restoreBestWeights: z.boolean() }),
    validateEarlyStoppingOptions,
  ).optional(),
  reduceLrOnPlateau: engineChecked(
    z.strictObject({ monitor, factor: z.number(), patience: z.number(), minLr: z.number(), cooldown: z.number(), minDelta: z.number() }),
    validateReduceLROnPlateauOptions,
  ).optional(),
  gradualUnfreezing: engineChecked(z.strictObject({
    everyEpochs: z.number().optional(),
    onPlateau: z.strictObject({ patience: z.number(), minDelta: z.number(), monitor: monitor.optional() }).optional(),
    lrFactorAtThaw: z.number().optional(),
    thawAll: z.boolean().optional(),
  }), validateGradualUnfreezerOptions).optional(),
  bestMonitor: monitor.optional(),
});

const TRAIN_CONFIG = z.strictObject({
  epochs: inRange(TRAINING_BOUNDS.epochs),
  batchSize: inRange(TRAINING_BOUNDS.batchSize),
  seed: inRange(TRAINING_BOUNDS.seed),
  optimizer: OPTIMIZER,
  schedule: SCHEDULE.optional(),
  augmentation: AUGMENTATION.optional(),
  labelSmoothing: inRange(TRAINING_BOUNDS.labelSmoothing).optional(),
  classWeights: z.array(nonNegative).max(10_000).optional(),
  sampling: z.enum(['shuffle', 'balanced']).optional(),
  clipNorm: inRange(TRAINING_BOUNDS.clipNorm).optional(),
  callbacks: CALLBACKS.optional(),
  cacheFrozenFeatures: z.boolean().optional(),
});

/** JSON writes a NaN or infinite metric (a diverged run) as null; it comes back as NaN, as the table expects. */
const metric = (schema: z.ZodNumber) => schema.nullable().transform((value) => value ?? Number.NaN);

const RUN_EPOCH = z.strictObject({
  epoch: z.number().int().min(1).max(TRAINING_BOUNDS.epochs.max),
  trainLoss: metric(nonNegative),
  trainAccuracy: metric(probability),
  validationLoss: metric(nonNegative),
  validationAccuracy: metric(probability),
  seconds: nonNegative,
});

const RUN_EVENT = z.strictObject({ step: count, label: text(500), kind: text(50) });

export const RUN_RECORD = z.strictObject({
  version: z.literal(1),
  id: text(200).min(1),
  label: text(500),
  startedAt: count,
  endedAt: count.nullable(),
  status: z.enum(['running', 'finished', 'stopped', 'failed']),
  datasetName: text(500),
  split: text(500),
  modelName: text(500),
  backend: text(100),
  config: TRAIN_CONFIG,
  epochs: z.array(RUN_EPOCH).max(TRAINING_BOUNDS.epochs.max),
  events: z.array(RUN_EVENT).max(10_000),
  trainableParamsStart: count,
  trainableParamsEnd: count,
  totalParams: count,
});

// The schema must describe exactly the records the studio writes: a field added to RunRecord or to
// an engine config without a schema change would make every exported file fail to import, and a
// field the record lost would be accepted though the studio never reads it. This fails to compile
// when the two drift apart: the same value types, and the same keys (optional ones too) at every depth.
type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Shape<T> = T extends readonly (infer E)[] ? Shape<E>[] : T extends object ? { [K in keyof T]-?: Shape<NonNullable<T[K]>> } : 'value';
const schemaMatchesRunRecord: [SameType<z.output<typeof RUN_RECORD>, RunRecord>, SameType<Shape<z.output<typeof RUN_RECORD>>, Shape<RunRecord>>] = [true, true];
void schemaMatchesRunRecord;
