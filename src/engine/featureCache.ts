import * as tf from '@tensorflow/tfjs';
import type { FreezeState } from '../freeze/freezeState';
import { runLayers, type LayerTrainingFlag } from './forward';
import { range, valueAt } from './arrays';
import type { ImageBatch, TrainingData } from './data/batches';
import type { TargetDomain } from './data/targetDomain';

/** Where a model is cut: the frozen prefix of blocks below, everything trainable above. */
export interface CachePlan {
  /** Frozen blocks, bottom first, whose output the cache holds. */
  prefixBlocks: string[];
  /** Symbolic id of the boundary tensor (the last prefix layer's output). */
  boundaryId: number;
  prefixLayers: tf.layers.Layer[];
  suffixLayers: tf.layers.Layer[];
}

/** Cached features held on the CPU (when the device has no room for them) stop at this many bytes; beyond it the run trains uncached. */
const MAX_CPU_CACHE_BYTES = 1024 * 1024 * 1024;

/**
 * The deepest cut the cache can use now: the longest run of frozen blocks from the bottom, stopping
 * where a later layer would still need an earlier tensor (a skip connection across the boundary).
 */
export function planCache(model: tf.LayersModel, freeze: FreezeState): CachePlan | null {
  const order = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  let k = 0;
  while (k < freeze.blocks.length - 1 && freeze.isFrozen(valueAt(freeze.blocks, k).id)) k++;
  for (; k > 0; k--) {
    const prefixNames = new Set(freeze.blocks.slice(0, k).flatMap((b) => b.layerNames));
    const prefixLayers = order.filter((l) => prefixNames.has(l.name));
    const suffixLayers = order.filter((l) => !prefixNames.has(l.name));
    const boundaryLayer = prefixLayers[prefixLayers.length - 1];
    const boundary = boundaryLayer?.inboundNodes.length === 1 ? boundaryLayer.inboundNodes[0]?.outputTensors[0] : undefined;
    if (!boundary) continue;
    const boundaryId = boundary.id;
    if (isCleanCut(suffixLayers, boundaryId)) {
      return { prefixBlocks: freeze.blocks.slice(0, k).map((b) => b.id), boundaryId, prefixLayers, suffixLayers };
    }
  }
  return null;
}

function isCleanCut(suffix: tf.layers.Layer[], boundaryId: number): boolean {
  const available = new Set([boundaryId]);
  for (const layer of suffix) {
    const node = layer.inboundNodes.find((n) => n.inputTensors.every((t) => available.has(t.id)));
    if (!node) return false;
    node.outputTensors.forEach((t) => available.add(t.id));
  }
  return true;
}

export function samePlan(a: CachePlan | null, b: CachePlan | null): boolean {
  return a !== null && b !== null && a.boundaryId === b.boundaryId;
}

/** The prefix is still frozen: the cached features are still what the model would compute. */
export function planStillValid(plan: CachePlan, freeze: FreezeState): boolean {
  return plan.prefixBlocks.every((id) => freeze.isFrozen(id));
}

export function forwardFromFeatures(model: tf.LayersModel, plan: CachePlan, features: tf.Tensor, isTraining: LayerTrainingFlag, nextDropoutSeed?: () => number): tf.Tensor {
  return runLayers(plan.suffixLayers, plan.boundaryId, features, valueAt(model.outputs, 0).id, isTraining, nextDropoutSeed);
}

/** A batch of cached features and which of the asked positions it holds (unreadable images have none). */
export interface FeatureBatch {
  features: tf.Tensor | null;
  kept: number[];
}

/**
 * The features of one split, row by position: on the device when they fit its budget, else on the
 * CPU and uploaded one batch at a time. An image that could not be read has no row.
 */
export class FeatureStore {
  private constructor(
    private readonly rowShape: number[],
    private readonly present: Uint8Array,
    private readonly onDevice: tf.Tensor | null,
    private readonly onCpu: Float32Array | null,
  ) {}

