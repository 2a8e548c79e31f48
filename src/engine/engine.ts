import * as tf from '@tensorflow/tfjs';
import type {
  AugmentationConfig, BackendInfo, BackendName, BuildModelRequest, DatasetSummary, ImagePreview, EngineApi, EngineEvent, EngineListener, MemoryReport,
  ModelSpec, ModelSummary, RunState, SampleDatasetSpec, TrainConfig,
} from './api';
import { errorMessage, forceDeviceLoss, selectBackend, watchDeviceLoss } from './backend';
import { Trainer, type TrainingData } from './trainer';
import { generateSampleDataset, type GeneratedImages } from '../data/sampleDataset';
import { countPerClass, stratifiedSplit, type SplitIndices } from '../data/split';
import { preprocessPixels } from '../data/tensors';
import { buildModelFromCatalog, catalogEntry } from '../models/catalog';
import { groupLayersIntoBlocks } from '../freeze/blocks';
import { FreezeState } from '../freeze/freezeState';
import { previewGrid, validateAugmentation } from './augment';
import { frozenBlocksFor, geometricLrMultipliers, type StrategyPreset } from '../freeze/presets';

interface LoadedDataset {
  images: GeneratedImages;
  split: SplitIndices;
  summary: DatasetSummary;
}

type WeightSnapshot = { values: Float32Array; shape: number[] }[];

/**
 * The engine behind the worker boundary: owns the backend, the dataset tensors, the model and its
 * freeze state, and the running trainer. No React, no DOM beyond what tfjs itself needs.
 */
export class Engine implements EngineApi {
  private backend: BackendInfo | null = null;
  private failedBackends: BackendName[] = [];
  private deviceLostReason: string | null = null;
  private deviceLost: Promise<string> = new Promise(() => {});
  private dataset: LoadedDataset | null = null;
  private tensors: TrainingData | null = null;
  private modelSpec: ModelSpec | null = null;
  private model: tf.LayersModel | null = null;
  private freeze: FreezeState | null = null;
  private trainer: Trainer | null = null;
  private listener: EngineListener | null = null;

  async init(preferred: BackendName | null): Promise<BackendInfo> {
    this.backend = await selectBackend(preferred, this.failedBackends);
    this.deviceLostReason = null;
    const active = this.backend.name;
    this.deviceLost = new Promise((resolve) => watchDeviceLoss(active, (reason) => {
      if (this.backend?.name === active) this.deviceLostReason = reason;
      resolve(reason);
    }));
    return this.backend;
  }

  async loadSampleDataset(spec: SampleDatasetSpec): Promise<DatasetSummary> {
    this.assertIdle('change the dataset');
    const images = generateSampleDataset(spec);
    const split = stratifiedSplit(images.labels, images.classNames.length, spec.validationFraction, spec.seed);
    const n = images.classNames.length;
    const summary: DatasetSummary = {
      name: `Sample shapes (${spec.imageSize} px, seed ${spec.seed}${spec.imbalanced ? ', imbalanced' : ''})`,
      classNames: images.classNames,
      imageSize: images.imageSize,
      trainCounts: countPerClass(images.labels, split.train, n),
      validationCounts: countPerClass(images.labels, split.validation, n),
      validationLabels: split.validation.map((i) => images.labels[i]),
    };
    this.dataset = { images, split, summary };
    this.uploadDataset();
    return summary;
  }

  async buildModel(request: BuildModelRequest, onProgress?: (fraction: number) => void): Promise<ModelSummary> {
    this.assertIdle('change the model');
    if (!this.dataset) throw new Error('Load a dataset before building a model');
    const entry = catalogEntry(request.architecture);
    const spec: ModelSpec = {
      ...request,
      inputSize: request.inputSize ?? entry.defaultInputSize ?? this.dataset.images.imageSize,
      numClasses: this.dataset.images.classNames.length,
    };
    // Built before the old model goes, so a failed download leaves the studio as it was.
    const model = await buildModelFromCatalog(spec, onProgress);
    this.model?.dispose();
    this.model = model;
    this.freeze = new FreezeState(model, groupLayersIntoBlocks(model));
    if (entry.pretrained) this.freeze.blocks.filter((b) => b.id !== 'head').forEach((b) => this.freeze!.setFrozen(b.id, true));
    const resize = spec.inputSize !== this.modelSpec?.inputSize;
    this.modelSpec = spec;
    if (resize) this.uploadDataset();
    return this.freeze.summary();
  }

  async setBlockFrozen(blockId: string, frozen: boolean): Promise<ModelSummary> {
    const freeze = this.requireFreeze();
    if (freeze.setFrozen(blockId, frozen) && this.trainer && this.listener) {
      this.listener({ type: 'freeze', step: this.trainer.step, epoch: this.trainer.epoch, blockId, frozen });
    }
    return freeze.summary();
  }

