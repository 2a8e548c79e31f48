import {
  CHECKPOINT_DATA, CHECKPOINT_META, parseOrThrow, type Checkpoint, type CheckpointKind, type CheckpointMeta, type TrainerSnapshot,
} from '../contract';
import { createStore, delMany, get, setMany, type UseStore } from 'idb-keyval';
import { i18n } from '../common/i18n/i18n';

/**
 * Checkpoints in IndexedDB: the best epoch so far and the last completed epoch (with optimizer state,
 * so a reloaded tab can resume). Each is a small meta record (listed without reading megabytes of
 * weights) and a data record, written together in one transaction.
 */
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
  if (!db) throw new Error(i18n.t('engine:storage.noIndexedDb'));
  const { kind } = checkpoint.meta;
  await setMany([[`${kind}:meta`, checkpoint.meta], [`${kind}:data`, checkpoint.data]], db);
}

/** A missing record reads as undefined, and so does a damaged one: the list of checkpoints never fails. */
export async function loadCheckpointMeta(kind: CheckpointKind): Promise<CheckpointMeta | undefined> {
  const db = checkpointStore();
  if (!db) return undefined;
  try {
    const meta = CHECKPOINT_META.safeParse(await get<unknown>(`${kind}:meta`, db));
    return meta.success && meta.data.kind === kind ? meta.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The checkpoint, checked field by field before it goes back into a trainer: undefined when there is
 * none; a record that does not fit (damaged, or written by another version) throws, naming the field.
 */
export async function loadCheckpoint(kind: CheckpointKind): Promise<Checkpoint | undefined> {
  const db = checkpointStore();
  if (!db) return undefined;
  const [meta, data] = await Promise.all([get<unknown>(`${kind}:meta`, db), get<unknown>(`${kind}:data`, db)]);
  if (meta === undefined && data === undefined) return undefined;
  const what = i18n.t(kind === 'last' ? 'engine:storage.lastDamaged' : 'engine:storage.bestDamaged');
  const checkedMeta = parseOrThrow(CHECKPOINT_META, meta, i18n.t('engine:storage.metaRecord', { what }));
  if (checkedMeta.kind !== kind) throw new RangeError(i18n.t('engine:storage.wrongKind', { what, kind: checkedMeta.kind }));
  return { meta: checkedMeta, data: parseOrThrow(CHECKPOINT_DATA, data, what) };
}

export async function deleteCheckpoints(kinds: CheckpointKind[] = ['last', 'best']): Promise<void> {
  const db = checkpointStore();
  if (!db) return;
  await delMany(kinds.flatMap((k) => [`${k}:meta`, `${k}:data`]), db);
}
