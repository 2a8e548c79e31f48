import { errorMessage } from '../common/errors';
import { AUGMENTATION_CONFIG, DEFAULT_PHOTO_INPUT_SIZE, IMAGE_PREVIEW, importedModelIssues, MODEL_SPEC, parseOrThrow, readExportedConfig, SAMPLE_DATASET_SPEC, TRAIN_CONFIG, type AugmentationConfig, type BackendInfo, type BackendName, type BuildModelRequest, type Checkpoint, type CheckpointKind, type CheckpointMeta, DEFAULT_OPTIMIZER, type DatasetSource, type DatasetSummary, type ExportFormat, type ExportRequest, type ExportedConfig, preprocessingFor, type ExportedFile, type FreezeSnapshot, GRAD_CAM_REQUEST, type GradCamRequest, type GradCamResult, type ImagePreview, type ImportedModel, type ModelSpec, type ModelSummary, type OptimizerConfig, type Prediction, type RestoredRun, type SampleDatasetSpec, type SavedCheckpoints, type TrainConfig, type TrainerSnapshot, type LrFinderProgress, type LrFinderResult, type TestScore, type WeightValues } from '../contract';
import * as tf from '@tensorflow/tfjs';
import { newRunId } from '../common/runId';
import type { EngineApi, EngineListener, LiveAnswer, RunState } from './api';
import { LiveFrames } from './liveFrames';
import { frameToRgb } from './data/frame';
import { forceDeviceLoss, memoryLimits, selectBackend, watchDeviceLoss } from './backend';
import { checkTrainingMemory, estimateTrainingMemory, modelActivations, type MemoryCheck } from './memoryEstimate';
import { Trainer, restoreWeights, type EpochEndInfo } from './trainer';
import { INDEXEDDB_MODEL_STORE } from '../persistence/modelCache';
import { checkpointSizeBytes, deleteCheckpoints, loadCheckpoint, loadCheckpointMeta, saveCheckpoint } from '../persistence/checkpoints';
import { loadImages, loadManifest } from '../persistence/datasets';
import { generateSampleDataset } from '../data/sampleDataset';
import { countPerClass, stratifiedSplit, type SplitIndices } from '../data/split';
import { InMemoryPixels, type PixelSource } from './data/pixelSource';
import { StoredPixels } from './data/storedPixels';
import { decodeToRgb, defaultDecodedCacheBytes } from './data/decodeImage';
import { imagesToInput, loadBatch, StreamingData, type TrainingData } from './data/batches';
import { buildModelFromCatalog, catalogEntry, modelLabel } from '../models/catalog';
import { loadArchive, type LoadedArchive } from '../models/modelArchive';
import { importMemoryRefusal } from './importMemory';
import { exportArchive } from '../models/export/exportArchive';
import { loadTfjsRuntime } from '../models/export/tfjsRuntime';
import { findFeatureLayer, modelOnImportedBackbone, storeImportedBackbone } from '../models/importedBackbone';
import { forwardWithPerLayerTraining } from './forward';
import { bitmapToImage, heatmapOf } from './heatmap';
import { groupLayersIntoBlocks } from '../freeze/blocks';
import { FreezeState } from '../freeze/freezeState';
import { previewGrid } from './augment';
import { valueAt } from './arrays';
import { evaluateModel } from './evaluate';
import { findLearningRate } from './lrFinder';
import { frozenBlocksFor, geometricLrMultipliers, type StrategyPreset } from '../freeze/presets';
import { ForgettingSupport, type ForgettingHooks } from './forgetting';
import { loadBuiltInSourceHead } from '../models/builtIn';
import { i18n } from '../common/i18n/i18n';
import { loadTargetDomain } from './targetLoading';

/** A dataset as the engine holds it: labels and split in memory, pixels behind a source that streams them. */
interface LoadedDataset {
  source: DatasetSource;
  classNames: string[];
  /** Class of each image, by position in `pixels`. */
  labels: Int32Array;
  split: SplitIndices;
  pixels: PixelSource;
  summary: DatasetSummary;
}

/** A dataset streamed at one input size (the model's, or a default before there is a model). */
interface DataStage {
  readonly dataset: LoadedDataset;
  readonly data: TrainingData;
}

/** The size photos stream at before a model says its own, and a from-scratch model's size on photos unless one is asked for. */
const SIZE_BEFORE_A_MODEL = DEFAULT_PHOTO_INPUT_SIZE;

/** A built model with its spec and freeze state. */
interface ModelStage {
  readonly spec: ModelSpec;
  readonly model: tf.LayersModel;
  readonly freeze: FreezeState;
}

/** The last checkpoint's run, restored into the model and waiting for `resumeSavedRun`. */
interface RestoredRunState {
  readonly runId: string;
  readonly snapshot: TrainerSnapshot;
  readonly config: TrainConfig;
}

/** A run in progress: its trainer and where its events go. */
interface ActiveRun {
  readonly trainer: Trainer;
  readonly listener: EngineListener;
}

/**
 * The engine's states, each holding what it has: nothing loaded; a dataset; a dataset and a model
 * (perhaps with a restored run to resume); a run in progress on them. A model never comes without
 * its dataset, so code that needs a model gets both from the type.
 */
type EngineState =
  | { readonly kind: 'no data' }
  | { readonly kind: 'data'; readonly data: DataStage }
  | { readonly kind: 'model'; readonly data: DataStage; readonly model: ModelStage; readonly restored: RestoredRunState | null }
  | { readonly kind: 'running'; readonly data: DataStage; readonly model: ModelStage; readonly run: ActiveRun };

type IdleState = Exclude<EngineState, { kind: 'running' }>;

/** A model and its dataset, idle or in a run. */
interface Ready {
  readonly data: DataStage;
  readonly model: ModelStage;
}

interface RunContext {
  runId: string;
  config: TrainConfig;
  dataset: LoadedDataset;
  model: ModelSpec;
}

/** A camera frame waiting for live prediction, with what it asks for. */
interface LiveRequest {
  frame: ImageBitmap;
  topK: number;
  source: 'current' | 'best';
}

type LiveResult = Extract<LiveAnswer, { status: 'done' }>;

/** The best checkpoint's model, kept beside the current one while live prediction uses it (loading it per frame would be far too slow). */
interface LiveBestModel {
  model: tf.LayersModel;
  inputSize: number;
  numClasses: number;
  datasetName: string;
}

/** What the model form asks to build: a model spec whose classes come from the dataset and whose input size may default. */
const BUILD_MODEL_REQUEST = MODEL_SPEC.omit({ numClasses: true, inputSize: true }).extend({ inputSize: MODEL_SPEC.shape.inputSize.optional() });

