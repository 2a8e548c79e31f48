import type { AugmentationConfig, BackendInfo, BackendName, BuildModelRequest, CallbackKind, CheckpointKind, CheckpointMeta, DatasetSummary, ExportedFile, ExportRequest, GradCamRequest, GradCamResult, ImagePreview, ImportedModel, ModelSummary, OptimizerConfig, Prediction, RestoredRun, SampleDatasetSpec, SavedCheckpoints, TrainConfig, LrFinderProgress, LrFinderResult, RunTestScores } from '../contract';
import type { MemoryCheck } from './memoryEstimate';

export type { MemoryCheck };
import type { StrategyPreset } from '../freeze/presets';
import type { SpeaksLanguage } from '../common/i18n/workerLanguage';

/**
 * The engine's call contract: what the Web Worker exposes to the UI and the events a run streams.
 * The shapes it carries live in the contract module; everything here survives structured cloning.
 */

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
  /** The L2-SP / EWC term included in `loss`, when the run has one. */
  penalty?: number;
}

export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  step: number;
  trainLoss: number;
  trainAccuracy: number;
  validationLoss: number;
  validationAccuracy: number;
  /** Validation accuracy of each class, by class index; null for a class with no validation image. */
  validationClassAccuracy: (number | null)[];
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
  /** Source-task accuracy (built-in backbone only): the forgetting curve. */
  sourceAccuracy?: number;
  /** Mean L2-SP / EWC penalty of the epoch's steps (part of trainLoss). */
  trainPenalty?: number;
  /** Runs with a target domain: accuracy on its evaluation images (labels used for this score only). */
  targetAccuracy?: number;
  /** Runs with a target domain: MMD² between source-validation and target features at the aligned block. */
  mmd?: number;
  /** DANN runs: the domain classifier's accuracy at telling source-validation from target images. */
  domainAccuracy?: number;
}

/** The diagonal Fisher information of the source task being computed before an EWC run (then cached). */
export interface FisherEvent {
  type: 'fisher';
  done: number;
  total: number;
  seconds: number;
  finished: boolean;
}

export interface CallbackEvent {
  type: 'callback';
  kind: CallbackKind;
  epoch: number;
  step: number;
  message: string;
  /** The figures in `message`, so the page can word it in its own language. */
  values: Record<string, number>;
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

/** Building the frozen-feature cache: its own progress and time, apart from the epoch's. */
export interface CacheEvent {
  type: 'cache';
  epoch: number;
  /** Images of both splits whose features are computed. */
  done: number;
  total: number;
  seconds: number;
  finished: boolean;
  /** Once finished: whether the features fit on the device (else they stay on the CPU and go up per batch). */
  onDevice?: boolean;
}

/** Stored images that could not be read at training time (missing or undecodable records): skipped, named. */
export interface UnreadableEvent {
  type: 'unreadable';
  paths: string[];
}

/**
 * The held-out test split scored once the run ended (finished or stopped), with its final weights and
 * its best epoch's; sent only when the dataset has a test split. It came after every choice of the run.
 */
export type TestEvent = { type: 'test'; scores: RunTestScores } | { type: 'test'; scores: null; message: string };

export type EngineEvent = FisherEvent | TestEvent | StepEvent | EpochEvent | FreezeEvent | StatusEvent | BackendEvent | CallbackEvent | CheckpointEvent | CacheEvent | UnreadableEvent;

/**
 * Receives a run's events. What it returns is ignored except for an epoch event: a promise returned then (through
 * the worker boundary every call returns one; the page's settles once it has stored that epoch's curves) is
 * waited for before the epoch's checkpoint is written.
 */
export type EngineListener = (event: EngineEvent) => unknown;

/** A live camera frame's answer: its top classes and the model they came from, or 'skipped' when a newer frame replaced it. */
export type LiveAnswer =
  | { status: 'done'; predictions: Prediction[]; source: 'current' | 'best'; inferenceMs: number }
  | { status: 'skipped' };

/** What the worker exposes. Every method is async across the worker boundary. */
export interface EngineApi {
  init(preferred: BackendName | null): Promise<BackendInfo>;
  loadSampleDataset(spec: SampleDatasetSpec): Promise<DatasetSummary>;
  /** An imported dataset from IndexedDB, streamed at the model's input size while it trains; its stored split is used. */
  loadStoredDataset(datasetId: string): Promise<DatasetSummary>;
  /** CPU bytes for decoded images (null: a share of the device's memory); the loaded dataset takes it at once. */
  setDecodedCacheBudget(bytes: number | null): Promise<void>;
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
  /**
   * fastai's learning-rate finder: a short exponential sweep (1e-7 to 10) of training steps on copies of
   * the weights, with the config's optimizer and batch size and the current freezing; the model is
   * unchanged afterwards. Refused while a run trains.
   */
  findLearningRate(config: TrainConfig, onProgress?: (progress: LrFinderProgress) => void, steps?: number): Promise<LrFinderResult>;
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
  /** Top-k classes of one RGB image (any size; resized like the training images) from the current model, or from the best checkpoint (the current model is untouched). */
  predict(image: ImagePreview, topK: number, source?: 'current' | 'best'): Promise<Prediction[]>;
  /**
   * A Grad-CAM heatmap of one RGB image (any size; its centre square, as `predict` sees it) for the requested class
   * (null: the top class) at the requested block's output (null: the last feature map), from the current model or
   * the best checkpoint. Refused, with what to pick instead, for a block without a spatial output.
   */
  gradCam(image: ImagePreview, request: GradCamRequest): Promise<GradCamResult>;
  /** `gradCam` of a video frame (transfer it: it is closed once read). For the live camera view. */
  gradCamFrame(frame: ImageBitmap, request: GradCamRequest): Promise<GradCamResult>;
  /**
   * Top-k classes of a camera frame (transferred; the engine closes it), preprocessed as `predict` does.
   * During a run it is inferred between two training steps; at most one frame waits, a newer one replaces it.
   */
  predictFrame(frame: ImageBitmap, topK: number, source: 'current' | 'best'): Promise<LiveAnswer>;
  /** Restores a Thaw export (zip bytes, or the files of its unzipped folder by name) as the current model. */
  importModel(input: Uint8Array | Record<string, Uint8Array>): Promise<ImportedModel>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
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

/** The worker as the page sees it: the engine, and the language it words its messages in. */
export interface EngineWorkerApi extends EngineApi, SpeaksLanguage {}
