import { i18n } from './i18n/i18n';
/**
 * The class-imbalance lesson's training subset, built from a dataset's own training split: a stated
 * ratio (the largest class kept whole, the chosen minority classes cut to 1/ratio of it), or classes
 * dropped from training as the course does. Pure: the same labels and fractions always keep the same
 * images (the first of each class in split order, which the split itself has shuffled by its seed).
 */

export type ImbalanceSpec =
  | { kind: 'ratio'; ratio: number; minorityClasses: number[] }
  | { kind: 'drop'; classes: number[] };

/** Images of a class that a fraction keeps: at least one while the fraction is above 0. */
export function keptCount(count: number, fraction: number): number {
  if (fraction <= 0 || count <= 0) return 0;
  return Math.min(count, Math.max(1, Math.round(count * Math.min(1, fraction))));
}

/** The share of each class's training images kept under `spec`. */
export function keepFractions(trainCounts: readonly number[], spec: ImbalanceSpec): number[] {
  if (spec.kind === 'drop') return trainCounts.map((_, c) => (spec.classes.includes(c) ? 0 : 1));
  const largest = Math.max(0, ...trainCounts);
  return trainCounts.map((count, c) => (spec.minorityClasses.includes(c) && count > 0 ? Math.min(1, largest / spec.ratio / count) : 1));
}

export function keptCounts(trainCounts: readonly number[], keepFraction: readonly number[]): number[] {
  return trainCounts.map((count, c) => keptCount(count, keepFraction[c] ?? 1));
}

/** Positions in the training split that the subset keeps, in split order. */
export function keptPositions(labels: ArrayLike<number>, keepFraction: readonly number[]): number[] {
  const counts: number[] = [];
  for (let i = 0; i < labels.length; i++) counts[labels[i] ?? 0] = (counts[labels[i] ?? 0] ?? 0) + 1;
  const quota = Array.from(counts, (count, c) => keptCount(count ?? 0, keepFraction[c] ?? 1));
  const positions: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] ?? 0;
    if ((quota[label] ?? 0) > 0) {
      positions.push(i);
      quota[label] = (quota[label] ?? 0) - 1;
    }
  }
  return positions;
}

/** Why a dataset cannot make this subset (fewer than two classes left to learn, a minority class left with under 2 images), or null. */
export function subsetRefusal(trainCounts: readonly number[], spec: ImbalanceSpec, minimumPerClass = 2): string | null {
  if (trainCounts.filter((c) => c > 0).length < 2) return i18n.t('store:lessons.subset.twoClasses');
  const kept = keptCounts(trainCounts, keepFractions(trainCounts, spec));
  if (kept.filter((c) => c > 0).length < 2) return i18n.t('store:lessons.subset.fewerThanTwo');
  if (spec.kind === 'ratio') {
    const small = spec.minorityClasses.find((c) => (kept[c] ?? 0) < minimumPerClass);
    if (small !== undefined) return i18n.t('store:lessons.subset.classTooSmall', { class: small + 1, kept: kept[small] ?? 0, ratio: spec.ratio, minimum: minimumPerClass });
  }
  return null;
}