/**
 * The engine behind the worker boundary: owns the backend, the dataset tensors, the model and its
 * freeze state, and the running trainer. No React, no DOM beyond what tfjs itself needs.
 */
export class Engine implements EngineApi {
  private backend: BackendInfo | null = null;
  private failedBackends: BackendName[] = [];
  private deviceLostReason: string | null = null;
  private memoryLimitBytes: number | null = null;
  private decodedCacheBytes: number | null = null;
  private deviceLost: Promise<string> = new Promise(() => {});
  private state: EngineState = { kind: 'no data' };
  private checkpointWrites: Promise<void> = Promise.resolve();
  /** Settles when the page has taken the last epoch event (stored its curves), or after EPOCH_HEARD_WAIT_MS. */
  private epochHeard: Promise<void> = Promise.resolve();
  /** What keeps the engine busy outside a run (the learning-rate finder), so other calls wait for it; null when nothing. */
  private busyWith: string | null = null;
  /** The config of the engine's latest run (or of the last imported model), written into exports; a new model keeps it. */
  private lastRunConfig: TrainConfig | null = null;
  /** Pretrained weights, source task and Fisher information: forgetting measured and held back (L2-SP, EWC). */
  private readonly forgetting = new ForgettingSupport(loadBuiltInSourceHead);

  /** Live camera frames: one inferred at a time, at once when idle, between two steps during a run. */
  private readonly live = new LiveFrames<LiveRequest, LiveResult>(
    (request) => this.inferFrame(request),
    (request) => request.frame.close(),
    () => this.state.kind !== 'running' || this.state.run.trainer.waitingWhilePaused,
  );
  private liveBest: Promise<LiveBestModel> | null = null;
  /** The live inference under way, so the best model it uses is disposed only after it. */
  private liveInferring: Promise<unknown> = Promise.resolve();

  /**
   * `tfjsRuntime`: where the demo page export gets tf.min.js (the built asset in the browser; a file in tests).
   * `readFrame`: a camera frame's pixels at about a model's input size (the browser's resize; tests hand in their own).
   */
  constructor(
    private readonly tfjsRuntime: () => Promise<Uint8Array> = loadTfjsRuntime,
    private readonly readFrame: (frame: ImageBitmap, inputSize: number) => Promise<ImagePreview> = frameToRgb,
  ) {}

  async init(preferred: BackendName | null): Promise<BackendInfo> {
    const backend = await selectBackend(preferred, this.failedBackends);
    this.backend = backend;
    this.deviceLostReason = null;
    const active = backend.name;
    this.deviceLost = new Promise((resolve) => watchDeviceLoss(active, (reason) => {
      if (this.backend?.name === active) this.deviceLostReason = reason;
      resolve(reason);
    }));
    return backend;
  }

  async loadSampleDataset(spec: SampleDatasetSpec): Promise<DatasetSummary> {
    this.assertIdle(i18n.t('engine:state.action.changeDataset'));
    const checked = parseOrThrow(SAMPLE_DATASET_SPEC, spec, 'Sample dataset');
    const images = generateSampleDataset(checked);
    const split = stratifiedSplit(images.labels, images.classNames.length, checked.validationFraction, checked.seed, checked.testFraction ?? 0);
    const heldOut = split.test.length > 0 ? `, ${split.test.length} test images held out` : '';
    const name = `Sample shapes (${checked.imageSize} px, seed ${checked.seed}${checked.imbalanced ? ', imbalanced' : ''}${heldOut})`;
    return this.useDataset({ kind: 'sample', spec: checked }, name, images.classNames, images.labels, split, new InMemoryPixels(images), images.imageSize);
  }

  /**
   * Reads only the manifest: images are read and decoded batch by batch while the run trains, so a
   * dataset of any size is ready at once. Test images stay out of training and validation: they are
   * read only to score a model once it is trained (`scoreTestSplit`).
   */
  async loadStoredDataset(datasetId: string): Promise<DatasetSummary> {
    this.assertIdle(i18n.t('engine:state.action.changeDataset'));
    const manifest = await loadManifest(datasetId);
    if (!manifest) throw new Error(i18n.t('engine:dataset.gone'));
    if (manifest.classNames.length < 2) throw new Error(i18n.t('engine:dataset.oneClass'));
    const used = manifest.images;
    const split: SplitIndices = { train: [], validation: [], test: [] };
    used.forEach((image, i) => split[image.split === 'validation' ? 'validation' : image.split === 'test' ? 'test' : 'train'].push(i));
    if (split.train.length === 0 || split.validation.length === 0) {
      throw new Error(i18n.t('engine:dataset.needsBothSplits'));
    }
    const size = this.currentModel()?.spec.inputSize ?? SIZE_BEFORE_A_MODEL;
    const pixels = new StoredPixels(used, (ids) => loadImages(datasetId, ids), decodeToRgb, this.decodedCacheBytes ?? defaultDecodedCacheBytes(), size);
    const test = split.test.length;
    const name = `${manifest.name}${test > 0 ? ` (${test} test images held out)` : ''}`;
    return this.useDataset({ kind: 'stored', datasetId }, name, [...manifest.classNames], Int32Array.from(used, (image) => image.classIndex), split, pixels, null);
  }

  async setDecodedCacheBudget(bytes: number | null): Promise<void> {
    if (bytes !== null && !(Number.isFinite(bytes) && bytes >= 0)) throw new Error(i18n.t('engine:dataset.cacheSize'));
    this.decodedCacheBytes = bytes;
    // The dataset loaded now takes the new budget at once (a smaller one evicts), even mid-run.
    if (this.state.kind !== 'no data') this.state.data.dataset.pixels.setCacheBudget(bytes ?? defaultDecodedCacheBytes());
  }

  async renameClasses(classNames: string[]): Promise<DatasetSummary> {
    const { dataset } = this.requireData();
    if (classNames.length !== dataset.classNames.length || classNames.some((n) => typeof n !== 'string' || !n.trim())) {
      throw new Error(i18n.t('engine:dataset.rename'));
    }
    dataset.classNames = [...classNames];
    dataset.summary = { ...dataset.summary, classNames: [...classNames] };
    return dataset.summary;
  }

