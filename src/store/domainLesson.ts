import type { DomainAdaptation, TrainConfig } from '../contract';
import { lessonRunConfig } from './lessonRunConfig';
import { i18n } from '../common/i18n/i18n';

/**
 * The domain-shift lesson (issue 22), as pure functions: the arms it trains on the sample dataset with the
 * shifted sample as target, the config of each run, the table (mean ± SD over seeds) and the reading
 * drawn from the numbers. The lesson panel (ui/adaptation) runs them through the studio's own actions.
 */

export type DomainArmId = 'sourceOnly' | 'mmd' | 'dann';

export const DOMAIN_ARMS: readonly { id: DomainArmId; method: DomainAdaptation['method'] | null }[] = [
  { id: 'sourceOnly', method: null },
  { id: 'mmd', method: 'mmd' },
  { id: 'dann', method: 'dann' },
];

/** The lesson's settings: every run trains this long at this rate; each arm runs at seeds 1 … `seeds`. */
export interface DomainSettings {
  epochs: number;
  learningRate: number;
  mmdStrength: number;
  dannStrength: number;
  seeds: number;
  /** Backbone blocks fine-tuned from the top (the rest stay frozen, their features cached); the head always trains. */
  thawedBlocks: number;
}

export const DOMAIN_LESSON: DomainSettings = { epochs: 6, learningRate: 0.01, mmdStrength: 4, dannStrength: 0.5, seeds: 3, thawedBlocks: 1 };

/** A run's name in the runs table ("Domain lesson: MMD, seed 2"), in the language it starts in. */
export function domainRunLabel(arm: DomainArmId, seed: number): string {
  return i18n.t('store:runLabels.domainLesson', { arm: i18n.t(`adaptation:domain.lesson.arms.${arm}`), seed });
}

/** The runs in order: seed after seed, each seed's three arms together (so a stopped lesson still compares like with like). */
export function domainRuns(settings: DomainSettings): { arm: DomainArmId; seed: number }[] {
  return Array.from({ length: settings.seeds }, (_, k) => DOMAIN_ARMS.map((arm) => ({ arm: arm.id, seed: k + 1 }))).flat();
}

/**
 * The config of one run from the form's: the lesson's epochs, rate and seed, the shifted sample as target,
 * no augmentation, no callbacks, no penalty; the arm's adaptation at the lesson's λ on the default block.
 */
export function domainArmConfig(arm: DomainArmId, seed: number, config: TrainConfig, settings: DomainSettings): TrainConfig {
  const method = DOMAIN_ARMS.find((a) => a.id === arm)?.method ?? null;
  const strength = method === 'mmd' ? settings.mmdStrength : settings.dannStrength;
  return {
    ...lessonRunConfig(config, { seed, epochs: settings.epochs, learningRate: settings.learningRate }),
    domainTarget: { kind: 'shiftedSample' },
    ...(method ? { domainAdaptation: { method, strength } } : {}),
  };
}

/** One run's result: its last epoch's target accuracy and source (validation) accuracy. */
export interface DomainResult {
  arm: DomainArmId;
  seed: number;
  targetAccuracy: number;
  sourceAccuracy: number;
}

export interface DomainRow {
  arm: DomainArmId;
  /** Target accuracy of each seed, in seed order. */
  perSeed: number[];
  targetMean: number;
  /** Sample standard deviation over seeds (0 with one seed). */
  targetSd: number;
  sourceMean: number;
  sourceSd: number;
}

export function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  if (values.length === 0) return { mean: Number.NaN, sd: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd };
}

/** One row per arm that has results, in the arms' order. */
export function domainRows(results: readonly DomainResult[]): DomainRow[] {
  return DOMAIN_ARMS.flatMap(({ id }) => {
    const mine = results.filter((r) => r.arm === id).sort((a, b) => a.seed - b.seed);
    if (mine.length === 0) return [];
    const target = meanAndSd(mine.map((r) => r.targetAccuracy));
    const source = meanAndSd(mine.map((r) => r.sourceAccuracy));
    return [{ arm: id, perSeed: mine.map((r) => r.targetAccuracy), targetMean: target.mean, targetSd: target.sd, sourceMean: source.mean, sourceSd: source.sd }];
  });
}

/** What the numbers say for MMD and DANN against source only, as catalogue keys with values (points = percentage points). */
export interface DomainVerdict {
  arm: Exclude<DomainArmId, 'sourceOnly'>;
  /** Mean target accuracy minus source only's, in points. */
  gain: number;
  /** The larger of the two arms' SDs over seeds, in points. */
  spread: number;
  seeds: number;
  verdict: 'better' | 'betterWithinSpread' | 'notBetter';
}

export function domainReading(rows: readonly DomainRow[]): DomainVerdict[] {
  const base = rows.find((r) => r.arm === 'sourceOnly');
  if (!base) return [];
  return rows.flatMap((r) => {
    if (r.arm === 'sourceOnly') return [];
    const gain = (r.targetMean - base.targetMean) * 100;
    const spread = Math.max(r.targetSd, base.targetSd) * 100;
    const verdict = gain <= 0 ? 'notBetter' : gain > spread ? 'better' : 'betterWithinSpread';
    return [{ arm: r.arm, gain, spread, seeds: Math.min(r.perSeed.length, base.perSeed.length), verdict }];
  });
}