  async modelSummary(): Promise<ModelSummary> {
    return this.requireFreeze().summary();
  }

  async applyPreset(preset: StrategyPreset): Promise<ModelSummary> {
    const freeze = this.requireFreeze();
    const frozen = frozenBlocksFor(freeze.blocks.map((b) => b.id), preset);
    for (const block of freeze.blocks) await this.setBlockFrozen(block.id, frozen.has(block.id));
    return freeze.summary();
  }

  async setBlockLrMultiplier(blockId: string, multiplier: number): Promise<ModelSummary> {
    const freeze = this.requireFreeze();
    freeze.setLrMultiplier(blockId, multiplier);
    return freeze.summary();
  }

  async setGeometricLrDecay(alpha: number): Promise<ModelSummary> {
    if (!(alpha > 0 && alpha <= 1)) throw new Error('The decay factor α must be in (0, 1]');
    const freeze = this.requireFreeze();
    const multipliers = geometricLrMultipliers(freeze.blocks.map((b) => b.id), alpha);
    for (const [id, m] of Object.entries(multipliers)) freeze.setLrMultiplier(id, m);
    return freeze.summary();
  }

  async train(config: TrainConfig, listener: EngineListener): Promise<RunState> {
    this.assertIdle('start another run');
    if (!this.model || !this.tensors) throw new Error('Load a dataset and build a model first');
    let remaining = config.epochs;
    let epochOffset = 0;
    let stepOffset = 0;
    try {
      for (;;) {
        let recoveryPoint = await this.readWeights();
        let completedEpochs = 0;
        let completedSteps = 0;
        const offsetListener = (event: EngineEvent) => {
          if (this.deviceLostReason) throw new DeviceLostError(this.deviceLostReason);
          if (event.type === 'epoch') {
            // The recovery point moves to each completed epoch, read back while the next one starts.
            void this.readWeights().then((weights) => {
              recoveryPoint = weights;
              completedEpochs = event.epoch;
              completedSteps = event.step;
            }).catch(() => {});
          }
          listener(shiftEvent(event, epochOffset, stepOffset));
        };
        // A user's freeze clicks are numbered like the run's own events, across a backend switch too.
        this.listener = (event) => listener(shiftEvent(event, epochOffset, stepOffset));
        this.trainer = new Trainer(this.model!, this.freeze!, this.tensors!, { ...config, epochs: remaining }, offsetListener);
        try {
          const state = await this.trainer.run();
          if (this.deviceLostReason) throw new DeviceLostError(this.deviceLostReason);
          return state;
        } catch (error) {
          const lostBackend = this.backend?.name;
          if (!lostBackend || lostBackend === 'cpu' || !(error instanceof DeviceLostError || this.deviceLostReason || isGpuFailure(error))) throw error;
          // A failed readback often arrives before the device's own lost notice, which says more.
          const reason = await Promise.race([this.deviceLost, delay(3000).then(() => errorMessage(error))]);
          // Fall back to the next backend and continue from the last completed epoch.
          this.trainer.dispose();
          this.trainer = null;
          this.failedBackends.push(lostBackend);
          await this.init(null);
          await this.rebuildOnCurrentBackend(recoveryPoint);
          listener({
            type: 'backend', info: this.backend!, resumeEpoch: epochOffset + completedEpochs, resumeStep: stepOffset + completedSteps,
            message: `The ${BACKEND_LABELS[lostBackend]} device was lost (${reason.replace(/\.+$/, '')}). Switched to ${this.backend!.name} and resumed after epoch ${epochOffset + completedEpochs}.`,
          });
          epochOffset += completedEpochs;
          stepOffset += completedSteps;
          remaining -= completedEpochs;
          if (remaining <= 0) return 'finished';
        }
      }
    } catch (error) {
      listener({ type: 'status', state: 'failed', message: errorMessage(error) });
      return 'failed';
    } finally {
      this.trainer?.dispose();
      this.trainer = null;
      this.listener = null;
    }
  }

  async pause(): Promise<void> {
    this.trainer?.pause();
  }

  async resume(): Promise<void> {
    this.trainer?.resume();
  }

  async stop(): Promise<void> {
    this.trainer?.stop();
  }

  async validationImages(positions: number[]): Promise<ImagePreview[]> {
    const { images, split } = this.requireDataset();
    const size = images.imageSize;
    const perImage = size * size * 3;
    return positions
      .filter((p) => Number.isInteger(p) && p >= 0 && p < split.validation.length)
      .map((p) => {
        const index = split.validation[p];
        return { width: size, height: size, rgb: images.pixels.slice(index * perImage, (index + 1) * perImage) };
      });
  }