  /** The new dataset replaces the old one; a model stays, and the images stream at its input size. */
  private useDataset(
    source: DatasetSource, name: string, classNames: string[], labels: Int32Array, split: SplitIndices, pixels: PixelSource, imageSize: number | null,
  ): DatasetSummary {
    const state = this.idle(i18n.t('engine:state.action.changeDataset'));
    const n = classNames.length;
    const summary: DatasetSummary = {
      source,
      name,
      classNames,
      imageSize,
      trainCounts: countPerClass(labels, split.train, n),
      validationCounts: countPerClass(labels, split.validation, n),
      testCounts: countPerClass(labels, split.test, n),
      validationLabels: split.validation.map((i) => valueAt(labels, i)),
      unreadable: [],
    };
    const dataset: LoadedDataset = { source, classNames, labels, split, pixels, summary };
    if (state.kind === 'model') {
      this.state = { kind: 'model', data: streamAt(dataset, state.model.spec.inputSize), model: state.model, restored: null };
    } else {
      this.state = { kind: 'data', data: streamAt(dataset, imageSize ?? SIZE_BEFORE_A_MODEL) };
    }
    return summary;
  }

  async buildModel(request: BuildModelRequest, onProgress?: (fraction: number) => void): Promise<ModelSummary> {
    this.assertIdle(i18n.t('engine:state.action.changeModel'));
    this.forgetRestoredRun();
    const { dataset } = this.requireData(i18n.t('engine:state.loadDatasetBeforeModel'));
    const checked = parseOrThrow(BUILD_MODEL_REQUEST, request, i18n.t('engine:invalid.model'));
    const entry = catalogEntry(checked.architecture);
    const spec: ModelSpec = {
      ...checked,
      inputSize: checked.inputSize ?? entry.defaultInputSize ?? dataset.summary.imageSize ?? SIZE_BEFORE_A_MODEL,
      numClasses: dataset.classNames.length,
    };
    // Built before the old model goes, so a failed download leaves the studio as it was.
    const model = await buildModelFromCatalog(spec, onProgress, INDEXEDDB_MODEL_STORE);
    return this.install(model, spec, entry.pretrained).freeze.summary();
  }

  /** Makes `model` the current one (the old one is disposed); a pretrained backbone starts frozen below the head. */
  private install(model: tf.LayersModel, spec: ModelSpec, frozenBackbone: boolean): ModelStage {
    const state = this.idle(i18n.t('engine:state.action.changeModel'));
    if (state.kind === 'no data') throw new Error(i18n.t('engine:state.loadDataset'));
    if (state.kind === 'model' && state.model.model !== model) state.model.model.dispose();
    const freeze = new FreezeState(model, groupLayersIntoBlocks(model));
    if (frozenBackbone) freeze.blocks.filter((b) => b.id !== 'head').forEach((b) => freeze.setFrozen(b.id, true));
    const installed: ModelStage = { spec, model, freeze };
    this.forgetting.capture(model, freeze, frozenBackbone);
    const data = state.data.data.inputSize === spec.inputSize ? state.data : streamAt(state.data.dataset, spec.inputSize);
    this.state = { kind: 'model', data, model: installed, restored: null };
    return installed;
  }

  /** A model that did not train here (an import) scored on validation, and on the test split when there is one. */
  private async evaluateValidation(): Promise<{ validationLoss: number; validationAccuracy: number; test: TestScore | null }> {
    const { data, model } = this.requireModel();
    const evaluator = new Trainer(model.model, model.freeze, data.data, { epochs: 1, batchSize: 32, seed: 0, optimizer: DEFAULT_OPTIMIZER });
    const evaluation = await evaluator.evaluateValidation();
    evaluator.dispose();
    const test = await this.scoreTestSplit(model.model, model.spec.inputSize, 0);
    this.reportUnreadable(data.dataset, () => {});
    return { validationLoss: evaluation.loss, validationAccuracy: evaluation.accuracy, test };
  }

  /**
   * `model` (at input size `size`) scored on the dataset's held-out test split; null when it has none.
   * The only reader of the test images: it runs after training and chooses nothing.
   */
  private async scoreTestSplit(model: tf.LayersModel, size: number, epoch: number): Promise<TestScore | null> {
    const { dataset } = this.requireData();
    const test = dataset.split.test;
    if (test.length === 0) return null;
    const labels = Int32Array.from(test, (i) => valueAt(dataset.labels, i));
    const result = await evaluateModel(model, {
      labels, numClasses: dataset.classNames.length, batchSize: TEST_BATCH_SIZE,
      batchAt: async (start, end) => {
        const batch = await loadBatch(dataset.pixels, test.slice(start, end), size);
        return { input: batch.images, kept: batch.kept };
      },
      prefetch: (start, end) => dataset.pixels.prefetch(test.slice(start, end)),
    });
    return { loss: result.loss, accuracy: result.accuracy, images: result.predictions.filter((p) => p >= 0).length, epoch };
  }

  /**
   * After a run: its final weights and its best epoch's (copied to the CPU at that epoch) on the test
   * split. The model gets its final weights back, bit for bit. Sent only when the dataset has a test split.
   */
  private async reportTestScores(model: tf.LayersModel, size: number, finalEpoch: number, best: BestWeights | null, listener: EngineListener): Promise<void> {
    try {
      const final = await this.scoreTestSplit(model, size, finalEpoch);
      if (!final) return;
      let bestScore: TestScore | null = null;
      if (best) {
        const current = model.weights.map((w) => w.read().clone());
        try {
          restoreWeights(model, best.weights);
          bestScore = await this.scoreTestSplit(model, size, best.epoch);
        } finally {
          model.setWeights(current);
          tf.dispose(current);
        }
      }
      listener({ type: 'test', scores: { final, best: bestScore } });
    } catch (error) {
      listener({ type: 'test', scores: null, message: i18n.t('engine:run.testNotScored', { reason: errorMessage(error) }) });
    }
  }

  /** Works mid-run too: the change takes effect at the next step and is logged on the run's charts. */
  async setBlockFrozen(blockId: string, frozen: boolean): Promise<ModelSummary> {
    const { freeze } = this.requireModel().model;
    const state = this.state;
    if (freeze.setFrozen(blockId, frozen) && state.kind === 'running') {
      const { trainer, listener } = state.run;
      listener({ type: 'freeze', step: trainer.step, epoch: trainer.epoch, blockId, frozen });
    }
    return freeze.summary();
  }

  async modelSummary(): Promise<ModelSummary> {
    return this.requireModel().model.freeze.summary();
  }

  async applyPreset(preset: StrategyPreset): Promise<ModelSummary> {
    const { freeze } = this.requireModel().model;
    const frozen = frozenBlocksFor(freeze.blocks.map((b) => b.id), preset);
    for (const block of freeze.blocks) await this.setBlockFrozen(block.id, frozen.has(block.id));
    return freeze.summary();
  }

