import type { EpochRow } from '../contract';
import type { StepPoint } from './chartSeries';

export interface Diagnosis {
  kind: 'overfitting' | 'training-too-long' | 'underfitting' | 'unstable';
  title: string;
  evidence: string;
  fix: string;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

/** Reads the curves the way a teacher would, and says what to try, with the epochs as evidence. */
export function diagnose(epochs: EpochRow[], steps: StepPoint[]): Diagnosis[] {
  const out: Diagnosis[] = [];
  const last = epochs.at(-1);
  if (last && last.trainAccuracy >= 0.8 && last.trainAccuracy - last.validationAccuracy >= 0.2) {
    out.push({
      kind: 'overfitting', title: 'Overfitting',
      evidence: `epoch ${last.epoch}: train accuracy ${pct(last.trainAccuracy)}, validation ${pct(last.validationAccuracy)}`,
      fix: 'Add augmentation or mixup, raise dropout or weight decay, freeze more blocks, or get more training images.',
    });
  }
  // The last three epochs: both ends are there from three epochs on.
  const [first, , latest] = epochs.slice(-3);
  if (first && latest) {
    const best = epochs.reduce((b, e) => (e.validationLoss < b.validationLoss ? e : b));
    const after = epochs.filter((e) => e.epoch > best.epoch);
    if (after.length >= 2 && after.every((e) => e.validationLoss > best.validationLoss * 1.05)) {
      out.push({
        kind: 'training-too-long', title: 'Training too long',
        evidence: `validation loss was lowest at epoch ${best.epoch} (${best.validationLoss.toFixed(3)}) and higher in epochs ${after.map((e) => e.epoch).join(', ')}`,
        fix: 'Stop earlier: turn on early stopping with best-weight restore, or lower the learning rate after the best epoch.',
      });
    }
    const trainGain = (first.trainLoss - latest.trainLoss) / Math.max(1e-9, first.trainLoss);
    if (trainGain < 0.02 && latest.trainAccuracy < 0.6 && latest.validationAccuracy < 0.6) {
      out.push({
        kind: 'underfitting', title: 'Underfitting',
        evidence: `epochs ${first.epoch}–${latest.epoch}: train loss moved ${pct(trainGain)}, train accuracy ${pct(latest.trainAccuracy)}`,
        fix: 'Raise the learning rate, thaw more blocks, train longer, or use a larger model.',
      });
    }
  }
  const spikes = lossSpikes(steps);
  if (spikes.length > 0) {
    out.push({
      kind: 'unstable', title: 'Unstable training',
      evidence: `loss spikes at step${spikes.length > 1 ? 's' : ''} ${spikes.slice(0, 5).join(', ')}${spikes.length > 5 ? ', …' : ''}`,
      fix: 'Lower the learning rate, add warm-up, or turn on gradient clipping.',
    });
  }
  return out;
}

/** Steps whose loss is over 3x the median of the 20 steps before them. */
function lossSpikes(steps: StepPoint[]): number[] {
  const spikes: number[] = [];
  steps.forEach((point, i) => {
    if (i < 20) return;
    const median = steps.slice(i - 20, i).map((s) => s.loss).sort((a, b) => a - b)[10];
    if (median !== undefined && point.loss > 3 * median && point.loss - median > 0.5) spikes.push(point.step);
  });
  return spikes;
}