  async previewAugmentation(config: AugmentationConfig, count: number, seed: number): Promise<ImagePreview[]> {
    const errors = validateAugmentation(config);
    if (errors.length > 0) throw new Error(errors.join('; '));
    const { images, split } = this.requireDataset();
    const size = images.imageSize;
    const grid = tf.tidy(() => {
      const one = preprocessPixels(images.pixels, [split.train[0] ?? 0], size).squeeze([0]) as tf.Tensor3D;
      return previewGrid(one, config, seed, Math.max(1, Math.min(64, Math.floor(count))));
    });
    const bytes = tf.tidy(() => grid.add(1).mul(127.5).round().clipByValue(0, 255).toInt());
    const values = await bytes.data();
    tf.dispose([grid, bytes]);
    const perImage = size * size * 3;
    return Array.from({ length: grid.shape[0] }, (_, i) => ({ width: size, height: size, rgb: Uint8Array.from(values.subarray(i * perImage, (i + 1) * perImage)) }));
  }

  async memory(): Promise<MemoryReport> {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  }

  async simulateDeviceLoss(): Promise<void> {
    if (!this.backend) throw new Error('No backend initialised');
    forceDeviceLoss(this.backend.name);
  }

  private uploadDataset(): void {
    const { images, split } = this.dataset!;
    if (this.tensors) tryDispose([this.tensors.trainImages, this.tensors.validationImages]);
    const size = this.modelSpec?.inputSize ?? images.imageSize;
    const prepare = (indices: number[]) => resizeTo(preprocessPixels(images.pixels, indices, images.imageSize), size);
    this.tensors = {
      trainImages: prepare(split.train),
      trainLabels: Int32Array.from(split.train.map((i) => images.labels[i])),
      validationImages: prepare(split.validation),
      validationLabels: Int32Array.from(split.validation.map((i) => images.labels[i])),
      numClasses: images.classNames.length,
    };
  }

  /** Weights copied to the CPU so a lost GPU cannot take them with it. */
  private async readWeights(): Promise<WeightSnapshot> {
    return Promise.all(this.model!.weights.map(async (w) => ({ values: (await w.read().data()) as Float32Array, shape: w.shape as number[] })));
  }

  private async rebuildOnCurrentBackend(weights: WeightSnapshot): Promise<void> {
    const old = this.freeze!;
    const frozen = old.blocks.filter((b) => old.isFrozen(b.id)).map((b) => b.id);
    const multipliers = old.blocks.map((b) => [b.id, old.lrMultiplierOf(b.id)] as const);
    try { this.model?.dispose(); } catch { /* the old backend is gone; its buffers went with it */ }
    this.model = await buildModelFromCatalog(this.modelSpec!);
    this.model.setWeights(weights.map((w) => tf.tensor(w.values, w.shape)));
    this.freeze = new FreezeState(this.model, groupLayersIntoBlocks(this.model));
    frozen.forEach((id) => this.freeze!.setFrozen(id, true));
    multipliers.forEach(([id, m]) => this.freeze!.setLrMultiplier(id, m));
    this.uploadDataset();
  }

  private requireDataset(): LoadedDataset {
    if (!this.dataset) throw new Error('Load a dataset first');
    return this.dataset;
  }

  private requireFreeze(): FreezeState {
    if (!this.freeze) throw new Error('Build a model first');
    return this.freeze;
  }

  private assertIdle(action: string): void {
    if (this.trainer) throw new Error(`Stop the current run before you ${action}`);
  }
}

class DeviceLostError extends Error {}

const BACKEND_LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' };

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isGpuFailure(error: unknown): boolean {
  return /device.*lost|context.*lost|GPUDevice|mapAsync|instance reference|OperationError/i.test(errorMessage(error));
}

/** Resizes once at upload (not per step) when the model's input size differs from the images'. */
function resizeTo(images: tf.Tensor4D, size: number): tf.Tensor4D {
  if (images.shape[1] === size && images.shape[2] === size) return images;
  const resized = tf.image.resizeBilinear(images, [size, size]);
  images.dispose();
  return resized;
}

function tryDispose(tensors: tf.Tensor[]): void {
  for (const t of tensors) {
    try { t.dispose(); } catch { /* belongs to a lost backend */ }
  }
}

function shiftEvent(event: EngineEvent, epochOffset: number, stepOffset: number): EngineEvent {
  if (event.type === 'step') return { ...event, epoch: event.epoch + epochOffset, step: event.step + stepOffset };
  if (event.type === 'epoch') return { ...event, epoch: event.epoch + epochOffset, step: event.step + stepOffset };
  if (event.type === 'freeze') return { ...event, epoch: event.epoch + epochOffset, step: event.step + stepOffset };
  return event;
}
