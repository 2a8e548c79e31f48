import { z } from './zod';
import { ARCHITECTURE_ID } from './model';
import { GRADUAL_UNFREEZER_OPTIONS, TRAIN_SUBSET } from './training';
import { AUGMENTATION_CONFIG, DEFAULT_AUGMENTATION, NO_AUGMENTATION, type AugmentationConfig } from './augmentation';

/**
 * An experiment grid: up to three settings, each with its values, and seeds; every combination is
 * one run. The sequence is kept in IndexedDB while it runs, so a reload resumes it at the next
 * unfinished run. Lessons are grids with fixed values.
 */

/** The augmentations a grid or a lesson compares, by name (the augmentation panel's presets among them). */
export const AUGMENTATION_PRESET = z.enum(['none', 'basic', 'strong', 'mixup', 'cutmix']);
export type AugmentationPreset = z.infer<typeof AUGMENTATION_PRESET>;

export const STRONG_AUGMENTATION: AugmentationConfig = {
  ...DEFAULT_AUGMENTATION,
  verticalFlip: 0,
  rotationDegrees: 15,
  randomResizedCrop: { enabled: true, scaleMin: 0.5, scaleMax: 1, ratioMin: 3 / 4, ratioMax: 4 / 3 },
  colorJitter: { brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.05 },
  grayscaleProbability: 0.1,
  gaussianBlur: { probability: 0.2, sigmaMax: 1.5 },
  randomErasing: { probability: 0.25, areaMin: 0.02, areaMax: 0.2 },
};

/** Each named augmentation's every value; "basic" is the studio's mild one (flip, light crop, colour jitter). */
export const AUGMENTATION_PRESETS: Record<AugmentationPreset, AugmentationConfig> = {
  none: NO_AUGMENTATION,
  basic: DEFAULT_AUGMENTATION,
  strong: STRONG_AUGMENTATION,
  mixup: { ...DEFAULT_AUGMENTATION, mixupAlpha: 0.4 },
  cutmix: { ...DEFAULT_AUGMENTATION, cutmixAlpha: 1 },
};

/** How blocks thaw during a run, by name (lesson 2's schedules). */
export const UNFREEZING_SCHEDULE = z.enum(['every-epoch', 'every-5-epochs', 'on-plateau']);
export type UnfreezingSchedule = z.infer<typeof UNFREEZING_SCHEDULE>;

/** A strategy preset by name: the head only, the last N blocks and the head, every block. */
export const GRID_PRESET = z.enum(['feature-extraction', 'top-1', 'top-2', 'full']);
export type GridPreset = z.infer<typeof GRID_PRESET>;

/** What one axis of a grid varies: a training-form field, the strategy preset, the backbone, the augmentation or the unfreezing schedule. */
export const GRID_SETTING = z.union([
  z.strictObject({ kind: z.literal('field'), field: z.string().min(1).max(100) }),
  z.strictObject({ kind: z.enum(['preset', 'backbone', 'augmentation', 'unfreezing']) }),
]);
export type GridSetting = z.infer<typeof GRID_SETTING>;

export const GRID_VALUE = z.union([z.number(), z.string().max(100)]);
export type GridValue = z.infer<typeof GRID_VALUE>;

export const GRID_AXIS = z.strictObject({ setting: GRID_SETTING, values: z.array(GRID_VALUE).min(1).max(20) });
export type GridAxis = z.infer<typeof GRID_AXIS>;

/** One combination: a value per axis (in the axes' order) and its seed. */
export const GRID_COMBINATION = z.strictObject({ values: z.array(GRID_VALUE).max(3), seed: z.number().int().min(0) });
export type GridCombination = z.infer<typeof GRID_COMBINATION>;

/** What every run of a sequence shares, whatever its axes say. */
export const GRID_FIXED = z.strictObject({
  /** Training-form fields, by name. */
  form: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  architecture: ARCHITECTURE_ID.optional(),
  preset: GRID_PRESET.optional(),
  augmentation: AUGMENTATION_CONFIG.optional(),
  unfreezing: GRADUAL_UNFREEZER_OPTIONS.optional(),
  /** The head's dropout and L2 (lesson 5). */
  headDropout: z.number().min(0).max(0.9).optional(),
  headL2: z.number().min(0).max(1).optional(),
  trainSubset: TRAIN_SUBSET.optional(),
});
export type GridFixed = z.infer<typeof GRID_FIXED>;

export const GRID_SEQUENCE = z.strictObject({
  id: z.string().min(1).max(200),
  /** 'grid' for the experiment grid, else the lesson's id. */
  kind: z.string().min(1).max(100),
  title: z.string().max(500),
  startedAt: z.number(),
  axes: z.array(GRID_AXIS).max(3),
  fixed: GRID_FIXED,
  combinations: z.array(GRID_COMBINATION).min(1).max(200),
  /** The run recorded for each combination, in order; null until it has finished. */
  runIds: z.array(z.string().nullable()),
  /** Training steps per epoch (the same for every run: same data and batch size), to place thaws at their epoch. */
  stepsPerEpoch: z.number().int().min(1),
  /** 'running' until every run finished ('done') or Stop ended it ('stopped'). */
  status: z.enum(['running', 'done', 'stopped']),
});
export type GridSequence = z.infer<typeof GRID_SEQUENCE>;
