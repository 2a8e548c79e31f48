import type { EpochRow } from '../contract';
import type { StepPoint } from './chartSeries';
import { formatNumber, i18n } from '../common/i18n/i18n';

export interface Diagnosis {
  kind: 'overfitting' | 'training-too-long' | 'underfitting' | 'unstable';
  title: string;
  evidence: string;
  fix: string;
}

const pct = (x: number) => formatNumber(x, { style: 'percent', maximumFractionDigits: 0 });
/** The findings' words are in the catalogue (messages:diagnosis), in the page's language when read. */
const t = (key: string, values: Record<string, unknown> = {}) => i18n.t(`messages:diagnosis.${key}`, values);

/** Reads the curves the way a teacher would, and says what to try, with the epochs as evidence. */
export function diagnose(epochs: EpochRow[], steps: StepPoint[]): Diagnosis[] {
  const out: Diagnosis[] = [];
  const last = epochs.at(-1);
  if (last && last.trainAccuracy >= 0.8 && last.trainAccuracy - last.validationAccuracy >= 0.2) {
    out.push({
      kind: 'overfitting', title: t('overfitting.title'),
      evidence: t('overfitting.evidence', { epoch: last.epoch, train: pct(last.trainAccuracy), validation: pct(last.validationAccuracy) }),
      fix: t('overfitting.fix'),
    });
  }
  // The last three epochs: both ends are there from three epochs on.
  const [first, , latest] = epochs.slice(-3);
  if (first && latest) {
    const best = epochs.reduce((b, e) => (e.validationLoss < b.validationLoss ? e : b));
    const after = epochs.filter((e) => e.epoch > best.epoch);
    if (after.length >= 2 && after.every((e) => e.validationLoss > best.validationLoss * 1.05)) {
      out.push({
        kind: 'training-too-long', title: t('tooLong.title'),
        evidence: t('tooLong.evidence', { epoch: best.epoch, loss: formatNumber(best.validationLoss, { minimumFractionDigits: 3, maximumFractionDigits: 3 }), after: after.map((e) => e.epoch).join(', ') }),
        fix: t('tooLong.fix'),
      });
    }
    const trainGain = (first.trainLoss - latest.trainLoss) / Math.max(1e-9, first.trainLoss);
    if (trainGain < 0.02 && latest.trainAccuracy < 0.6 && latest.validationAccuracy < 0.6) {
      out.push({
        kind: 'underfitting', title: t('underfitting.title'),
        evidence: t('underfitting.evidence', { first: first.epoch, latest: latest.epoch, gain: pct(trainGain), accuracy: pct(latest.trainAccuracy) }),
        fix: t('underfitting.fix'),
      });
    }
  }
  const spikes = lossSpikes(steps);
  if (spikes.length > 0) {
    out.push({
      kind: 'unstable', title: t('unstable.title'),
      evidence: t('unstable.evidence', { count: spikes.length, steps: spikes.slice(0, 5).join(', ') + (spikes.length > 5 ? ', …' : '') }),
      fix: t('unstable.fix'),
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
