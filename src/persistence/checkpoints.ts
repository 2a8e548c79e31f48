import { createStore, delMany, get, setMany, type UseStore } from 'idb-keyval';
import type { DatasetSource, ModelSpec, TrainConfig } from '../engine/api';
import { isObject, isFiniteNumber } from './recordChecks';
import type { TrainerSnapshot } from '../engine/trainer';

/**
 * Checkpoints in IndexedDB: the best epoch so far and the last completed epoch (with optimizer
 * state, so a reloaded tab can resume). Each is a small meta record (listed without reading
 * megabytes of weights) and a data record, written together in one transaction.
 */
export type CheckpointKind = 'last' | 'best';

export interface CheckpointMeta {
  version: 1;
  kind: CheckpointKind;
  runId: string;
  savedAt: number;
  /** Completed epochs, of `totalEpochs`. */
  epoch: number;
  totalEpochs: number;
  step: number;
  /** True when the run ended normally (all epochs or early stop): nothing left to resume. */
  finished: boolean;
  validationLoss: number;
  validationAccuracy: number;
  datasetName: string;
  modelName: string;
  sizeBytes: number;
}

export interface CheckpointData {
  dataset: DatasetSource;
  model: ModelSpec;
  config: TrainConfig;
  snapshot: TrainerSnapshot;
}

export interface Checkpoint {
  meta: CheckpointMeta;
  data: CheckpointData;
}

let store: UseStore | null | undefined;
function checkpointStore(): UseStore | null {
  if (store === undefined) store = typeof indexedDB === 'undefined' ? null : createStore('thaw-checkpoints', 'checkpoints');
  return store;
}

export function checkpointSizeBytes(snapshot: TrainerSnapshot): number {
  const weights = snapshot.weights.reduce((sum, w) => sum + w.values.byteLength, 0);
  const slots = snapshot.optimizer.slots.reduce((sum, s) => sum + (s.first?.byteLength ?? 0) + (s.second?.byteLength ?? 0), 0);
  return weights + slots;
}

/** Throws when IndexedDB refuses (quota, private mode): the caller tells the user, training goes on. */
export async function saveCheckpoint(checkpoint: Checkpoint): Promise<void> {
  const db = checkpointStore();
  if (!db) throw new Error('IndexedDB is not available in this browser');
  const { kind } = checkpoint.meta;
  await setMany([[`${kind}:meta`, checkpoint.meta], [`${kind}:data`, checkpoint.data]], db);
}

/** A missing or malformed record reads as undefined: a damaged checkpoint is skipped, never fatal. */
export async function loadCheckpointMeta(kind: CheckpointKind): Promise<CheckpointMeta | undefined> {
  const db = checkpointStore();
  if (!db) return undefined;
  try {
    const meta = await get<unknown>(`${kind}:meta`, db);
    return isCheckpointMeta(meta, kind) ? meta : undefined;
  } catch {
    return undefined;
  }
}

export async function loadCheckpoint(kind: CheckpointKind): Promise<Checkpoint | undefined> {
  const db = checkpointStore();
  if (!db) return undefined;
  try {
    const [meta, data] = await Promise.all([get<unknown>(`${kind}:meta`, db), get<unknown>(`${kind}:data`, db)]);
    if (!isCheckpointMeta(meta, kind) || !isCheckpointData(data)) return undefined;
    return { meta, data };
  } catch {
    return undefined;
  }
}

export async function markCheckpointFinished(kind: CheckpointKind, runId: string): Promise<void> {
  const db = checkpointStore();
  const meta = await loadCheckpointMeta(kind);
  if (!db || !meta || meta.runId !== runId) return;
  await setMany([[`${kind}:meta`, { ...meta, finished: true }]], db);
}

export async function deleteCheckpoints(kinds: CheckpointKind[] = ['last', 'best']): Promise<void> {
  const db = checkpointStore();
  if (!db) return;
  await delMany(kinds.flatMap((k) => [`${k}:meta`, `${k}:data`]), db);
}


function isCheckpointMeta(value: unknown, kind: CheckpointKind): value is CheckpointMeta {
  if (!isObject(value)) return false;
  return value.version === 1 && value.kind === kind && typeof value.runId === 'string'
    && typeof value.datasetName === 'string' && typeof value.modelName === 'string' && typeof value.finished === 'boolean'
    && [value.savedAt, value.epoch, value.totalEpochs, value.step, value.sizeBytes].every(isFiniteNumber)
    && [value.validationLoss, value.validationAccuracy].every((v) => typeof v === 'number');
}

function isCheckpointData(value: unknown): value is CheckpointData {
  if (!isObject(value) || !isObject(value.dataset) || !(value.dataset.kind === 'sample' || value.dataset.kind === 'stored') || !isObject(value.model) || !isObject(value.config) || !isObject(value.snapshot)) return false;
  const s = value.snapshot;
  if (!isFiniteNumber(s.epoch) || !isFiniteNumber(s.step) || !isObject(s.optimizer) || !isObject(s.callbacks) || !isObject(s.freeze)) return false;
  if (!Array.isArray(s.weights) || !Array.isArray(s.optimizer.slots) || !Array.isArray(s.freeze.frozen)) return false;
  return s.weights.every((w: unknown) => isObject(w) && Array.isArray(w.shape) && w.values instanceof Float32Array
    && w.values.length === (w.shape as unknown[]).reduce<number>((a, b) => a * (isFiniteNumber(b) ? b : NaN), 1));
}
