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
  const last = epochs[epochs.length - 1];
  if (last && last.trainAccuracy >= 0.8 && last.trainAccuracy - last.validationAccuracy >= 0.2) {
    out.push({
      kind: 'overfitting', title: 'Overfitting',
      evidence: `epoch ${last.epoch}: train accuracy ${pct(last.trainAccuracy)}, validation ${pct(last.validationAccuracy)}`,
      fix: 'Add augmentation or mixup, raise dropout or weight decay, freeze more blocks, or get more training images.',
    });
  }
  if (epochs.length >= 3) {
    const best = epochs.reduce((b, e) => (e.validationLoss < b.validationLoss ? e : b), epochs[0]);
    const after = epochs.filter((e) => e.epoch > best.epoch);
    if (after.length >= 2 && after.every((e) => e.validationLoss > best.validationLoss * 1.05)) {
      out.push({
        kind: 'training-too-long', title: 'Training too long',
        evidence: `validation loss was lowest at epoch ${best.epoch} (${best.validationLoss.toFixed(3)}) and higher in epochs ${after.map((e) => e.epoch).join(', ')}`,
        fix: 'Stop earlier: turn on early stopping with best-weight restore, or lower the learning rate after the best epoch.',
      });
    }
    const recent = epochs.slice(-3);
    const trainGain = (recent[0].trainLoss - recent[2].trainLoss) / Math.max(1e-9, recent[0].trainLoss);
    if (trainGain < 0.02 && recent[2].trainAccuracy < 0.6 && recent[2].validationAccuracy < 0.6) {
      out.push({
        kind: 'underfitting', title: 'Underfitting',
        evidence: `epochs ${recent[0].epoch}–${recent[2].epoch}: train loss moved ${pct(trainGain)}, train accuracy ${pct(recent[2].trainAccuracy)}`,
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
export function lossSpikes(steps: StepPoint[]): number[] {
  const spikes: number[] = [];
  for (let i = 20; i < steps.length; i++) {
    const window = steps.slice(i - 20, i).map((s) => s.loss).sort((a, b) => a - b);
    const median = window[10];
    if (steps[i].loss > 3 * median && steps[i].loss - median > 0.5) spikes.push(steps[i].step);
  }
  return spikes;
}
