import { GRID_SEQUENCE, type GridSequence } from '../contract';
import { createStore, del, entries, set } from 'idb-keyval';

/**
 * Experiment grids and lessons, one record per kind ('grid' or the lesson's id): kept while one runs
 * so that a reload resumes it at its next unfinished run, and after it ends so its table is still
 * there. Every record is checked against the contract when read: a damaged one is left out.
 */
const store = typeof indexedDB === 'undefined' ? null : createStore('thaw-grid', 'sequences');

export async function saveGridSequence(sequence: GridSequence): Promise<void> {
  if (!store) return;
  await set(sequence.kind, sequence, store);
}

export async function loadGridSequences(): Promise<GridSequence[]> {
  if (!store) return [];
  try {
    const all = await entries<string, unknown>(store);
    return all.flatMap(([, value]) => {
      const parsed = GRID_SEQUENCE.safeParse(value);
      return parsed.success ? [parsed.data] : [];
    });
  } catch {
    return [];
  }
}

export async function deleteGridSequence(kind: string): Promise<void> {
  if (!store) return;
  await del(kind, store);
}
