import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIMIZER, TRAIN_CONFIG, type TrainConfig } from '../contract';
import { DOMAIN_LESSON, domainArmConfig, domainReading, domainRows, domainRuns, meanAndSd, type DomainResult } from './domainLesson';

const form: TrainConfig = {
  epochs: 15, batchSize: 32, seed: 9, optimizer: DEFAULT_OPTIMIZER, pretrainedPenalty: { kind: 'l2sp', strength: 1 },
  callbacks: { earlyStopping: { monitor: 'validationLoss', patience: 2, minDelta: 0, restoreBestWeights: true } },
};

describe('the domain lesson', () => {
  it('runs every arm at every seed, the shifted sample as target, adaptation only in its arms', () => {
    const runs = domainRuns({ ...DOMAIN_LESSON, seeds: 2 });
    expect(runs).toEqual([
      { arm: 'sourceOnly', seed: 1 }, { arm: 'mmd', seed: 1 }, { arm: 'dann', seed: 1 },
      { arm: 'sourceOnly', seed: 2 }, { arm: 'mmd', seed: 2 }, { arm: 'dann', seed: 2 },
    ]);
    const source = domainArmConfig('sourceOnly', 2, form, DOMAIN_LESSON);
    expect(source.domainTarget).toEqual({ kind: 'shiftedSample' });
    expect(source.domainAdaptation).toBeUndefined();
    expect(source.pretrainedPenalty).toBeUndefined();
    expect(source.callbacks).toBeUndefined();
    expect(source.seed).toBe(2);
    expect(domainArmConfig('mmd', 1, form, DOMAIN_LESSON).domainAdaptation).toEqual({ method: 'mmd', strength: DOMAIN_LESSON.mmdStrength });
    const dann = domainArmConfig('dann', 3, form, DOMAIN_LESSON);
    expect(dann.domainAdaptation).toEqual({ method: 'dann', strength: DOMAIN_LESSON.dannStrength });
    expect(dann.epochs).toBe(DOMAIN_LESSON.epochs);
    expect(TRAIN_CONFIG.safeParse(dann).success).toBe(true);
  });

  it('tables mean ± SD over seeds and reads the gain against the spread, from the numbers', () => {
    expect(meanAndSd([0.5, 0.7])).toEqual({ mean: 0.6, sd: expect.closeTo(0.1414, 3) as number });
    const results: DomainResult[] = [
      ...[0.40, 0.42, 0.44].map((t, k) => ({ arm: 'sourceOnly' as const, seed: k + 1, targetAccuracy: t, sourceAccuracy: 0.9 })),
      ...[0.60, 0.62, 0.64].map((t, k) => ({ arm: 'mmd' as const, seed: k + 1, targetAccuracy: t, sourceAccuracy: 0.9 })),
      ...[0.30, 0.60, 0.45].map((t, k) => ({ arm: 'dann' as const, seed: k + 1, targetAccuracy: t, sourceAccuracy: 0.9 })),
    ];
    const rows = domainRows(results);
    expect(rows.map((r) => r.arm)).toEqual(['sourceOnly', 'mmd', 'dann']);
    expect(rows[1]!.targetMean).toBeCloseTo(0.62);
    expect(rows[1]!.perSeed).toEqual([0.60, 0.62, 0.64]);
    const reading = domainReading(rows);
    expect(reading.map((v) => [v.arm, v.verdict])).toEqual([['mmd', 'better'], ['dann', 'betterWithinSpread']]);
    expect(reading[0]!.gain).toBeCloseTo(20);
    const worse = domainReading(domainRows(results.map((r) => (r.arm === 'mmd' ? { ...r, targetAccuracy: 0.3 } : r))));
    expect(worse[0]!.verdict).toBe('notBetter');
  });
});