  /** Null when the split's features would not fit the CPU cap either. */
  static async build(
    count: number, batchSize: number, deviceBudgetBytes: number,
    batchAt: (start: number, end: number) => Promise<FeatureBatch>, prefetch: (start: number, end: number) => void,
    onBatch: (done: number) => void,
  ): Promise<FeatureStore | null> {
    const present = new Uint8Array(count);
    let rowShape: number[] | null = null;
    let cpu: Float32Array | null = null;
    const deviceParts: tf.Tensor[] = [];
    let onDevice = true;
    /** Rows of unreadable images met before the first readable one told the row shape. */
    let missingBeforeShape = 0;
    try {
      for (let start = 0; start < count; start += batchSize) {
        const end = Math.min(count, start + batchSize);
        prefetch(end, Math.min(count, end + batchSize));
        const { features, kept } = await batchAt(start, end);
        if (features) {
          if (!rowShape) {
            rowShape = features.shape.slice(1);
            if (missingBeforeShape > 0) deviceParts.push(tf.zeros([missingBeforeShape, ...rowShape]));
          }
          const rowSize = rowShape.reduce((a, b) => a * b, 1);
          const totalBytes = count * rowSize * 4;
          if (onDevice && totalBytes > deviceBudgetBytes) onDevice = false;
          if (!onDevice && totalBytes > MAX_CPU_CACHE_BYTES) {
            features.dispose();
            return null;
          }
          kept.forEach((k) => { present[start + k] = 1; });
          if (onDevice) {
            deviceParts.push(fillMissing(features, kept, end - start));
          } else {
            cpu ??= await movePartsToCpu(deviceParts, count * rowSize);
            cpu.set(await rowsWithGaps(features, kept, end - start, rowSize), start * rowSize);
          }
          features.dispose();
        } else if (!rowShape) {
          missingBeforeShape += end - start;
        } else if (onDevice) {
          deviceParts.push(tf.zeros([end - start, ...rowShape]));
        }
        onBatch(end);
      }
      if (!rowShape) return null;
      const all = onDevice ? tf.concat(deviceParts, 0) : null;
      return new FeatureStore(rowShape, present, all, cpu);
    } finally {
      tf.dispose(deviceParts);
    }
  }

  get deviceBytes(): number {
    return this.onDevice ? this.onDevice.size * 4 : 0;
  }

  /** The rows at `positions` as a new tensor (the caller disposes it). */
  gather(positions: readonly number[]): FeatureBatch {
    const kept = positions.flatMap((p, k) => (this.present[p] ? [k] : []));
    if (kept.length === 0) return { features: null, kept };
    const rows = kept.map((k) => positions[k] ?? 0);
    if (this.onDevice) {
      const device = this.onDevice;
      return { features: tf.tidy(() => tf.gather(device, tf.tensor1d(rows, 'int32'))), kept };
    }
    const rowSize = this.rowShape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(rows.length * rowSize);
    const cpu = this.onCpu ?? new Float32Array(0);
    rows.forEach((row, i) => values.set(cpu.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize));
    return { features: tf.tensor(values, [rows.length, ...this.rowShape]), kept };
  }

  dispose(): void {
    this.onDevice?.dispose();
  }
}

/** A batch's features with a zero row for each image that could not be read, so row = position. */
function fillMissing(features: tf.Tensor, kept: number[], count: number): tf.Tensor {
  if (kept.length === count) return features.clone();
  return tf.tidy(() => {
    const withZero = tf.concat([features, tf.zeros([1, ...features.shape.slice(1)])], 0);
    const source = Array.from({ length: count }, (_, position) => {
      const k = kept.indexOf(position);
      return k >= 0 ? k : kept.length;
    });
    return tf.gather(withZero, tf.tensor1d(source, 'int32'));
  });
}

async function rowsWithGaps(features: tf.Tensor, kept: number[], count: number, rowSize: number): Promise<Float32Array> {
  const values = (await features.data()) as Float32Array;
  const out = new Float32Array(count * rowSize);
  kept.forEach((position, k) => out.set(values.subarray(k * rowSize, (k + 1) * rowSize), position * rowSize));
  return out;
}

/** The device parts built before the split turned out too big for the device, copied down in order. */
async function movePartsToCpu(parts: tf.Tensor[], length: number): Promise<Float32Array> {
  const out = new Float32Array(length);
  let offset = 0;
  for (const part of parts) {
    const values = (await part.data()) as Float32Array;
    out.set(values, offset);
    offset += values.length;
  }
  tf.dispose(parts.splice(0));
  return out;
}

/** The frozen prefix's output in inference mode (what the cache holds for an image); the input batch is disposed. */
export function prefixFeatures(model: tf.LayersModel, plan: CachePlan, images: tf.Tensor4D): tf.Tensor {
  const out = tf.tidy(() => runLayers(plan.prefixLayers, valueAt(model.inputs, 0).id, images, plan.boundaryId, () => false));
  images.dispose();
  return out;
}

