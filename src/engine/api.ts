import type { MemoryCheck } from './memoryEstimate';
import type { ScheduleConfig } from './schedules';
import type { AugmentationConfig } from './augment';
import type { CallbackConfig, CallbackKind } from './runCallbacks';
import type { StrategyPreset } from '../freeze/presets';
import type { SamplingMode } from './sampling';
import type { ArchiveFormat, MetricsRow } from '../models/modelArchive';
import type { FreezeSnapshot } from '../freeze/freezeState';
import type { CheckpointKind, CheckpointMeta } from '../persistence/checkpoints';

export type { ScheduleConfig, AugmentationConfig, CallbackConfig, CallbackKind, StrategyPreset, CheckpointKind, CheckpointMeta };

/**
 * The typed contract between the UI (zustand store) and the training engine in its Web Worker.
 * Everything here is plain data that survives structured cloning.
 */

export type BackendName = 'webgpu' | 'webgl' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];

export interface BackendInfo {
  name: BackendName;
  /** Human-readable adapter / renderer, e.g. "google swiftshader" or "NVIDIA GeForce RTX 4070". */
  adapter: string;
  /** True for software rasterisers (SwiftShader, llvmpipe, WARP): training works but is very slow. */
  software: boolean;
  /** Why earlier backends in the order were skipped, one line each. */
  fallbacks: string[];
}

export interface SampleDatasetSpec {
  seed: number;
  imageSize: number;
  imagesPerClass: number;
  /** When true, class i keeps only a fraction of its images so the largest class is ~5x the smallest. */
  imbalanced: boolean;
  /** Share of each class kept for validation (stratified). */
  validationFraction: number;
}

/** Where the engine's dataset comes from: generated from a seed, or imported and stored in IndexedDB. */
export type DatasetSource =
  | { kind: 'sample'; spec: SampleDatasetSpec }
  | { kind: 'stored'; datasetId: string; imageSize: number };

export interface DatasetSummary {
  source: DatasetSource;
  name: string;
  classNames: string[];
  imageSize: number;
  trainCounts: number[];
  validationCounts: number[];
  /** Class of each validation image, in the order the engine evaluates them. */
  validationLabels: number[];
  /** Stored images that could not be read back (missing or damaged records), skipped. */
  unreadable: string[];
}

export type ArchitectureId = 'small-cnn' | 'mini-resnet' | 'thaw-shapes-cnn' | 'imported-backbone' | 'mobilenet-v1-0.25' | 'mobilenet-v1-0.50' | 'mobilenet-v1-1.0';

export interface ModelSpec {
  architecture: ArchitectureId;
  /** Channels of the first convolution; deeper blocks multiply it (from-scratch models only). */
  width: number;
  /** Square input size in pixels; images are resized to it. */
  inputSize: number;
  /** Base URL pretrained backbones are downloaded from (then cached in IndexedDB). */
  modelBaseUrl?: string;
  numClasses: number;
  dropout: number;
  seed: number;
  /** Units of a hidden Dense + BatchNorm + ReLU layer in the head; 0 or absent for none. */
  headHiddenUnits?: number;
  /** L2 kernel regularization of the head's Dense layers; 0 or absent for none. */
  headL2?: number;
  /** The user's own model this one is built on ('imported-backbone' only). */
  importedBackbone?: ImportedBackboneRef;
}

/** An imported model kept in IndexedDB as a backbone, and where it is cut. */
export interface ImportedBackboneRef {
  id: string;
  name: string;
  featureLayer: string;
  /** Its own input size (0 when it declares none). */
  inputSize: number;
}

export type BuildModelRequest = Omit<ModelSpec, 'numClasses' | 'inputSize'> & { inputSize?: number };

export interface LayerSummary {
  name: string;
  className: string;
  params: number;
  outputShape: (number | null)[];
}

export interface BlockSummary {
  id: string;
  name: string;
  layers: LayerSummary[];
  params: number;
  trainableParams: number;
  frozen: boolean;
  lrMultiplier: number;
}

export interface ModelSummary {
  name: string;
  inputShape: number[];
  blocks: BlockSummary[];
  totalParams: number;
  trainableParams: number;
}

export type OptimizerName = 'sgd' | 'adam' | 'adamw' | 'rmsprop';

