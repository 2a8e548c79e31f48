import { z } from './zod';
import { OPTIMIZER_CONFIG } from './training';

/** A Float32Array as structured cloning hands it back (zod's instanceof would narrow its buffer type). */
const float32Array = z.custom<Float32Array>((v) => v instanceof Float32Array, { message: 'must be a Float32Array' });

/**
 * The state a run carries across an epoch boundary, as plain data: what a checkpoint stores and a
 * resumed run (or a backend switch) puts back. Callback states are plain JSON (no NaN or Infinity).
 */

const count = z.number().int().min(0);
const nullableFinite = z.number().nullable();

/** Which blocks are frozen and their learning-rate multipliers. */
export const FREEZE_SNAPSHOT = z.object({
  frozen: z.array(z.string()),
  lrMultipliers: z.record(z.string(), z.number()),
});
export type FreezeSnapshot = z.infer<typeof FREEZE_SNAPSHOT>;

export const BEST_TRACKER_STATE = z.object({ best: nullableFinite, bestEpoch: z.number().int() });
export type BestTrackerState = z.infer<typeof BEST_TRACKER_STATE>;

export const EARLY_STOPPING_STATE = z.object({
  best: nullableFinite,
  /** -1 until an epoch has produced a finite value. */
  bestEpoch: z.number().int(),
  wait: count,
});
export type EarlyStoppingState = z.infer<typeof EARLY_STOPPING_STATE>;

export const REDUCE_LR_STATE = z.object({ best: nullableFinite, wait: count, cooldownLeft: count, multiplier: z.number().positive() });
export type ReduceLROnPlateauState = z.infer<typeof REDUCE_LR_STATE>;

export const GRADUAL_UNFREEZER_STATE = z.object({
  /** How many blocks below the head have been thawed, top-most first. */
  thawedCount: count,
  epochsSinceThaw: count,
  best: nullableFinite,
  wait: count,
  lastThawEpoch: z.number().int().nullable(),
});
export type GradualUnfreezerState = z.infer<typeof GRADUAL_UNFREEZER_STATE>;

/** Everything the callbacks remember between epochs, so a resumed run continues their counts. */
export const CALLBACKS_STATE = z.object({
  best: BEST_TRACKER_STATE,
  earlyStopping: EARLY_STOPPING_STATE.optional(),
  plateau: REDUCE_LR_STATE.optional(),
  unfreezer: GRADUAL_UNFREEZER_STATE.optional(),
  /** The learning-rate scale the thaws multiplied in. */
  thawScale: z.number().positive(),
});
export type CallbacksState = z.infer<typeof CALLBACKS_STATE>;

export const WEIGHT_VALUES = z.object({
  shape: z.array(count),
  values: float32Array,
}).refine((w) => w.values.length === w.shape.reduce((a, b) => a * b, 1), { message: 'values do not match the shape', path: ['values'] });
export type WeightValues = z.infer<typeof WEIGHT_VALUES>;

/** Optimizer state copied to the CPU, keyed by position in `model.weights` (variable names change on rebuild). */
export const OPTIMIZER_STATE = z.object({
  config: OPTIMIZER_CONFIG,
  slots: z.array(z.object({
    weightIndex: count,
    steps: count,
    first: float32Array.optional(),
    second: float32Array.optional(),
  })),
});
export type OptimizerState = z.infer<typeof OPTIMIZER_STATE>;

/** Everything needed to continue a run after its last completed epoch, copied to the CPU. */
export const TRAINER_SNAPSHOT = z.object({
  /** Completed epochs. */
  epoch: count,
  step: count,
  /** Values of `model.weights`, in order (BatchNorm moving statistics included). */
  weights: z.array(WEIGHT_VALUES),
  optimizer: OPTIMIZER_STATE,
  callbacks: CALLBACKS_STATE,
  freeze: FREEZE_SNAPSHOT,
});
export type TrainerSnapshot = z.infer<typeof TRAINER_SNAPSHOT>;