  async setBlockLrMultiplier(blockId: string, multiplier: number): Promise<ModelSummary> {
    const { freeze } = this.requireModel().model;
    freeze.setLrMultiplier(blockId, multiplier);
    return freeze.summary();
  }

  async setGeometricLrDecay(alpha: number): Promise<ModelSummary> {
    if (!(alpha > 0 && alpha <= 1)) throw new Error(i18n.t('engine:dataset.decayFactor'));
    const { freeze } = this.requireModel().model;
    const multipliers = geometricLrMultipliers(freeze.blocks.map((b) => b.id), alpha);
    for (const [id, m] of Object.entries(multipliers)) freeze.setLrMultiplier(id, m);
    return freeze.summary();
  }

  /** The config crossed the worker border: it is checked (every wrong field named) before anything is allocated. */
  async train(config: TrainConfig, listener: EngineListener, runId = newRunId()): Promise<RunState> {
    const checked = parseOrThrow(TRAIN_CONFIG, config, i18n.t('engine:invalid.training'));
    this.forgetRestoredRun();
    return this.runTraining(checked, listener, { runId, snapshot: null });
  }

  async findLearningRate(config: TrainConfig, onProgress?: (progress: LrFinderProgress) => void, steps?: number): Promise<LrFinderResult> {
    const checked = parseOrThrow(TRAIN_CONFIG, config, i18n.t('engine:invalid.training'));
    const state = this.idle(i18n.t('engine:state.action.findLearningRate'));
    if (state.kind !== 'model') throw new Error(i18n.t('engine:state.loadAndBuildForFinder'));
    this.busyWith = i18n.t('engine:state.finder');
    try {
      return await findLearningRate(state.model.model, state.model.freeze, state.data.data, checked, onProgress, steps);
    } finally {
      this.busyWith = null;
    }
  }

  async savedCheckpoints(): Promise<SavedCheckpoints> {
    await this.checkpointWrites;
    const [last, best] = await Promise.all([loadCheckpointMeta('last'), loadCheckpointMeta('best')]);
    return { last, best };
  }

  async restoreSavedRun(): Promise<RestoredRun> {
    this.assertIdle(i18n.t('engine:state.action.restoreRun'));
    await this.checkpointWrites;
    const checkpoint = await loadCheckpoint('last');
    if (!checkpoint) throw new Error(i18n.t('engine:checkpoint.noSavedRun'));
    const { data, meta } = checkpoint;
    const dataset = data.dataset.kind === 'stored'
      ? await this.loadStoredDataset(data.dataset.datasetId)
      : await this.loadSampleDataset(data.dataset.spec);
    const { numClasses: _numClasses, ...request } = data.model;
    await this.buildModel(request);
    const state = this.idle(i18n.t('engine:state.action.restoreRun'));
    if (state.kind !== 'model') throw new Error(i18n.t('engine:state.loadAndBuild'));
    restoreWeights(state.model.model, data.snapshot.weights);
    state.model.freeze.restore(data.snapshot.freeze);
    this.state = { ...state, restored: { runId: meta.runId, snapshot: data.snapshot, config: data.config } };
    return { dataset, model: state.model.freeze.summary(), modelSpec: data.model, meta, config: data.config };
  }

  async resumeSavedRun(listener: EngineListener): Promise<RunState> {
    const restored = this.state.kind === 'model' ? this.state.restored : null;
    if (!restored) throw new Error(i18n.t('engine:checkpoint.restoreFirst'));
    this.forgetRestoredRun();
    return this.runTraining(restored.config, listener, restored);
  }

  async loadBestWeights(): Promise<CheckpointMeta> {
    this.assertIdle(i18n.t('engine:state.action.loadWeights'));
    const checkpoint = await loadCheckpoint('best');
    if (!checkpoint) throw new Error(i18n.t('engine:checkpoint.noBest'));
    const saved = checkpoint.data.model;
    const current = this.currentModel();
    if (!current || saved.architecture !== current.spec.architecture || saved.numClasses !== current.spec.numClasses
      || saved.inputSize !== current.spec.inputSize || saved.width !== current.spec.width) {
      throw new Error(i18n.t('engine:checkpoint.bestOtherModel', { model: checkpoint.meta.modelName, dataset: checkpoint.meta.datasetName }));
    }
    restoreWeights(current.model, checkpoint.data.snapshot.weights);
    return checkpoint.meta;
  }

  async exportModel(request: ExportRequest): Promise<ExportedFile> {
    this.assertIdle(i18n.t('engine:state.action.export'));
    if (request.source === 'best') {
      return this.withBestCheckpointModel((model, best) =>
        this.exportFrom(model, best.data.model, best.data.config, best.data.snapshot.freeze, best.meta.epoch, request));
    }
    const { model } = this.requireModel();
    return this.exportFrom(model.model, model.spec, this.lastRunConfig, model.freeze.snapshot(), null, request);
  }

  private async exportFrom(
    model: tf.LayersModel, spec: ModelSpec, training: TrainConfig | null, freeze: FreezeSnapshot | null, epoch: number | null, request: ExportRequest,
  ): Promise<ExportedFile> {
    const { dataset } = this.requireData();
    const test = await this.scoreTestSplit(model, spec.inputSize, epoch ?? request.metrics.at(-1)?.epoch ?? 0);
    const config: ExportedConfig = {
      kind: 'thaw-model', version: 1, exportedAt: new Date().toISOString(), source: request.source, epoch,
      model: spec, training, freeze, dataset: { name: dataset.summary.name, classNames: dataset.summary.classNames },
    };
    const stem = `thaw-${spec.architecture}${request.source === 'best' ? `-best-epoch-${epoch}` : ''}`;
    const bytes = await exportArchive(model, {
      labels: dataset.summary.classNames, preprocessing: preprocessingFor(spec.inputSize), config, metrics: request.metrics, test,
      title: `${stem} (${dataset.summary.name})`,
    }, request.format, { tfjsRuntime: this.tfjsRuntime });
    return { fileName: `${stem}${EXPORT_FILE_SUFFIX[request.format]}.zip`, bytes };
  }

  /** The best checkpoint as a temporary model beside the current one (which stays as it is), disposed after `use`. */
  private async withBestCheckpointModel<T>(use: (model: tf.LayersModel, best: Checkpoint) => Promise<T>): Promise<T> {
    await this.checkpointWrites;
    const best = await loadCheckpoint('best');
    if (!best) throw new Error(i18n.t('engine:checkpoint.noBestYet'));
    const model = await buildModelFromCatalog(best.data.model, undefined, INDEXEDDB_MODEL_STORE);
    try {
      restoreWeights(model, best.data.snapshot.weights);
      return await use(model, best);
    } finally {
      model.dispose();
    }
  }

