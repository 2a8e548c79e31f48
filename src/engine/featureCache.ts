import * as tf from '@tensorflow/tfjs';
import type { FreezeState } from '../freeze/freezeState';
import { runLayers, type LayerTrainingFlag } from './forward';
import { valueAt } from './arrays';

/** Where a model is cut: the frozen prefix of blocks below, everything trainable above. */
export interface CachePlan {
  /** Frozen blocks, bottom first, whose output the cache holds. */
  prefixBlocks: string[];
  /** Symbolic id of the boundary tensor (the last prefix layer's output). */
  boundaryId: number;
  prefixLayers: tf.layers.Layer[];
  suffixLayers: tf.layers.Layer[];
}

/** The cache stops growing past this many bytes; beyond it the run trains uncached. */
const MAX_CACHE_BYTES = 768 * 1024 * 1024;

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

/** Features at the boundary for a whole image tensor, computed once in inference mode, in batches. */
export async function computeFeatures(model: tf.LayersModel, plan: CachePlan, images: tf.Tensor4D, batchSize: number): Promise<tf.Tensor | null> {
  const n = images.shape[0];
  if (n === 0) return null;
  const parts: tf.Tensor[] = [];
  let bytes = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const part = tf.tidy(() => runLayers(plan.prefixLayers, valueAt(model.inputs, 0).id, images.slice([start, 0, 0, 0], [size, -1, -1, -1]), plan.boundaryId, () => false));
    bytes += part.size * 4;
    parts.push(part);
    if (bytes * (n / (start + size)) > MAX_CACHE_BYTES) {
      tf.dispose(parts);
      return null;
    }
  }
  const all = tf.concat(parts, 0);
  tf.dispose(parts);
  return all;
}

export function forwardFromFeatures(model: tf.LayersModel, plan: CachePlan, features: tf.Tensor, isTraining: LayerTrainingFlag, nextDropoutSeed?: () => number): tf.Tensor {
  return runLayers(plan.suffixLayers, plan.boundaryId, features, valueAt(model.outputs, 0).id, isTraining, nextDropoutSeed);
}

export interface ActiveCache {
  plan: CachePlan;
  train: tf.Tensor;
  validation: tf.Tensor | null;
}

/**
 * Owns the cached features of one run: rebuilt at an epoch start when the frozen prefix changed,
 * dropped at the first step after a prefix block is thawed.
 */
export class FeatureCacheManager {
  private cache: ActiveCache | null = null;

  constructor(private readonly model: tf.LayersModel, private readonly freeze: FreezeState, private readonly enabled: boolean) {}

  async refresh(trainImages: tf.Tensor4D, validationImages: tf.Tensor4D, batchSize: number): Promise<void> {
    if (!this.enabled) return;
    const plan = planCache(this.model, this.freeze);
    if (samePlan(plan, this.cache?.plan ?? null)) return;
    this.dispose();
    if (!plan) return;
    const train = await computeFeatures(this.model, plan, trainImages, batchSize);
    const validation = train ? await computeFeatures(this.model, plan, validationImages, batchSize) : null;
    if (train) this.cache = { plan, train, validation };
  }

  /** The cache if it still matches the frozen prefix; otherwise it is dropped and null returned. */
  current(): ActiveCache | null {
    if (this.cache && !planStillValid(this.cache.plan, this.freeze)) this.dispose();
    return this.cache;
  }

  dispose(): void {
    if (this.cache) tf.dispose([this.cache.train, ...(this.cache.validation ? [this.cache.validation] : [])]);
    this.cache = null;
  }
}
