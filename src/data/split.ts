import { createRng, shuffleInPlace } from '../common/rng';

export interface SplitIndices {
  train: number[];
  validation: number[];
  /** Held out from training and validation; empty unless a test share was asked for. */
  test: number[];
}

/**
 * Seeded stratified split: each class contributes the same share to validation (and test), and every
 * class with enough images keeps at least one image in each part asked for; training keeps at least one.
 */
export function stratifiedSplit(labels: ArrayLike<number>, numClasses: number, validationFraction: number, seed: number, testFraction = 0): SplitIndices {
  const rng = createRng(seed);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const members = byClass[labels[i] ?? -1];
    if (!members) throw new RangeError(`Image ${i} has class ${labels[i]}, outside the ${numClasses} classes of the split`);
    members.push(i);
  }
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  for (const members of byClass) {
    shuffleInPlace(members, rng);
    let nVal = Math.round(members.length * validationFraction);
    if (members.length >= 2) nVal = Math.min(Math.max(nVal, validationFraction > 0 ? 1 : 0), members.length - 1);
    let nTest = Math.round(members.length * testFraction);
    if (members.length - nVal >= 2) nTest = Math.min(Math.max(nTest, testFraction > 0 ? 1 : 0), members.length - nVal - 1);
    else nTest = 0;
    validation.push(...members.slice(0, nVal));
    test.push(...members.slice(nVal, nVal + nTest));
    train.push(...members.slice(nVal + nTest));
  }
  const ascending = (a: number, b: number) => a - b;
  return { train: train.sort(ascending), validation: validation.sort(ascending), test: test.sort(ascending) };
}

/** Classes too small for the split asked for: one image per part (train, validation, test when asked). */
export function classesTooSmallForSplit(counts: number[], validationFraction: number, testFraction: number): number[] {
  const needed = 1 + (validationFraction > 0 ? 1 : 0) + (testFraction > 0 ? 1 : 0);
  return counts.flatMap((count, c) => (count < needed ? [c] : []));
}

export function countPerClass(labels: ArrayLike<number>, indices: number[], numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const i of indices) {
    const label = labels[i];
    if (label !== undefined && label < numClasses) counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}
