import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_FORM } from '../contract';
import { FORGETTING_ARMS, FORGETTING_LESSON, forgettingArmConfig, forgettingReading, forgettingRows, forgettingSeeds, type ForgettingResult } from './forgettingLesson';
import { toTrainConfig } from './trainConfig';

const base = toTrainConfig({ ...DEFAULT_TRAINING_FORM, augmentation: 'mild', pretrainedPenalty: 'l2sp', penaltyStrength: 9 }, [48, 48, 48, 48, 48]);
const arm = (id: string) => FORGETTING_ARMS.find((a) => a.id === id)!;

describe('the forgetting lesson', () => {
  it('leaves out a target domain and its adaptation set in the form: the arms differ by their penalty alone', () => {
    const adapted = toTrainConfig({ ...DEFAULT_TRAINING_FORM, domainTarget: 'shiftedSample', domainAdaptation: 'mmd', domainStrength: 4 }, [48, 48, 48, 48, 48]);
    expect(adapted.domainAdaptation).toBeDefined();
    const config = forgettingArmConfig(arm('plain'), adapted, FORGETTING_LESSON);
    expect(config.domainAdaptation).toBeUndefined();
    expect(config.domainTarget).toBeUndefined();
  });

  it('runs every arm at the lesson settings, without augmentation, each with its own penalty only', () => {
    for (const a of FORGETTING_ARMS) {
      const config = forgettingArmConfig(a, base, FORGETTING_LESSON);
      expect(config.epochs).toBe(FORGETTING_LESSON.epochs);
      expect(config.optimizer.learningRate).toBe(FORGETTING_LESSON.learningRate);
      expect(config.augmentation).toBeUndefined();
      expect(config.seed).toBe(base.seed);
    }
    expect(forgettingArmConfig(arm('plain'), base, FORGETTING_LESSON).pretrainedPenalty).toBeUndefined();
    expect(forgettingArmConfig(arm('l2sp'), base, FORGETTING_LESSON).pretrainedPenalty).toEqual({ kind: 'l2sp', strength: FORGETTING_LESSON.l2spStrength });
    expect(forgettingArmConfig(arm('ewc'), base, FORGETTING_LESSON).pretrainedPenalty).toEqual({ kind: 'ewc', strength: FORGETTING_LESSON.ewcStrength });
  });

  it('runs each arm at the form seed and the next ones, the seed in the config', () => {
    expect(forgettingSeeds(4, { ...FORGETTING_LESSON, seeds: 3 })).toEqual([4, 5, 6]);
    expect(forgettingArmConfig(arm('plain'), base, FORGETTING_LESSON, 6).seed).toBe(6);
  });

  /** Results at three seeds per arm, from target and source accuracies (fractions) of each seed. */
  const seeded = (a: ForgettingResult['arm'], targets: number[], sources: number[]): ForgettingResult[] =>
    targets.map((targetAccuracy, k) => ({ arm: a, seed: k + 1, targetAccuracy, sourceAccuracy: sources[k]! }));

  it('makes one row per arm: mean ± SD over the seeds, points forgotten against the frozen reference', () => {
    const results = [
      ...seeded('frozen', [0.5, 0.55, 0.6], [0.36, 0.34, 0.35]),
      ...seeded('plain', [0.8, 0.82, 0.84], [0.1, 0.15, 0.2]),
    ];
    const rows = forgettingRows(results);
    expect(rows.map((r) => r.arm)).toEqual(['frozen', 'plain']);
    expect(rows[1]!.target.mean).toBeCloseTo(0.82, 9);
    expect(rows[1]!.target.spread).toBeCloseTo(0.02, 9);
    expect(rows[1]!.source.n).toBe(3);
    expect(rows[0]!.forgettingPoints).toBe(0);
    expect(rows[1]!.forgettingPoints).toBeCloseTo(20, 6);
    expect(forgettingRows(results.slice(3))[0]!.forgettingPoints).toBeNull();
  });

  it('says "at equal target accuracy" only when the mean targets are within ±3 points and the source gain exceeds the seeds\' spread', () => {
    const plain = seeded('plain', [0.8, 0.8, 0.8], [0.1, 0.15, 0.2]);
    const verdict = (targets: number[], sources: number[]) =>
      forgettingReading(forgettingRows([...plain, ...seeded('l2sp', targets, sources)]))[0]!;
    // Mean target 0.83: +3 points exactly is still equal; +3.33 is not.
    const atThree = verdict([0.82, 0.83, 0.84], [0.3, 0.3, 0.3]);
    expect(atThree.verdict).toBe('lessForgettingSameTarget');
    expect(atThree.sourceGain).toBeCloseTo(15, 6);
    expect(atThree.targetDifference).toBeCloseTo(3, 6);
    expect(verdict([0.77, 0.77, 0.77], [0.3, 0.3, 0.3]).verdict).toBe('lessForgettingSameTarget');
    expect(verdict([0.83, 0.83, 0.8433], [0.3, 0.3, 0.3]).verdict).toBe('lessForgettingHigherTarget');
    expect(verdict([0.7, 0.7, 0.7], [0.3, 0.3, 0.3]).verdict).toBe('lessForgettingLowerTarget');
    // A gain of 4 points with plain's seeds 5 points apart (SD 5) is not a clear difference, whatever the target.
    const within = verdict([0.8, 0.8, 0.8], [0.19, 0.19, 0.19]);
    expect(within.verdict).toBe('withinSpread');
    expect(within.sourceSpread).toBeCloseTo(5, 6);
    // ... nor is a gain within the remedy's own spread.
    const noisy = forgettingReading(forgettingRows([...seeded('plain', [0.8, 0.8, 0.8], [0.15, 0.15, 0.15]), ...seeded('ewc', [0.8, 0.8, 0.8], [0.05, 0.25, 0.45])]));
    expect(noisy[0]).toMatchObject({ arm: 'ewc', verdict: 'withinSpread' });
    expect(verdict([0.8, 0.8, 0.8], [0.1, 0.1, 0.1]).verdict).toBe('noLessForgetting');
    expect(forgettingReading(forgettingRows(seeded('l2sp', [0.8], [0.3])))).toEqual([]);
  });
});
