import { createRng, shuffleInPlace } from '../engine/rng';

export interface SplitIndices {
  train: number[];
  validation: number[];
}

/**
 * Seeded stratified split: each class contributes the same share to validation, and every class
 * with at least two images keeps at least one image on each side.
 */
export function stratifiedSplit(labels: ArrayLike<number>, numClasses: number, validationFraction: number, seed: number): SplitIndices {
  const rng = createRng(seed);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const train: number[] = [];
  const validation: number[] = [];
  for (const members of byClass) {
    shuffleInPlace(members, rng);
    let nVal = Math.round(members.length * validationFraction);
    if (members.length >= 2) nVal = Math.min(Math.max(nVal, validationFraction > 0 ? 1 : 0), members.length - 1);
    validation.push(...members.slice(0, nVal));
    train.push(...members.slice(nVal));
  }
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}

export function countPerClass(labels: ArrayLike<number>, indices: number[], numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const i of indices) counts[labels[i]]++;
  return counts;
}