export interface OptimizerConfig {
  name: OptimizerName;
  learningRate: number;
  momentum: number;
  nesterov: boolean;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Decoupled for AdamW; added to the gradient (classic L2-style) for the others. */
  weightDecay: number;
  /** RMSprop's moving-average decay. */
  rho: number;
}

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  seed: number;
  optimizer: OptimizerConfig;
  /** Learning-rate schedule over the base rate of the optimizer; constant when absent. */
  schedule?: ScheduleConfig;
  /** Training batches only: validation data is never augmented. */
  augmentation?: AugmentationConfig;
  /** Softmax cross-entropy label smoothing, 0..1. */
  labelSmoothing?: number;
  /** Per-class loss weights (e.g. inverse frequency), indexed by class. */
  classWeights?: number[];
  /** 'balanced' oversamples rare classes (each class equally likely per draw); default 'shuffle'. */
  sampling?: SamplingMode;
  /** Gradient clipping by global norm; off when absent or 0. */
  clipNorm?: number;
  callbacks?: CallbackConfig;
  /**
   * Train on cached activations at the frozen boundary when a bottom run of blocks is frozen and
   * no augmentation needs raw pixels (default on). Thawing a prefix block drops the cache at once.
   */
  cacheFrozenFeatures?: boolean;
}

export type RunState = 'idle' | 'training' | 'paused' | 'stopped' | 'finished' | 'failed';

export interface StepEvent {
  type: 'step';
  epoch: number;
  /** Global step counter across the run, starting at 1. */
  step: number;
  stepInEpoch: number;
  stepsPerEpoch: number;
  loss: number;
  accuracy: number;
  learningRate: number;
  imagesPerSecond: number;
  /** True when this step trained on cached features of the frozen prefix instead of raw pixels. */
  cachedFeatures: boolean;
}

export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  step: number;
  trainLoss: number;
  trainAccuracy: number;
  validationLoss: number;
  validationAccuracy: number;
  seconds: number;
  trainableParams: number;
  totalParams: number;
  /** ‖Δw‖/‖w‖ of each block over the epoch: 0 for a frozen block. */
  blockWeightChange: Record<string, number>;
  /** Global gradient norm of each block at the epoch's last step (0 when frozen). */
  blockGradientNorm: Record<string, number>;
  /** Predicted class of each validation image, in dataset order, for the confusion matrix. */
  validationPredictions: number[];
  validationConfidence: number[];
}

/** A small RGB image for the UI (thumbnails, augmentation previews); drawn on a canvas, never as HTML. */
export interface ImagePreview {
  width: number;
  height: number;
  /** width × height × 3 bytes, row-major RGB. */
  rgb: Uint8Array;
}

export interface CallbackEvent {
  type: 'callback';
  kind: CallbackKind;
  epoch: number;
  step: number;
  message: string;
}

export interface FreezeEvent {
  type: 'freeze';
  step: number;
  epoch: number;
  blockId: string;
  frozen: boolean;
}

export interface StatusEvent {
  type: 'status';
  state: RunState;
  message?: string;
}

export interface BackendEvent {
  type: 'backend';
  info: BackendInfo;
  message: string;
  /** Training continues after this epoch; later epochs already reported are redone. */
  resumeEpoch: number;
  resumeStep: number;
}

export interface CheckpointEvent {
  type: 'checkpoint';
  kind: CheckpointKind;
  epoch: number;
  saved: boolean;
  /** Why it was not saved (quota, private browsing). */
  message?: string;
}

export type EngineEvent = StepEvent | EpochEvent | FreezeEvent | StatusEvent | BackendEvent | CallbackEvent | CheckpointEvent;

export interface SavedCheckpoints {
  last?: CheckpointMeta;
  best?: CheckpointMeta;
}

export interface Prediction {
  label: string;
  probability: number;
}

export interface ExportRequest {
  format: ArchiveFormat;
  /** The model as it is now, or the best checkpoint's weights. */
  source: 'current' | 'best';
  /** The epoch history the UI shows, written as metrics.json and metrics.csv. */
  metrics: MetricsRow[];
}

export interface ExportedFile {
  fileName: string;
  bytes: Uint8Array;
}

/** config.json of a Thaw export: enough to rebuild the model and repeat or continue its training. */
export interface ExportedConfig {
  kind: 'thaw-model';
  version: 1;
  exportedAt: string;
  source: 'current' | 'best';
  /** The checkpoint's epoch when `source` is 'best'. */
  epoch: number | null;
  model: ModelSpec;
  training: TrainConfig | null;
  freeze: FreezeSnapshot | null;
  dataset: { name: string; classNames: string[] };
}

