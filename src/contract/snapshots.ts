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

/**
 * The bookkeeping every epoch-end callback shares (the monitor tracker in engine/callbacks.ts): the
 * best value of the monitored metric so far, the epoch it came from (-1 before any), and `wait`, the
 * epochs since it. Each callback stores the part it needs, beside its own counters.
 */
const MONITOR_TRACKER_STATE = z.object({ best: nullableFinite, bestEpoch: z.number().int(), wait: count });
export type MonitorTrackerState = z.infer<typeof MONITOR_TRACKER_STATE>;
const BEST_AND_WAIT = MONITOR_TRACKER_STATE.pick({ best: true, wait: true }).shape;

export const BEST_TRACKER_STATE = MONITOR_TRACKER_STATE.pick({ best: true, bestEpoch: true });
export type BestTrackerState = z.infer<typeof BEST_TRACKER_STATE>;

export const EARLY_STOPPING_STATE = MONITOR_TRACKER_STATE;
export type EarlyStoppingState = z.infer<typeof EARLY_STOPPING_STATE>;

export const REDUCE_LR_STATE = z.object({
  ...BEST_AND_WAIT,
  cooldownLeft: count,
  /** The cumulative factor on the base rate: reductions only ever lower it. */
  multiplier: z.number().positive().max(1),
});
export type ReduceLROnPlateauState = z.infer<typeof REDUCE_LR_STATE>;

export const GRADUAL_UNFREEZER_STATE = z.object({
  /** How many blocks below the head have been thawed, top-most first. */
  thawedCount: count,
  epochsSinceThaw: count,
  /** The plateau trigger's tracker (null and 0 without that trigger). */
  ...BEST_AND_WAIT,
  lastThawEpoch: z.number().int().nullable(),
});
export type GradualUnfreezerState = z.infer<typeof GRADUAL_UNFREEZER_STATE>;

/** Everything the callbacks remember between epochs, so a resumed run continues their counts; one entry per callback. */
export const CALLBACKS_STATE = z.object({
  best: BEST_TRACKER_STATE,
  earlyStopping: EARLY_STOPPING_STATE.optional(),
  plateau: REDUCE_LR_STATE.optional(),
  unfreezer: GRADUAL_UNFREEZER_STATE.optional(),
  // Earlier versions also wrote `thawScale` (the thaws' learning-rate scale): the unfreezer's thaw
  // count implies it, and this (non-strict) object drops it when such a checkpoint is read.
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
