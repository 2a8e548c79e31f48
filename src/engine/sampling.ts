import { type SamplingMode } from '../contract';
import { shuffleInPlace, type Rng } from '../common/rng';
import { valueAt } from './arrays';

export function epochOrder(labels: Int32Array, numClasses: number, mode: SamplingMode, rng: Rng): number[] {
  const indices = Array.from(labels.keys());
  if (mode === 'shuffle') return shuffleInPlace(indices, rng);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((label, i) => byClass[label]?.push(i));
  const present = byClass.filter((members) => members.length > 0);
  if (present.length === 0) return [];
  return indices.map(() => {
    const members = valueAt(present, Math.floor(rng() * present.length));
    return valueAt(members, Math.floor(rng() * members.length));
  });
}