export interface ImportedModel {
  model: ModelSummary;
  modelSpec: ModelSpec;
  labels: string[];
  training: TrainConfig | null;
  /** The imported model evaluated on the current dataset's validation split. */
  validationLoss: number;
  validationAccuracy: number;
  warnings: string[];
}

export interface RestoredRun {
  dataset: DatasetSummary;
  model: ModelSummary;
  modelSpec: ModelSpec;
  meta: CheckpointMeta;
  config: TrainConfig;
}
export type EngineListener = (event: EngineEvent) => void;

export interface MemoryReport {
  numTensors: number;
  numBytes: number;
}

/** What the worker exposes. Every method is async across the worker boundary. */
export interface EngineApi {
  init(preferred: BackendName | null): Promise<BackendInfo>;
  loadSampleDataset(spec: SampleDatasetSpec): Promise<DatasetSummary>;
  /** An imported dataset from IndexedDB, decoded at `imageSize`; its stored split is used. */
  loadStoredDataset(datasetId: string, imageSize: number): Promise<DatasetSummary>;
  /** New names for the current dataset's classes (same count and order): the model and its training are kept. */
  renameClasses(classNames: string[]): Promise<DatasetSummary>;
  /** `inputSize` defaults to the dataset's image size; `onProgress` reports a backbone's download. */
  buildModel(spec: BuildModelRequest, onProgress?: (fraction: number) => void): Promise<ModelSummary>;
  setBlockFrozen(blockId: string, frozen: boolean): Promise<ModelSummary>;
  modelSummary(): Promise<ModelSummary>;
  /** Applies a strategy preset (a batch of freeze/thaw changes, each logged); works mid-run. */
  applyPreset(preset: StrategyPreset): Promise<ModelSummary>;
  setBlockLrMultiplier(blockId: string, multiplier: number): Promise<ModelSummary>;
  /** Differential learning rates: multiplier α^(L−l) for block l of L (head = 1). */
  setGeometricLrDecay(alpha: number): Promise<ModelSummary>;
  /** Resolves when the run ends (finished, stopped or failed); events stream to the listener meanwhile. */
  train(config: TrainConfig, listener: EngineListener, runId?: string): Promise<RunState>;
  /** The saved checkpoints (meta only): `last` is resumable unless `finished`. */
  savedCheckpoints(): Promise<SavedCheckpoints>;
  /** Loads the last checkpoint's dataset, model, weights and freeze state, ready for `resumeSavedRun`. */
  restoreSavedRun(): Promise<RestoredRun>;
  /** Continues the restored run after its last completed epoch, with its optimizer state and callbacks. */
  resumeSavedRun(listener: EngineListener): Promise<RunState>;
  /** Puts the best checkpoint's weights into the current model (same architecture and classes). */
  loadBestWeights(): Promise<CheckpointMeta>;
  discardCheckpoints(): Promise<void>;
  /** A zip of the current or best model, in Thaw's layout or Teachable Machine's. */
  exportModel(request: ExportRequest): Promise<ExportedFile>;
  /** Top-k classes for one RGB image (any size; resized like the training images) from the current model. */
  /** Top-k classes of one image from the current model, or from the best checkpoint (the current model is untouched). */
  predict(image: ImagePreview, topK: number, source?: 'current' | 'best'): Promise<Prediction[]>;
  /** Restores a Thaw export (zip bytes, or the files of its unzipped folder by name) as the current model. */
  importModel(input: Uint8Array | Record<string, Uint8Array>): Promise<ImportedModel>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  memory(): Promise<MemoryReport>;
  /** Whether a run with this batch size and optimizer fits the device, with the estimate behind the answer. */
  memoryCheck(batchSize: number, optimizer: OptimizerConfig): Promise<MemoryCheck>;
  /** The user's own memory limit in bytes (a GPU with more memory than the browser reports); null: the browser's report. */
  setMemoryLimit(bytes: number | null): Promise<void>;
  /** Validation images by position in the validation split (for the misclassified gallery). */
  validationImages(positions: number[]): Promise<ImagePreview[]>;
  /** `count` augmented versions of one training image, as the run would see them. */
  previewAugmentation(config: AugmentationConfig, count: number, seed: number): Promise<ImagePreview[]>;
  /** Fault injection for tests: makes the active GPU backend lose its device. */
  simulateDeviceLoss(): Promise<void>;
  /** Fault injection for tests: an uncaught error kills the worker, as a bug in the engine would. */
  simulateCrash(): Promise<void>;
  /** Fault injection for tests: the next training step fails to allocate its memory. */
  simulateAllocationFailure(): Promise<void>;
}
