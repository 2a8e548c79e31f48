import type { EpochRow } from '../contract';
import { describe, expect, it } from 'vitest';
import { diagnose } from './diagnosis';
import type { StepPoint } from './chartSeries';

const epoch = (n: number, trainLoss: number, validationLoss: number, trainAccuracy: number, validationAccuracy: number): EpochRow =>
  ({ epoch: n, step: n * 10, trainLoss, validationLoss, trainAccuracy, validationAccuracy, seconds: 1 });
const step = (n: number, loss: number): StepPoint => ({ step: n, epoch: 1, loss, smoothedLoss: loss, accuracy: 0, learningRate: 0.1 });

describe('diagnosis from the curves', () => {
  it('calls overfitting and training-too-long with the epochs as evidence', () => {
    const epochs = [epoch(1, 1.2, 1.0, 0.6, 0.6), epoch(2, 0.5, 0.8, 0.85, 0.65), epoch(3, 0.2, 1.0, 0.95, 0.62), epoch(4, 0.1, 1.3, 0.99, 0.6)];
    const kinds = diagnose(epochs, []).map((d) => d.kind);
    expect(kinds).toEqual(['overfitting', 'training-too-long']);
    expect(diagnose(epochs, [])[1]?.evidence).toContain('lowest at epoch 2');
  });

  it('calls underfitting when both curves are flat and low', () => {
    const epochs = [epoch(1, 1.6, 1.6, 0.2, 0.2), epoch(2, 1.6, 1.6, 0.21, 0.2), epoch(3, 1.59, 1.6, 0.22, 0.21)];
    expect(diagnose(epochs, []).map((d) => d.kind)).toEqual(['underfitting']);
  });

  it('flags loss spikes and says nothing on a healthy run', () => {
    const steps = Array.from({ length: 30 }, (_, i) => step(i + 1, i === 25 ? 9 : 1 - i * 0.01));
    expect(diagnose([], steps)[0]?.evidence).toBe('loss spikes at step 26');
    const healthy = [epoch(1, 1.0, 1.0, 0.6, 0.58), epoch(2, 0.7, 0.75, 0.75, 0.72), epoch(3, 0.5, 0.6, 0.83, 0.8)];
    expect(diagnose(healthy, steps.filter((s) => s.step !== 26))).toEqual([]);
  });
});
