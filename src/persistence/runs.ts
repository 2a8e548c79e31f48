import { RUN_RECORD, type RunRecord } from '../contract';
import { createStore, delMany, entries, getMany, set, setMany, type UseStore } from 'idb-keyval';

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

/** Records are checked as imported runs files are: a damaged or foreign record is counted and skipped. */
function isRunRecord(value: unknown): value is RunRecord {
  return RUN_RECORD.safeParse(value).success;
}
