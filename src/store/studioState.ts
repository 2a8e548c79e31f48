import type { StateCreator } from 'zustand';
import type {
  TestScore,
  ExportFormat, BackendInfo, DatasetSummary, ExportedFile, GradCamRequest, GradCamResult, ImagePreview, ModelForm, ModelSummary, Prediction, SavedCheckpoints,
  GradualUnfreezerOptions, StudioSettings, TrainConfig, TrainingForm,
} from '../contract';
import type { MemoryCheck, RunState } from '../engine/api';
import type { StrategyPreset } from '../freeze/presets';
import type { RunView } from './runRecorder';

/** The built-in sample's choices; `testFraction` holds that share of each class out as a test split (none when absent). */
export interface SampleOptions {
  imbalanced: boolean;
  seed: number;
  /** Images drawn of each class (before the imbalanced mode thins the smaller ones). */
  imagesPerClass: number;
  testFraction?: number;
}

/**
 * The studio store (`useStudio`, studioStore.ts) is one zustand store made of slices, one per part, each
 * in its own module: components read across parts (a Train button needs the engine, the model and the run).
 * Only types here, so that every slice can see the whole state without an import circle.
 * Every async action that can fail reports through the one action wrapper (actionError.ts).
 */

/** The engine worker's life: boot, crash, restart, and release to another tab (engineSession.ts). */
export interface EngineSession {
  /** 'released': this tab lost the studio to another, and shut its engine (see releaseEngine). */
  engineStatus: 'starting' | 'ready' | 'crashed' | 'released';
  backend: BackendInfo | null;
  /** What the studio tells in passing (a backend fallback, a skipped setting): the latest five. */
  notices: string[];
  addNotice: (message: string) => void;
  /** Boots the engine: settings, backend, the sample dataset, a model, the saved checkpoints. */
  start: () => Promise<void>;
  restartEngine: () => Promise<void>;
  /** Another tab took the studio over: stop this tab's run at its last step and shut its engine, freeing its GPU memory. */
  releaseEngine: () => Promise<void>;
  /** Fault injection used by e2e tests (exposed on window only with ?faults=1): the GPU device is lost. */
  simulateDeviceLoss: () => Promise<void>;
  /** Fault injection for tests: the engine worker dies of an uncaught error. */
  simulateEngineCrash: () => Promise<void>;
  /** Fault injection for tests: the next training step fails to allocate its memory. */
  simulateAllocationFailure: () => Promise<void>;
}

/** The Setup panel's forms and the studio's saved settings (formsSlice.ts). */
export interface FormsAndSettings {
  settings: StudioSettings;
  modelForm: ModelForm;
  trainingForm: TrainingForm;
  updateTrainingForm: (form: Partial<TrainingForm>) => void;
  /** The settings saved in this browser (defaults when none or damaged), now in the store. */
  loadSettings: () => Promise<StudioSettings>;
  /** The model and training forms as a settings file (JSON), to hand out an exercise or repeat a run. */
  exerciseSettingsJson: () => string;
  /** Applies a settings file's valid fields (model and training form) and reports the file (settingsReport). */
  loadExerciseSettings: (text: string, fileName?: string) => Promise<void>;
  /** The last settings file read: how many fields applied, and every skipped one with the reason. */
  settingsReport: { file: string; applied: number; skipped: string[] } | null;
  dismissSettingsReport: () => void;
  setBackendSetting: (backend: StudioSettings['backend']) => Promise<void>;
  setClassroomMode: (on: boolean) => Promise<void>;
  setShowCharts: (on: boolean) => Promise<void>;
  setModelBaseUrl: (url: string) => Promise<void>;
  /** GB a run may use; 0 goes back to what the browser reports. */
  setMemoryLimit: (gb: number) => Promise<void>;
  /** CPU memory for decoded training images (MB; 0 = automatic); applies at once. */
  setDecodedCacheSize: (mb: number) => Promise<void>;
}

/** An image to predict, decoded only when the prediction runs (a file that is no image fails there, with its name). */
export interface PredictInput {
  name: string;
  decode: () => Promise<ImagePreview>;
}