  async predict(image: ImagePreview, topK: number, source: 'current' | 'best' = 'current'): Promise<Prediction[]> {
    const checked = parseOrThrow(IMAGE_PREVIEW, image, i18n.t('engine:invalid.image'));
    const labels = this.requireData().dataset.summary.classNames;
    if (source === 'best') {
      return this.withBestCheckpointModel((model, best) => {
        if (best.data.model.numClasses !== labels.length) throw new Error(i18n.t('engine:checkpoint.bestOtherClasses', { dataset: best.meta.datasetName }));
        return this.predictWith(model, best.data.model.inputSize, labels, checked, topK);
      });
    }
    const { model } = this.requireModel();
    return this.predictWith(model.model, model.spec.inputSize, labels, checked, topK);
  }

  /** A Grad-CAM heatmap of one picture (see `EngineApi.gradCam`); the best checkpoint's is taken beside the current model. */
  async gradCam(image: ImagePreview, request: GradCamRequest): Promise<GradCamResult> {
    const checked = parseOrThrow(IMAGE_PREVIEW, image, i18n.t('engine:invalid.image'));
    const asked = parseOrThrow(GRAD_CAM_REQUEST, request, i18n.t('engine:invalid.heatmap'));
    const classNames = this.requireData().dataset.summary.classNames;
    if (asked.source === 'best') {
      return this.withBestCheckpointModel((model, best) => {
        if (best.data.model.numClasses !== classNames.length) throw new Error(i18n.t('engine:checkpoint.bestOtherClasses', { dataset: best.meta.datasetName }));
        return heatmapOf({ model, inputSize: best.data.model.inputSize, blocks: groupLayersIntoBlocks(model), classNames }, checked, asked);
      });
    }
    const { model } = this.requireModel();
    return heatmapOf({ model: model.model, inputSize: model.spec.inputSize, blocks: model.freeze.blocks, classNames }, checked, asked);
  }

  async gradCamFrame(frame: ImageBitmap, request: GradCamRequest): Promise<GradCamResult> {
    try {
      return await this.gradCam(bitmapToImage(frame), request);
    } finally {
      frame.close();
    }
  }

