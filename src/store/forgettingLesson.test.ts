import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_FORM } from '../contract';
import { FORGETTING_ARMS, FORGETTING_LESSON, forgettingArmConfig, forgettingReading, forgettingRows, type ForgettingResult } from './forgettingLesson';
import { toTrainConfig } from './trainConfig';

const base = toTrainConfig({ ...DEFAULT_TRAINING_FORM, augmentation: 'mild', pretrainedPenalty: 'l2sp', penaltyStrength: 9 }, [48, 48, 48, 48, 48]);
const arm = (id: string) => FORGETTING_ARMS.find((a) => a.id === id)!;

describe('the forgetting lesson', () => {
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

  it('reads the table: points forgotten against the frozen reference, and each remedy against plain fine-tuning (±3 points = equal target)', () => {
    const results: ForgettingResult[] = [
      { arm: 'frozen', targetAccuracy: 0.55, sourceAccuracy: 0.35 },
      { arm: 'plain', targetAccuracy: 0.8, sourceAccuracy: 0.15 },
      { arm: 'lowerRate', targetAccuracy: 0.7, sourceAccuracy: 0.3 },
      { arm: 'l2sp', targetAccuracy: 0.82, sourceAccuracy: 0.25 },
      { arm: 'ewc', targetAccuracy: 0.85, sourceAccuracy: 0.1 },
    ];
    expect(forgettingRows(results).map((r) => Math.round(r.forgettingPoints! * 10) / 10)).toEqual([0, 20, 5, 10, 25]);
    const reading = forgettingReading(results);
    expect(reading.map((v) => [v.arm, v.verdict])).toEqual([
      ['lowerRate', 'lessForgettingLowerTarget'], ['l2sp', 'lessForgettingSameTarget'], ['ewc', 'noLessForgetting'],
    ]);
    expect(reading[1]!.sourceGain).toBeCloseTo(10, 6);
    expect(forgettingReading(results.filter((r) => r.arm !== 'plain'))).toEqual([]);
    expect(forgettingRows(results.slice(1))[0]!.forgettingPoints).toBeNull();
  });
});
