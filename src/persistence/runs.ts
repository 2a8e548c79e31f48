import { createStore, delMany, entries, getMany, set, setMany, type UseStore } from 'idb-keyval';
import { isObject } from './recordChecks';
import type { TrainConfig } from '../engine/api';

/**
 * Every training run, recorded in IndexedDB for the experiments table: what was trained on what,
 * with which settings, and how it went epoch by epoch. Written at the start, after each epoch and at
 * the end, so a run cut short by a closed tab is still listed (as interrupted).
 */
export type RunStatus = 'running' | 'finished' | 'stopped' | 'failed';

export interface RunEpoch {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  validationLoss: number;
  validationAccuracy: number;
  seconds: number;
}

export interface RunEvent {
  step: number;
  label: string;
  kind: string;
}

export interface RunRecord {
  version: 1;
  id: string;
  /** A name for the table and the overlaid curves, e.g. the strategy of a comparison. */
  label: string;
  startedAt: number;
  endedAt: number | null;
  status: RunStatus;
  datasetName: string;
  /** How the split was made, in words (e.g. "stored split, seed 1: 20% validation"). */
  split: string;
  modelName: string;
  backend: string;
  config: TrainConfig;
  epochs: RunEpoch[];
  events: RunEvent[];
  trainableParamsStart: number;
  trainableParamsEnd: number;
  totalParams: number;
}

export interface RunSummary {
  bestValidationAccuracy: number | null;
  bestValidationLoss: number | null;
  finalValidationAccuracy: number | null;
  secondsPerEpoch: number | null;
  trainablePercentEnd: number;
}

export function summarizeRun(run: RunRecord): RunSummary {
  const epochs = run.epochs;
  const finite = (values: number[]) => values.filter((v) => Number.isFinite(v));
  const accuracies = finite(epochs.map((e) => e.validationAccuracy));
  const losses = finite(epochs.map((e) => e.validationLoss));
  return {
    bestValidationAccuracy: accuracies.length > 0 ? Math.max(...accuracies) : null,
    bestValidationLoss: losses.length > 0 ? Math.min(...losses) : null,
    finalValidationAccuracy: epochs.at(-1)?.validationAccuracy ?? null,
    secondsPerEpoch: epochs.length > 0 ? epochs.reduce((a, e) => a + e.seconds, 0) / epochs.length : null,
    trainablePercentEnd: run.totalParams > 0 ? (100 * run.trainableParamsEnd) / run.totalParams : 0,
  };
}

let store: UseStore | null | undefined;
function runStore(): UseStore | null {
  if (store === undefined) store = typeof indexedDB === 'undefined' ? null : createStore('thaw-runs', 'runs');
  return store;
}

export async function saveRun(run: RunRecord): Promise<void> {
  const db = runStore();
  if (db) await set(run.id, run, db);
}

/**
 * Imported runs: stored unless a run with the same id is already there, which is never overwritten
 * (it may be this browser's own record of the run). Returns the ids left as they were.
 */
export async function saveNewRuns(runs: RunRecord[]): Promise<string[]> {
  const db = runStore();
  if (!db || runs.length === 0) return [];
  const stored = await getMany(runs.map((r) => r.id), db);
  const existing = new Set(runs.filter((_, i) => stored[i] !== undefined).map((r) => r.id));
  await setMany(runs.filter((r) => !existing.has(r.id)).map((r) => [r.id, r]), db);
  return [...existing];
}

export interface RunList {
  runs: RunRecord[];
  damaged: number;
}

/** Oldest first; damaged records are counted and skipped. */
export async function listRuns(): Promise<RunList> {
  const db = runStore();
  if (!db) return { runs: [], damaged: 0 };
  const all = await entries<IDBValidKey, unknown>(db);
  const runs = all.map(([, value]) => value).filter(isRunRecord);
  return { runs: runs.sort((a, b) => a.startedAt - b.startedAt), damaged: all.length - runs.length };
}

export async function deleteRuns(ids: string[]): Promise<void> {
  const db = runStore();
  if (!db) return;
  await delMany(ids, db);
}


function isRunRecord(value: unknown): value is RunRecord {
  if (!isObject(value) || value.version !== 1 || typeof value.id !== 'string' || typeof value.label !== 'string') return false;
  if (!['running', 'finished', 'stopped', 'failed'].includes(String(value.status)) || !isObject(value.config)) return false;
  if (!Array.isArray(value.epochs) || !Array.isArray(value.events)) return false;
  return value.epochs.every((e: unknown) => isObject(e) && typeof e.epoch === 'number' && typeof e.validationAccuracy === 'number' && typeof e.seconds === 'number')
    && [value.startedAt, value.trainableParamsStart, value.trainableParamsEnd, value.totalParams].every((n) => typeof n === 'number');
}