/** The model the engine holds: building it, its blocks, export and import, prediction (modelSlice.ts). */
export interface ModelPart {
  model: ModelSummary | null;
  /** Download/cache progress of a pretrained backbone, 0..1; null when nothing is loading. */
  modelLoading: { label: string; fraction: number } | null;
  /** The latest imported model's score on this dataset's validation split. */
  importedModel: { labels: string[]; validationLoss: number; validationAccuracy: number; test: TestScore | null } | null;
  /** Builds the model of the form with `form`'s changes; a failed build keeps the previous model and form. */
  rebuildModel: (form: Partial<ModelForm>) => Promise<void>;
  applyPreset: (preset: StrategyPreset) => Promise<void>;
  /** The last preset's head-first epoch (fine-tune top N, full), until a block is clicked or the model rebuilt. */
  headFirst: GradualUnfreezerOptions | null;
  setBlockFrozen: (blockId: string, frozen: boolean) => Promise<void>;
  setBlockLrMultiplier: (blockId: string, multiplier: number) => Promise<void>;
  setGeometricLrDecay: (alpha: number) => Promise<void>;
  /** A zip of the current model or the best checkpoint; null (with the reason shown) when it failed. */
  exportModel: (format: ExportFormat, source: 'current' | 'best') => Promise<ExportedFile | null>;
  /** A dropped .zip, or the files of an unzipped export folder. */
  importModel: (files: { name: string; bytes: Uint8Array }[]) => Promise<void>;
  /** The top classes of one image; null (with the reason shown, after the file's name) when it failed. */
  predict: (image: PredictInput, topK: number, source: 'current' | 'best') => Promise<Prediction[] | null>;
  /** The block heatmaps are taken at (picked in the layer tree or beside a heatmap); null: the last feature map. */
  heatmapBlockId: string | null;
  setHeatmapBlock: (blockId: string | null) => void;
  /** A Grad-CAM heatmap of one picture; null (with the reason shown) when it failed. */
  gradCam: (image: ImagePreview, request: GradCamRequest) => Promise<GradCamResult | null>;
}

/** The dataset the engine trains on (dataSlice.ts); the stored datasets themselves are datasetsStore's. */
export interface DataPart {
  dataset: DatasetSummary | null;
  sampleOptions: SampleOptions;
  /** Regenerates the built-in sample dataset (e.g. imbalanced) and rebuilds the model for it. */
  loadSampleDataset: (options: SampleOptions) => Promise<void>;
  /** An imported dataset (streamed by the engine at the model's input size), then the model rebuilt for its classes; loads queue, the last one wins. */
  loadStoredDataset: (datasetId: string, name?: string) => Promise<void>;
  /**
   * Why the dataset last picked is not the one the engine holds (it refused it: one class, no validation
   * image), or null. While set, Train is off: it would train the previous dataset instead.
   */
  datasetRefusal: string | null;
  /** A stored dataset being loaded for training (its progress line), or null. */
  loadingDataset: { datasetId: string; name: string } | null;
  /** Resolves once every queued dataset load is done: Train waits for it. */
  whenDatasetLoaded: () => Promise<void>;
  /** Class names changed in the stored dataset: the engine takes them, the model is kept. */
  renameClasses: (classNames: string[]) => Promise<void>;
  /** Validation images by position (the misclassified gallery); none when they could not be read. */
  fetchValidationImages: (positions: number[]) => Promise<ImagePreview[]>;
  /** Augmented versions of a training image under the current form's augmentation settings. */
  previewAugmentation: (count: number, seed: number) => Promise<ImagePreview[]>;
}

export interface TrainOptions {
  label?: string;
  /** The run's id, when the caller must find its record (an experiment grid); a new one when absent. */
  runId?: string;
  /** Lets a strategy comparison change the engine config the form makes. */
  adjustConfig?: (config: TrainConfig) => TrainConfig;
}

/** Training runs, their checkpoints and whether a run fits in memory (runSlice.ts); the view is the run recorder's. */
export interface RunPart extends RunView {
  /** Checkpoints in IndexedDB: an unfinished `last` can be resumed after a reload. */
  checkpoints: SavedCheckpoints;
  /** Whether the form's batch size fits the device with the current model and dataset; null until known. */
  memoryCheck: MemoryCheck | null;
  refreshMemoryCheck: () => Promise<void>;
  /** Trains with the form's settings; resolves to how the run ended ('failed' when it could not start). */
  train: (options?: TrainOptions) => Promise<RunState>;
  resumeSavedRun: () => Promise<void>;
  discardSavedRun: () => Promise<void>;
  loadBestWeights: () => Promise<void>;
  pause: () => Promise<void>;
  resume: () => Promise<void>;
  stop: () => Promise<void>;
  /** Resolves once the run under way, if any, has recorded its end. */
  runEnded: () => Promise<void>;
}

export type StudioState = EngineSession & FormsAndSettings & ModelPart & DataPart & RunPart;

/** One slice: creates its part of the state, and sees (and may set) the whole. */
export type StudioSlice<Part> = StateCreator<StudioState, [], [], Part>;
