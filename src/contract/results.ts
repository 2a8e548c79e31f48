import { z } from './zod';
import type { CheckpointMeta } from './checkpoint';
import type { DatasetSummary } from './dataset';
import type { ModelSpec, ModelSummary } from './model';
import type { TrainConfig } from './training';
import type { ExportFormat } from './exportedConfig';
import type { EpochRow, TestScore } from './metrics';

/** What the engine hands back across the worker border, beyond its events. */

/** A small RGB image for the UI (thumbnails, augmentation previews); drawn on a canvas, never as HTML. */
export const IMAGE_PREVIEW = z.object({
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  /** width × height × 3 bytes, row-major RGB. */
  rgb: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'must be bytes' }),
}).refine((image) => image.rgb.length === image.width * image.height * 3, { message: 'must hold width × height × 3 bytes', path: ['rgb'] });
export type ImagePreview = z.infer<typeof IMAGE_PREVIEW>;

export interface SavedCheckpoints {
  last?: CheckpointMeta;
  best?: CheckpointMeta;
}

export interface Prediction {
  label: string;
  probability: number;
}

export interface ExportRequest {
  format: ExportFormat;
  /** The model as it is now, or the best checkpoint's weights. */
  source: 'current' | 'best';
  /** The epoch history the UI shows, written as metrics.json and metrics.csv. */
  metrics: EpochRow[];
}

export interface ExportedFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface ImportedModel {
  model: ModelSummary;
  modelSpec: ModelSpec;
  labels: string[];
  training: TrainConfig | null;
  /** The imported model evaluated on the current dataset's validation split. */
  validationLoss: number;
  validationAccuracy: number;
  /** Scored on the dataset's held-out test split; null when it has none. */
  test: TestScore | null;
  warnings: string[];
}

export interface RestoredRun {
  dataset: DatasetSummary;
  model: ModelSummary;
  modelSpec: ModelSpec;
  meta: CheckpointMeta;
  config: TrainConfig;
}

/** One step of the learning-rate finder's sweep. */
export interface LrFinderPoint {
  learningRate: number;
  /** The training batch's loss at that rate (before its update). */
  loss: number;
  /** Exponential moving average of the losses (β 0.98, bias-corrected), as fastai smooths them. */
  smoothedLoss: number;
}

export interface LrFinderProgress {
  step: number;
  steps: number;
  learningRate: number;
}

/** What the learning-rate finder found; the model and its weights are as they were before it. */
/** The learning-rate finder's sweep length a user may choose (fastai's num_it): fewer steps are quicker and coarser. */
export const LR_FINDER_STEPS = { min: 20, max: 200, default: 100 } as const;

export interface LrFinderResult {
  points: LrFinderPoint[];
  /** Null when the smoothed loss never fell (then `rule` says so). */
  suggestion: number | null;
  /** The rule that chose the suggestion, in words. */
  rule: string;
  /** Why the sweep ended before its last step (the loss exploded, or became non-finite); null when it ran them all. */
  stoppedEarly: string | null;
}
