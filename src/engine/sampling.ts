import { type SamplingMode } from '../contract';
import { shuffleInPlace, type Rng } from '../common/rng';
import { valueAt } from './arrays';

/** One epoch's training positions; `positions` restricts it to a subset of the split (all of it when absent). */
export function epochOrder(labels: Int32Array, numClasses: number, mode: SamplingMode, rng: Rng, positions?: readonly number[]): number[] {
  const indices = positions ? [...positions] : Array.from(labels.keys());
  if (mode === 'shuffle') return shuffleInPlace(indices, rng);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (const i of indices) byClass[valueAt(labels, i)]?.push(i);
  const present = byClass.filter((members) => members.length > 0);
  if (present.length === 0) return [];
  return indices.map(() => {
    const members = valueAt(present, Math.floor(rng() * present.length));
    return valueAt(members, Math.floor(rng() * members.length));
  });
}
