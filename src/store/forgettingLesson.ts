import type { PretrainedPenalty, TrainConfig } from '../contract';

/**
 * The forgetting lesson (issue 22), as pure functions: the arms it trains on the sample dataset with the
 * built-in backbone, the config each arm runs with, the table of results and the reading drawn from it.
 * The lesson panel (ui/adaptation) runs them through the studio's own actions; a lessons list can reuse them.
 */

export type ForgettingArmId = 'frozen' | 'plain' | 'lowerRate' | 'l2sp' | 'ewc';

export interface ForgettingArm {
  id: ForgettingArmId;
  /** The backbone stays frozen (feature extraction): the reference with no forgetting at all. */
  frozenBackbone: boolean;
  /** Learning-rate multiplier of every backbone block (the head keeps 1). */
  backboneLrMultiplier: number;
  penalty: PretrainedPenalty['kind'] | null;
}

export const FORGETTING_ARMS: readonly ForgettingArm[] = [
  { id: 'frozen', frozenBackbone: true, backboneLrMultiplier: 1, penalty: null },
  { id: 'plain', frozenBackbone: false, backboneLrMultiplier: 1, penalty: null },
  { id: 'lowerRate', frozenBackbone: false, backboneLrMultiplier: 0.1, penalty: null },
  { id: 'l2sp', frozenBackbone: false, backboneLrMultiplier: 1, penalty: 'l2sp' },
  { id: 'ewc', frozenBackbone: false, backboneLrMultiplier: 1, penalty: 'ewc' },
];

/** The lesson's settings: every arm trains this long, at this rate, with these penalty strengths. */
export interface ForgettingSettings {
  epochs: number;
  learningRate: number;
  l2spStrength: number;
  ewcStrength: number;
}

export const FORGETTING_LESSON: ForgettingSettings = { epochs: 5, learningRate: 0.01, l2spStrength: 0.05, ewcStrength: 500 };

/** The config of one arm from the form's: same seed and batch, the lesson's epochs and rate, no augmentation, the arm's penalty. */
export function forgettingArmConfig(arm: ForgettingArm, config: TrainConfig, settings: ForgettingSettings): TrainConfig {
  const { pretrainedPenalty: _formPenalty, augmentation: _augmentation, callbacks: _callbacks, ...rest } = config;
  const strength = arm.penalty === 'l2sp' ? settings.l2spStrength : settings.ewcStrength;
  return {
    ...rest,
    epochs: settings.epochs,
    optimizer: { ...config.optimizer, learningRate: settings.learningRate },
    schedule: { kind: 'constant' },
    ...(arm.penalty ? { pretrainedPenalty: { kind: arm.penalty, strength } } : {}),
  };
}

/** One arm's result: the final epoch's target (validation) accuracy and source-task accuracy. */
export interface ForgettingResult {
  arm: ForgettingArmId;
  targetAccuracy: number;
  sourceAccuracy: number;
}

export interface ForgettingRow extends ForgettingResult {
  /** Source accuracy lost against the frozen reference (the untouched backbone), in points; null without it. */
  forgettingPoints: number | null;
}

export function forgettingRows(results: readonly ForgettingResult[]): ForgettingRow[] {
  const reference = results.find((r) => r.arm === 'frozen');
  return results.map((r) => ({ ...r, forgettingPoints: reference ? (reference.sourceAccuracy - r.sourceAccuracy) * 100 : null }));
}

/** Target accuracies this close (in points) count as equal, as the issue asks. */
export const EQUAL_TARGET_POINTS = 3;

/**
 * What the numbers say, as catalogue keys with values: for each remedy (lower rate, L2-SP, EWC), whether
 * it forgot less than plain fine-tuning and whether its target accuracy stayed within ±3 points.
 */
export interface ForgettingVerdict {
  arm: Exclude<ForgettingArmId, 'frozen' | 'plain'>;
  /** Points of source accuracy kept compared with plain fine-tuning (positive: it forgot less). */
  sourceGain: number;
  /** Target accuracy minus plain fine-tuning's, in points. */
  targetDifference: number;
  verdict: 'lessForgettingSameTarget' | 'lessForgettingLowerTarget' | 'lessForgettingHigherTarget' | 'noLessForgetting';
}

export function forgettingReading(results: readonly ForgettingResult[]): ForgettingVerdict[] {
  const plain = results.find((r) => r.arm === 'plain');
  if (!plain) return [];
  return results.flatMap((r) => {
    if (r.arm === 'plain' || r.arm === 'frozen') return [];
    const sourceGain = (r.sourceAccuracy - plain.sourceAccuracy) * 100;
    const targetDifference = (r.targetAccuracy - plain.targetAccuracy) * 100;
    const verdict = sourceGain <= 0 ? 'noLessForgetting'
      : Math.abs(targetDifference) <= EQUAL_TARGET_POINTS ? 'lessForgettingSameTarget'
        : targetDifference < 0 ? 'lessForgettingLowerTarget' : 'lessForgettingHigherTarget';
    return [{ arm: r.arm, sourceGain, targetDifference, verdict }];
  });
}