export interface ActiveCache {
  plan: CachePlan;
  train: FeatureStore;
  validation: FeatureStore | null;
  /**
   * A run's target domain through the same frozen prefix (null: none, or it did not fit): its unlabelled part
   * when the run adapts (read at every step), its evaluation part (scored after every epoch).
   */
  target: { unlabelled: FeatureStore | null; evaluation: FeatureStore | null } | null;
}

/** The target domain the cache also holds: its evaluation images, and its unlabelled ones when the run adapts. */
export interface CachedTarget {
  domain: TargetDomain;
  adapting: boolean;
}

/** Progress of building the cache, in images of both splits. */
export type CacheProgress = (done: number, total: number) => void;

/**
 * Owns the cached features of one run: rebuilt at an epoch start when the frozen prefix changed,
 * dropped at the first step after a prefix block is thawed. Features are computed batch by batch
 * from the streamed images.
 */
export class FeatureCacheManager {
  private cache: ActiveCache | null = null;

  constructor(
    private readonly model: tf.LayersModel,
    private readonly freeze: FreezeState,
    private readonly enabled: boolean,
    private readonly deviceBudgetBytes: number,
  ) {}

  /** True when it built a new cache (the time it took is the caller's to leave out of the epoch's). */
  async refresh(data: TrainingData, batchSize: number, onProgress: CacheProgress, target?: CachedTarget): Promise<boolean> {
    if (!this.enabled) return false;
    const plan = planCache(this.model, this.freeze);
    if (samePlan(plan, this.cache?.plan ?? null)) return false;
    this.dispose();
    if (!plan) return false;
    const trainCount = data.trainLabels.length;
    const sourceCount = trainCount + data.validationLabels.length;
    const unlabelledCount = target?.adapting ? target.domain.unlabelled.count : 0;
    const total = sourceCount + unlabelledCount + (target ? target.domain.evaluation.labels.length : 0);
    const features = (batch: ImageBatch): FeatureBatch => ({
      features: batch.images ? this.prefixFeatures(plan, batch.images) : null, kept: batch.kept,
    });
    onProgress(0, total);
    const train = await FeatureStore.build(
      trainCount, batchSize, this.deviceBudgetBytes,
      async (start, end) => features(await data.trainBatch(range(start, end))),
      (start, end) => data.prefetchTrain(range(start, end)),
      (done) => onProgress(done, total),
    );
    if (!train) return true;
    const validation = await FeatureStore.build(
      data.validationLabels.length, batchSize, this.deviceBudgetBytes - train.deviceBytes,
      async (start, end) => features(await data.validationBatch(start, end)),
      (start, end) => data.prefetchValidation(start, end),
      (done) => onProgress(trainCount + done, total),
    );
    let budget = this.deviceBudgetBytes - train.deviceBytes - (validation?.deviceBytes ?? 0);
    const unlabelled = target?.adapting
      ? await FeatureStore.build(
        unlabelledCount, batchSize, budget,
        async (start, end) => features(await target.domain.unlabelled.batch(range(start, end))),
        (start, end) => target.domain.unlabelled.prefetch(range(start, end)),
        (done) => onProgress(sourceCount + done, total),
      )
      : null;
    budget -= unlabelled?.deviceBytes ?? 0;
    const evaluation = target
      ? await FeatureStore.build(
        target.domain.evaluation.labels.length, batchSize, budget,
        async (start, end) => features(await target.domain.evaluation.batch(start, end)),
        (start, end) => target.domain.evaluation.prefetch(start, end),
        (done) => onProgress(sourceCount + unlabelledCount + done, total),
      )
      : null;
    this.cache = { plan, train, validation, target: target ? { unlabelled, evaluation } : null };
    return true;
  }

  private prefixFeatures(plan: CachePlan, images: tf.Tensor4D): tf.Tensor {
    return prefixFeatures(this.model, plan, images);
  }

  /** The cache if it still matches the frozen prefix; otherwise it is dropped and null returned. */
  current(): ActiveCache | null {
    if (this.cache && !planStillValid(this.cache.plan, this.freeze)) this.dispose();
    return this.cache;
  }

  dispose(): void {
    this.cache?.train.dispose();
    this.cache?.validation?.dispose();
    this.cache?.target?.unlabelled?.dispose();
    this.cache?.target?.evaluation?.dispose();
    this.cache = null;
  }
}