  private async predictWith(model: tf.LayersModel, size: number, labels: string[], image: ImagePreview, topK: number): Promise<Prediction[]> {
    const { width, height, rgb } = image;
    // The same centre crop and resize as validation, so a picture is judged as the model was trained to see it.
    const x = imagesToInput([{ width, height, rgb }], size);
    const probabilities = tf.tidy(() => tf.softmax(forwardWithPerLayerTraining(model, x, () => false) as tf.Tensor2D));
    x.dispose();
    const values = await probabilities.data();
    probabilities.dispose();
    return Array.from(values, (probability, i) => ({ label: labels[i] ?? `class ${i + 1}`, probability }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, Math.max(1, Math.floor(topK)));
  }

  async predictFrame(frame: ImageBitmap, topK: number, source: 'current' | 'best'): Promise<LiveAnswer> {
    const outcome = await this.live.submit({ frame, topK, source });
    return outcome.status === 'skipped' ? { status: 'skipped' } : outcome.result;
  }

  private async inferFrame({ frame, topK, source }: LiveRequest): Promise<LiveResult> {
    const started = performance.now();
    const labels = this.requireData().dataset.summary.classNames;
    const inference = (async () => {
      if (source === 'current') {
        const { model } = this.requireModel();
        return this.predictWith(model.model, model.spec.inputSize, labels, await this.readFrame(frame, model.spec.inputSize), topK);
      }
      const best = await this.liveBestModel();
      if (best.numClasses !== labels.length) throw new Error(i18n.t('engine:checkpoint.bestOtherClasses', { dataset: best.datasetName }));
      return this.predictWith(best.model, best.inputSize, labels, await this.readFrame(frame, best.inputSize), topK);
    })();
    this.liveInferring = inference.catch(() => undefined);
    const predictions = await inference;
    return { status: 'done', predictions, source, inferenceMs: performance.now() - started };
  }

  /** The best checkpoint's model, loaded once and kept until a newer best is saved or checkpoints go. */
  private liveBestModel(): Promise<LiveBestModel> {
    if (this.liveBest) return this.liveBest;
    const loading = (async () => {
      await this.checkpointWrites;
      const best = await loadCheckpoint('best');
      if (!best) throw new Error(i18n.t('engine:checkpoint.noBestToPredict'));
      const model = await buildModelFromCatalog(best.data.model, undefined, INDEXEDDB_MODEL_STORE);
      restoreWeights(model, best.data.snapshot.weights);
      return { model, inputSize: best.data.model.inputSize, numClasses: best.data.model.numClasses, datasetName: best.meta.datasetName };
    })();
    this.liveBest = loading;
    // A failed load is not kept: the next frame tries again (e.g. once the first best checkpoint exists).
    loading.catch(() => { if (this.liveBest === loading) this.liveBest = null; });
    return loading;
  }

  /** The kept best model goes, once the live inference using it (if any) is over. */
  private forgetLiveBest(): void {
    const old = this.liveBest;
    this.liveBest = null;
    if (!old) return;
    void Promise.allSettled([old, this.liveInferring]).then(([loaded]) => {
      if (loaded.status === 'fulfilled') loaded.value.model.dispose();
    });
  }

  async importModel(input: Uint8Array | Record<string, Uint8Array>): Promise<ImportedModel> {
    this.assertIdle(i18n.t('engine:state.action.importModel'));
    const { dataset } = this.requireData();
    const archive = await loadArchive(input, (summary) => {
      const refusal = importMemoryRefusal(summary, memoryLimits(this.backend?.name ?? 'cpu', this.memoryLimitBytes));
      if (refusal) throw new Error(refusal);
    });
    let adopted = false;
    try {
      const read = readExportedConfig(archive.config);
      if (!read.ok && archive.format === 'layers-model') {
        // From here the backbone's layers belong to the new model (or are disposed by the cut).
        adopted = true;
        return await this.useAsBackbone(archive);
      }
      if (!read.ok) {
        throw new Error(archive.format === 'teachable-machine'
          ? i18n.t('engine:import.teachableMachine')
          : i18n.t('engine:import.noConfig', { reason: read.reason }));
      }
      const { config } = read;
      const configIssues = importedModelIssues(config.model, archive.inputSize);
      if (configIssues.length > 0) throw new Error(i18n.t('engine:import.configRefused', { issues: configIssues.join('; ') }));
      const classes = dataset.summary.classNames;
      if (archive.labels.length !== classes.length) {
        throw new Error(i18n.t('engine:import.classCount', { modelCount: archive.labels.length, modelClasses: archive.labels.join(', '), datasetCount: classes.length, datasetClasses: classes.join(', ') }));
      }
      const warnings = [...archive.warnings, ...read.warnings];
      if (archive.labels.some((l, i) => l !== classes[i])) warnings.push(i18n.t('engine:import.labelsDiffer', { modelClasses: archive.labels.join(', '), datasetClasses: classes.join(', ') }));
      const installed = this.install(archive.model, { ...config.model, numClasses: classes.length }, false);
      if (config.freeze) {
        try { installed.freeze.restore(config.freeze); } catch (error) { warnings.push(i18n.t('engine:import.freezeNotRestored', { reason: errorMessage(error) })); }
      }
      this.lastRunConfig = config.training;
      const evaluation = await this.evaluateValidation().catch((error: unknown) => {
        // Scored while another call replaced (and disposed) it: say so, rather than "Tensor is disposed".
        if (this.currentModel()?.model === installed.model) throw error;
        throw new Error(i18n.t('engine:import.replaced'), { cause: error });
      });
      return { model: installed.freeze.summary(), modelSpec: installed.spec, labels: archive.labels, warnings, training: config.training, ...evaluation };
    } catch (error) {
      // A model another call replaced is already disposed: disposing it again would hide the reason.
      if (this.currentModel()?.model !== archive.model && !adopted) {
        try { archive.model.dispose(); } catch { /* already disposed by the install that replaced it */ }
      }
      throw error;
    }
  }

  /**
   * A plain layers model becomes a pretrained backbone: cut at its last feature map, stored for
   * resuming, given a new head for the dataset's classes, frozen below the head.
   */
  private async useAsBackbone(archive: LoadedArchive): Promise<ImportedModel> {
    const name = archive.model.name;
    let built: { model: tf.LayersModel; spec: ModelSpec; featureLayer: string; warning: string | null };
    try {
      const featureLayer = findFeatureLayer(archive.model);
      const { ref, warning } = await storeImportedBackbone(archive.model, name, featureLayer, INDEXEDDB_MODEL_STORE);
      const previous = this.currentModel()?.spec;
      const spec: ModelSpec = {
        architecture: 'imported-backbone', width: previous?.width ?? 8, dropout: previous?.dropout ?? 0.2, seed: previous?.seed ?? 1,
        inputSize: ref.inputSize > 0 ? ref.inputSize : previous?.inputSize ?? 96,
        numClasses: this.requireData().dataset.classNames.length, importedBackbone: ref,
      };
      built = { model: await modelOnImportedBackbone(archive.model, ref, spec), spec, featureLayer, warning };
    } catch (error) {
      try { archive.model.dispose(); } catch { /* already disposed by a resize */ }
      throw new Error(i18n.t('engine:import.notBackbone', { reason: errorMessage(error) }), { cause: error });
    }
    const { model, spec, featureLayer, warning } = built;
    const installed = this.install(model, spec, true);
    const features = installed.model.getLayer(featureLayer).outputShape as number[];
    const warnings = [
      i18n.t('engine:import.nowBackbone', { name, layer: featureLayer, features: features.slice(1).join('×'), classes: spec.numClasses }),
      ...archive.warnings, ...(warning ? [warning] : []),
    ];
    const evaluation = await this.evaluateValidation().catch((error: unknown) => {
      if (this.currentModel()?.model === installed.model) throw error;
      throw new Error(i18n.t('engine:import.replaced'), { cause: error });
    });
    return { model: installed.freeze.summary(), modelSpec: spec, labels: this.requireData().dataset.summary.classNames, warnings, training: null, ...evaluation };
  }

  async discardCheckpoints(): Promise<void> {
    this.forgetRestoredRun();
    this.forgetLiveBest();
    await this.checkpointWrites;
    await deleteCheckpoints();
  }

  private async runTraining(config: TrainConfig, listener: EngineListener, run: { runId: string; snapshot: TrainerSnapshot | null }): Promise<RunState> {
    this.assertIdle(i18n.t('engine:state.action.startRun'));
    const check = await this.memoryCheck(config.batchSize, config.optimizer);
    if (check.refusal) throw new Error(check.refusal);
    // What the estimate leaves free, halved for safety, may hold the frozen-feature cache on the device.
    const featureCacheDeviceBytes = Math.max(0, Math.min(MAX_DEVICE_FEATURE_CACHE_BYTES, (check.limits.totalBytes - check.estimate.totalBytes) / 2));
    const start = this.requireModel(i18n.t('engine:state.loadAndBuild'));
    const context: RunContext = { runId: run.runId, config, dataset: start.data.dataset, model: start.model.spec };
    this.lastRunConfig = config;
    // A new run replaces the previous run's checkpoints; a resumed one keeps writing its own.
    // (If that delete fails, the first epoch's checkpoint overwrites the old ones anyway.)
    if (!run.snapshot) {
      this.forgetLiveBest();
      this.enqueueCheckpointWork(deleteCheckpoints).catch(() => {});
    }
    // Images already known to be unreadable are named under this run too, not only under the run that found them.
    if (start.data.dataset.summary.unreadable.length > 0) listener({ type: 'unreadable', paths: start.data.dataset.summary.unreadable });
    let recoveryPoint = run.snapshot;
    // The best epoch's weights, for scoring them on the test split once the run is over.
    let best: BestWeights | null = null;
    let forgetting: ForgettingHooks | null = null;
    try {
      const domainTarget = config.domainTarget;
      const target = domainTarget
        ? await loadTargetDomain(domainTarget, start.data.dataset.source, start.data.dataset.classNames, start.model.spec.inputSize, this.decodedCacheBytes ?? defaultDecodedCacheBytes())
        : undefined;
      for (;;) {
        const guarded: EngineListener = (event) => {
          if (this.deviceLostReason) throw new DeviceLostError(this.deviceLostReason);
          const heard = listener(event);
          if (event.type === 'epoch') this.epochHeard = settledWithin(heard, EPOCH_HEARD_WAIT_MS);
        };
        // After a lost device the model and tensors are new ones on the next backend.
        const { data, model } = this.requireModel(i18n.t('engine:state.loadAndBuild'));
        forgetting?.dispose();
        forgetting = await this.forgetting.hooksFor(model, config, guarded);
        const trainer: Trainer = new Trainer(model.model, model.freeze, data.data, config, guarded, {
          penalty: forgetting.penalty,
          sourceAccuracy: forgetting.sourceAccuracy,
          target,
          resumeFrom: recoveryPoint ?? undefined,
          featureCacheDeviceBytes,
          betweenSteps: () => this.live.runOne(),
          afterEpoch: async (info) => {
            this.reportUnreadable(data.dataset, listener);
            // Read back once: the copy is both the recovery point for a lost GPU and the checkpoint.
            const snapshot = await trainer.snapshot();
            recoveryPoint = snapshot;
            if (info.improved) best = { epoch: info.epoch, weights: snapshot.weights };
            this.saveCheckpoints(snapshot, info, context, listener);
          },
        });
        this.state = { kind: 'running', data, model, run: { trainer, listener } };
        recoveryPoint ??= await trainer.snapshot();
        try {
          const state = await trainer.run();
          if (this.deviceLostReason) throw new DeviceLostError(this.deviceLostReason);
          await this.reportTestScores(model.model, model.spec.inputSize, trainer.epoch, best, listener);
          return state;
        } catch (error) {
          const lostBackend = this.backend?.name;
          if (!lostBackend || lostBackend === 'cpu' || !(error instanceof DeviceLostError || this.deviceLostReason || isGpuFailure(error))) throw error;
          // A failed readback often arrives before the device's own lost notice, which says more.
          const reason = await Promise.race([this.deviceLost, delay(3000).then(() => errorMessage(error))]);
          // Fall back to the next backend and continue from the last completed epoch.
          this.endRun();
          this.failedBackends.push(lostBackend);
          const backend = await this.init(null);
          await this.rebuildOnCurrentBackend();
          listener({
            type: 'backend', info: backend, resumeEpoch: recoveryPoint.epoch, resumeStep: recoveryPoint.step,
            message: i18n.t('engine:run.deviceLost', { lost: BACKEND_LABELS[lostBackend], reason: reason.replace(/\.+$/, ''), backend: backend.name, epoch: recoveryPoint.epoch }),
          });
        }
      }
    } catch (error) {
      listener({ type: 'status', state: 'failed', message: errorMessage(error) });
      return 'failed';
    } finally {
      // A run stopped mid-epoch still names what it could not read.
      this.reportUnreadable(start.data.dataset, listener);
      forgetting?.dispose();
      this.endRun();
      // The run is over only once its checkpoints are on disk (queued writes never reject).
      await this.checkpointWrites;
    }
  }

  /** Back from a run to the idle model state: the trainer is disposed, model and data stay. */
  private endRun(): void {
    const state = this.state;
    if (state.kind !== 'running') return;
    state.run.trainer.dispose();
    this.state = { kind: 'model', data: state.data, model: state.model, restored: null };
    // A frame that waited for the next step runs now.
    void this.live.runOne();
  }

  /** Checkpoint writes run in order behind training, never blocking the next step; a failure is reported, not fatal. */
  private saveCheckpoints(snapshot: TrainerSnapshot, info: EpochEndInfo, context: RunContext, listener: EngineListener): void {
    const meta = (kind: CheckpointKind, sizeBytes: number): CheckpointMeta => ({
      version: 1, kind, runId: context.runId, savedAt: Date.now(), epoch: info.epoch, totalEpochs: context.config.epochs, step: info.step,
      finished: info.last, validationLoss: info.validationLoss, validationAccuracy: info.validationAccuracy,
      datasetName: context.dataset.summary.name, modelName: modelLabel(context.model), sizeBytes,
    });
    const data = { dataset: context.dataset.source, model: context.model, config: context.config };
    // The page stores an epoch's curves when it hears of the epoch. A checkpoint written before that would let a tab
    // closed in between resume with that epoch missing from its curves and table, so the write waits for it.
    const heard = this.epochHeard;
    const save = (kind: CheckpointKind, saved: TrainerSnapshot) => {
      this.enqueueCheckpointWork(async () => {
        await heard;
        await saveCheckpoint({ meta: meta(kind, checkpointSizeBytes(saved)), data: { ...data, snapshot: saved } });
      }).then(
        () => {
          // Live prediction from the best checkpoint takes the new one from the next frame.
          if (kind === 'best') this.forgetLiveBest();
          listener({ type: 'checkpoint', kind, epoch: info.epoch, saved: true });
        },
        (error: unknown) => listener({ type: 'checkpoint', kind, epoch: info.epoch, saved: false, message: i18n.t('engine:checkpoint.notSaved', { kind, reason: errorMessage(error) }) }),
      );
    };
    // The best checkpoint holds weights only: it is for going back to, not for resuming.
    if (info.improved) save('best', { ...snapshot, optimizer: { ...snapshot.optimizer, slots: [] } });
    save('last', snapshot);
  }

  /** Runs `work` after every earlier checkpoint write; `checkpointWrites` itself never rejects. */
  private enqueueCheckpointWork(work: () => Promise<void>): Promise<void> {
    const done = this.checkpointWrites.then(work);
    this.checkpointWrites = done.catch(() => {});
    return done;
  }

  async pause(): Promise<void> {
    this.activeRun()?.trainer.pause();
  }

  async resume(): Promise<void> {
    this.activeRun()?.trainer.resume();
  }

  async stop(): Promise<void> {
    this.activeRun()?.trainer.stop();
  }

  /** Validation images as the model sees them (centre crop at its input size); unreadable ones and positions outside the split are skipped. */
  async validationImages(positions: number[]): Promise<ImagePreview[]> {
    const { dataset, data } = this.requireData();
    const indices = positions.flatMap((p) => {
      const index = dataset.split.validation[p];
      return index === undefined ? [] : [index];
    });
    if (indices.length === 0) return [];
    return previewsOf((await loadBatch(dataset.pixels, indices, data.inputSize)).images);
  }

  async previewAugmentation(config: AugmentationConfig, count: number, seed: number): Promise<ImagePreview[]> {
    const checked = parseOrThrow(AUGMENTATION_CONFIG, config, 'Augmentation');
    const { dataset, data } = this.requireData();
    const { images } = await loadBatch(dataset.pixels, dataset.split.train.slice(0, 1), data.inputSize);
    if (!images) throw new Error(i18n.t('engine:dataset.firstImage'));
    const grid = tf.tidy(() => previewGrid(images.squeeze<tf.Tensor3D>([0]), checked, seed, Math.max(1, Math.min(64, Math.floor(count)))));
    images.dispose();
    return previewsOf(grid);
  }

  /** One batch at the model's input size: the dataset's size does not matter, since images stream batch by batch. */
  async memoryCheck(batchSize: number, optimizer: OptimizerConfig): Promise<MemoryCheck> {
    const { data, model } = this.requireModel(i18n.t('engine:state.loadAndBuild'));
    if (!this.backend) throw new Error(i18n.t('engine:state.loadAndBuild'));
    // Capped at the split: a batch never holds more images than there are.
    const effectiveBatch = Math.min(batchSize, Math.max(1, data.dataset.split.train.length));
    const entry = catalogEntry(model.spec.architecture);
    const estimate = estimateTrainingMemory({
      params: model.freeze.summary().totalParams, activations: modelActivations(model.model), optimizer,
      batchSize: effectiveBatch, inputSize: model.spec.inputSize,
    });
    return checkTrainingMemory(estimate, memoryLimits(this.backend.name, this.memoryLimitBytes), effectiveBatch, {
      inputSize: model.spec.inputSize, inputSizes: entry.inputSizes ?? null,
    });
  }

  /** Names the stored images found unreadable since the last report, under the run. */
  private reportUnreadable(dataset: LoadedDataset, listener: EngineListener): void {
    const paths = dataset.pixels.unreadable;
    if (paths.length === dataset.summary.unreadable.length) return;
    dataset.summary = { ...dataset.summary, unreadable: paths };
    listener({ type: 'unreadable', paths });
  }

  async setMemoryLimit(bytes: number | null): Promise<void> {
    this.memoryLimitBytes = bytes;
  }

  async simulateDeviceLoss(): Promise<void> {
    if (!this.backend) throw new Error(i18n.t('engine:run.noBackend'));
    forceDeviceLoss(this.backend.name);
  }

  async simulateAllocationFailure(): Promise<void> {
    const run = this.activeRun();
    if (!run) throw new Error(i18n.t('engine:run.noRun'));
    run.trainer.simulateAllocationFailure();
  }

  async simulateCrash(): Promise<void> {
    // Thrown outside any call, so nothing catches it: the worker reports it as its own error.
    setTimeout(() => { throw new Error('simulated engine crash'); });
  }

  /** A fresh model and tensors on the new backend; the trainer then restores weights and freeze state from the recovery point. */
  private async rebuildOnCurrentBackend(): Promise<void> {
    const { data, model } = this.requireModel();
    this.forgetLiveBest();
    try { model.model.dispose(); } catch { /* the old backend is gone; its buffers went with it */ }
    const rebuilt = await buildModelFromCatalog(model.spec, undefined, INDEXEDDB_MODEL_STORE);
    // An L2-SP / EWC run goes on pulling toward the same w₀ (and Fisher), now on the new model.
    this.forgetting.moveTo(model.model, rebuilt);
    this.state = {
      kind: 'model',
      data: streamAt(data.dataset, model.spec.inputSize),
      model: { spec: model.spec, model: rebuilt, freeze: new FreezeState(rebuilt, groupLayersIntoBlocks(rebuilt)) },
      restored: null,
    };
  }

  private requireData(missing = i18n.t('engine:state.loadDataset')): DataStage {
    if (this.state.kind === 'no data') throw new Error(missing);
    return this.state.data;
  }

  /** The model and its dataset, whether idle or in a run. */
  private requireModel(missing = i18n.t('engine:state.buildModel')): Ready {
    const state = this.state;
    if (state.kind !== 'model' && state.kind !== 'running') throw new Error(missing);
    return state;
  }

  private currentModel(): ModelStage | null {
    return this.state.kind === 'model' || this.state.kind === 'running' ? this.state.model : null;
  }

  private activeRun(): ActiveRun | null {
    return this.state.kind === 'running' ? this.state.run : null;
  }

  /** A restored run is forgotten once anything else happens to the model or a new run starts. */
  private forgetRestoredRun(): void {
    if (this.state.kind === 'model' && this.state.restored) this.state = { ...this.state, restored: null };
  }

  /** The state, which must not be a run in progress. */
  private idle(action: string): IdleState {
    const state = this.state;
    if (state.kind === 'running') throw new Error(i18n.t('engine:state.stopRunBefore', { action }));
    if (this.busyWith) throw new Error(i18n.t('engine:state.waitUntil', { busy: this.busyWith, action }));
    return state;
  }

  private assertIdle(action: string): void {
    this.idle(action);
  }
}

class DeviceLostError extends Error {}

const EXPORT_FILE_SUFFIX: Record<ExportFormat, string> = { 'thaw': '', 'teachable-machine': '-teachable-machine', 'onnx': '-onnx', 'demo-page': '-demo' };

const BACKEND_LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' };

/**
 * How long an epoch's checkpoint waits for the page to store that epoch's curves. A page that does not answer (a
 * frozen tab) delays the checkpoint this long at most; the next step never waits for either.
 */
const EPOCH_HEARD_WAIT_MS = 10_000;

/** Settles when `reply` does, fulfilled or not, or after `ms`, whichever comes first. */
function settledWithin(reply: unknown, ms: number): Promise<void> {
  return Promise.race([Promise.resolve(reply).then(() => {}, () => {}), delay(ms)]);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isGpuFailure(error: unknown): boolean {
  return /device.*lost|context.*lost|GPUDevice|mapAsync|instance reference|OperationError/i.test(errorMessage(error));
}

/** Test images scored per batch (inference only: no gradients or optimizer state beside them). */
const TEST_BATCH_SIZE = 32;

/** A run's best epoch and its weights as the checkpoint copied them to the CPU. */
interface BestWeights {
  epoch: number;
  weights: readonly WeightValues[];
}

/** The frozen-feature cache lives on the device only up to this size (and what the memory estimate leaves free). */
const MAX_DEVICE_FEATURE_CACHE_BYTES = 768 * 1024 * 1024;

function streamAt(dataset: LoadedDataset, inputSize: number): DataStage {
  return { dataset, data: new StreamingData(dataset.pixels, dataset.split, dataset.labels, dataset.classNames.length, inputSize) };
}

/** Images in [−1, 1] back to RGB bytes for the page; the tensor is disposed. */
async function previewsOf(images: tf.Tensor4D | null): Promise<ImagePreview[]> {
  if (!images) return [];
  const [count, height, width] = images.shape;
  const bytes = tf.tidy(() => images.add(1).mul(127.5).round().clipByValue(0, 255).toInt());
  const values = await bytes.data();
  tf.dispose([images, bytes]);
  const perImage = height * width * 3;
  return Array.from({ length: count }, (_, i) => ({ width, height, rgb: Uint8Array.from(values.subarray(i * perImage, (i + 1) * perImage)) }));
}

