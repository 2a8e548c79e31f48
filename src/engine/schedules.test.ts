import { DEFAULT_OPTIMIZER, DEFAULT_SCHEDULE, SCHEDULE_CONFIG, SCHEDULE_KINDS, TRAIN_CONFIG, issuesOf, type ScheduleConfig } from '../contract';
import { describe, expect, it } from 'vitest';
import { learningRateAt, positionAt } from './schedules';
import { valueAt } from './arrays';

const validateSchedule = (config: unknown) => issuesOf(SCHEDULE_CONFIG, config);

/** Rate at a whole or fractional epoch, with 10 steps per epoch. */
function atEpoch(config: ScheduleConfig, baseLr: number, epoch: number): number {
  return learningRateAt(config, baseLr, positionAt(Math.round(epoch * 10), 10));
}

describe('constant schedule', () => {
  it('is the base rate everywhere and is the default', () => {
    expect(DEFAULT_SCHEDULE).toEqual({ kind: 'constant' });
    for (const step of [0, 1, 57, 10_000]) expect(learningRateAt(DEFAULT_SCHEDULE, 0.003, positionAt(step, 7))).toBe(0.003);
  });
});

describe('step schedule', () => {
  const config: ScheduleConfig = { kind: 'step', stepSize: 1, gamma: 0.5 };

  it('halves every epoch: base/4 at epoch 2', () => {
    expect(atEpoch(config, 0.1, 0)).toBe(0.1);
    expect(atEpoch(config, 0.1, 1)).toBe(0.05);
    expect(atEpoch(config, 0.1, 2)).toBe(0.025);
  });

  it('holds within an epoch (decays at the boundary, not before)', () => {
    expect(atEpoch(config, 0.1, 0.9)).toBe(0.1);
    expect(atEpoch(config, 0.1, 1.9)).toBe(0.05);
  });

  it('decays every stepSize epochs', () => {
    const every2: ScheduleConfig = { kind: 'step', stepSize: 2, gamma: 0.1 };
    expect(atEpoch(every2, 1, 1)).toBe(1);
    expect(atEpoch(every2, 1, 2)).toBeCloseTo(0.1, 12);
    expect(atEpoch(every2, 1, 3)).toBeCloseTo(0.1, 12);
    expect(atEpoch(every2, 1, 4)).toBeCloseTo(0.01, 12);
  });

  it('reads the epoch field, so a caller passing whole epoch indices gets the same rate', () => {
    expect(learningRateAt(config, 0.1, { step: 25, epoch: 2, stepsPerEpoch: 10 })).toBe(0.025);
  });

  it('is not delayed by rounding at a fractional stepSize (0.3 / 0.1 = 2.9999999999999996)', () => {
    const tenth: ScheduleConfig = { kind: 'step', stepSize: 0.1, gamma: 0.5 };
    expect(learningRateAt(tenth, 1, positionAt(3, 10))).toBe(0.125);
  });
});

describe('exponential schedule', () => {
  it('multiplies by gamma once per whole epoch', () => {
    const config: ScheduleConfig = { kind: 'exponential', gamma: 0.9 };
    expect(atEpoch(config, 1, 0)).toBe(1);
    expect(atEpoch(config, 1, 1)).toBeCloseTo(0.9, 12);
    expect(atEpoch(config, 1, 3)).toBeCloseTo(0.729, 12);
    expect(atEpoch(config, 1, 2.5)).toBeCloseTo(0.81, 12);
  });
});

describe('cosine schedule', () => {
  const config: ScheduleConfig = { kind: 'cosine', totalEpochs: 10, minLr: 0.001 };

  it('starts at base, is (base + min) / 2 half way and min at the end', () => {
    expect(atEpoch(config, 0.1, 0)).toBeCloseTo(0.1, 12);
    expect(atEpoch(config, 0.1, 5)).toBeCloseTo((0.1 + 0.001) / 2, 12);
    expect(atEpoch(config, 0.1, 10)).toBeCloseTo(0.001, 12);
  });

  it('follows the cosine in between: min + (base - min)(1 + cos(pi/4))/2 at a quarter', () => {
    expect(atEpoch(config, 0.1, 2.5)).toBeCloseTo(0.0855017856687341, 12);
  });

  it('stays at min after totalEpochs instead of climbing back', () => {
    expect(atEpoch(config, 0.1, 15)).toBeCloseTo(0.001, 12);
    expect(atEpoch(config, 0.1, 20)).toBeCloseTo(0.001, 12);
  });

  it('is smooth within an epoch: uses step / stepsPerEpoch, not the whole epoch index', () => {
    const mid = learningRateAt(config, 0.1, { step: 50, epoch: 5, stepsPerEpoch: 10 });
    const sameStepWholeEpoch = learningRateAt(config, 0.1, { step: 55, epoch: 5, stepsPerEpoch: 10 });
    expect(mid).toBeCloseTo(0.0505, 12);
    expect(sameStepWholeEpoch).toBeLessThan(mid);
  });

  it('falls back to the epoch field when stepsPerEpoch is unknown (0)', () => {
    expect(learningRateAt(config, 0.1, { step: 0, epoch: 5, stepsPerEpoch: 0 })).toBeCloseTo(0.0505, 12);
  });

  it('decreases monotonically over the run', () => {
    const rates = Array.from({ length: 101 }, (_, step) => learningRateAt(config, 0.1, positionAt(step, 10)));
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeLessThanOrEqual(valueAt(rates, i - 1));
  });
});

describe('cosine with warm restarts (SGDR)', () => {
  const config: ScheduleConfig = { kind: 'cosineRestarts', t0: 2, tMult: 2, minLr: 0 };

  it('anneals over the first T0 epochs', () => {
    expect(atEpoch(config, 1, 0)).toBe(1);
    expect(atEpoch(config, 1, 1)).toBeCloseTo(0.5, 12);
    expect(atEpoch(config, 1, 1.9)).toBeLessThan(0.01);
  });

  it('restarts to base at T0 and at T0 + T0*tMult, with cycles growing by tMult', () => {
    expect(atEpoch(config, 1, 2)).toBe(1);
    expect(atEpoch(config, 1, 4)).toBeCloseTo(0.5, 12); // half way through the 4-epoch cycle [2, 6)
    expect(atEpoch(config, 1, 5.9)).toBeLessThan(0.01);
    expect(atEpoch(config, 1, 6)).toBe(1);
    expect(atEpoch(config, 1, 10)).toBeCloseTo(0.5, 12); // half way through the 8-epoch cycle [6, 14)
    expect(atEpoch(config, 1, 14)).toBe(1);
  });

  it('repeats cycles of T0 when tMult is 1', () => {
    const fixed: ScheduleConfig = { kind: 'cosineRestarts', t0: 3, tMult: 1, minLr: 0.1 };
    expect(atEpoch(fixed, 1, 1.5)).toBeCloseTo(0.55, 12);
    expect(atEpoch(fixed, 1, 3)).toBe(1);
    expect(atEpoch(fixed, 1, 4.5)).toBeCloseTo(0.55, 12);
    expect(atEpoch(fixed, 1, 6)).toBe(1);
  });

  it('restarts on the boundary step even when epochs do not add up exactly (0.1 + 0.2 != 0.3)', () => {
    const short: ScheduleConfig = { kind: 'cosineRestarts', t0: 0.1, tMult: 2, minLr: 0 };
    expect(learningRateAt(short, 1, positionAt(1, 10))).toBe(1);
    expect(learningRateAt(short, 1, positionAt(3, 10))).toBe(1);
  });
});

describe('one-cycle schedule (PyTorch OneCycleLR, cosine)', () => {
  const config: ScheduleConfig = { kind: 'oneCycle', maxLr: 1, totalSteps: 100, pctStart: 0.25, divFactor: 25, finalDivFactor: 1e4 };
  const at = (step: number, baseLr = 0.003) => learningRateAt(config, baseLr, positionAt(step, 10));

  it('starts at maxLr / divFactor', () => {
    expect(at(0)).toBeCloseTo(0.04, 12);
  });

  it('peaks at maxLr at step pctStart * totalSteps - 1', () => {
    expect(at(24)).toBeCloseTo(1, 12);
    expect(at(23)).toBeLessThan(1);
    expect(at(25)).toBeLessThan(1);
  });

  it('is half way between initial and max half way through the warm-up phase', () => {
    expect(at(12)).toBeCloseTo((0.04 + 1) / 2, 12);
  });

  it('ends at maxLr / divFactor / finalDivFactor on the last step and stays there', () => {
    expect(at(99)).toBeCloseTo(4e-6, 15);
    expect(at(150)).toBeCloseTo(4e-6, 15);
  });

  it('is half way between max and min half way through the annealing phase', () => {
    const c: ScheduleConfig = { ...config, pctStart: 0.2 }; // peak at 19, end at 99: midpoint 59
    expect(learningRateAt(c, 1, positionAt(59, 10))).toBeCloseTo((1 + 4e-6) / 2, 12);
  });

  it('rises then falls monotonically, ignoring the base rate', () => {
    const rates = Array.from({ length: 100 }, (_, step) => at(step));
    for (let i = 1; i <= 24; i++) expect(rates[i]).toBeGreaterThan(valueAt(rates, i - 1));
    for (let i = 25; i < 100; i++) expect(rates[i]).toBeLessThan(valueAt(rates, i - 1));
    expect(at(40, 123)).toBe(at(40, 0.003));
  });

  it('does not divide by zero when the peak is step 0', () => {
    const c: ScheduleConfig = { ...config, totalSteps: 10, pctStart: 0.1 };
    expect(learningRateAt(c, 1, positionAt(0, 10))).toBe(1);
    expect(learningRateAt(c, 1, positionAt(9, 10))).toBeCloseTo(4e-6, 15);
  });
});

describe('linear warm-up', () => {
  it('is 0 at step 0, linear, and reaches base at warmupSteps', () => {
    const config: ScheduleConfig = { kind: 'constant', warmupSteps: 10 };
    expect(learningRateAt(config, 0.1, positionAt(0, 5))).toBe(0);
    expect(learningRateAt(config, 0.1, positionAt(5, 5))).toBeCloseTo(0.05, 12);
    expect(learningRateAt(config, 0.1, positionAt(10, 5))).toBe(0.1);
    expect(learningRateAt(config, 0.1, positionAt(30, 5))).toBe(0.1);
  });

  it('ramps towards the underlying schedule, which keeps running during warm-up', () => {
    const cosine: ScheduleConfig = { kind: 'cosine', totalEpochs: 1, minLr: 0, warmupSteps: 5 };
    const plain: ScheduleConfig = { kind: 'cosine', totalEpochs: 1, minLr: 0 };
    const step = 2;
    expect(learningRateAt(cosine, 1, positionAt(step, 10))).toBeCloseTo(0.4 * learningRateAt(plain, 1, positionAt(step, 10)), 12);
    expect(learningRateAt(cosine, 1, positionAt(5, 10))).toBeCloseTo(0.5, 12);
  });

  it('applies to epoch-wise schedules too, and 0 warm-up steps change nothing', () => {
    const stepped: ScheduleConfig = { kind: 'step', stepSize: 1, gamma: 0.5, warmupSteps: 20 };
    expect(learningRateAt(stepped, 1, positionAt(15, 10))).toBeCloseTo(0.75 * 0.5, 12);
    expect(learningRateAt({ kind: 'constant', warmupSteps: 0 }, 0.1, positionAt(0, 10))).toBe(0.1);
  });
});

describe('validateSchedule', () => {
  it('accepts sensible configs of every kind', () => {
    const valid: ScheduleConfig[] = [
      DEFAULT_SCHEDULE,
      { kind: 'step', stepSize: 3, gamma: 0.1 },
      { kind: 'exponential', gamma: 1, warmupSteps: 100 },
      { kind: 'cosine', totalEpochs: 20, minLr: 0 },
      { kind: 'cosineRestarts', t0: 5, tMult: 2, minLr: 1e-5 },
      { kind: 'oneCycle', maxLr: 0.01, totalSteps: 1000, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4 },
    ];
    expect(valid.map((c) => c.kind).sort()).toEqual([...SCHEDULE_KINDS].sort());
    for (const c of valid) expect(validateSchedule(c)).toEqual([]);
  });

  it('names the field in each error', () => {
    expect(validateSchedule({ kind: 'step', stepSize: 1, gamma: 0 })).toEqual(['gamma: must be > 0 (got 0)']);
    expect(validateSchedule({ kind: 'step', stepSize: 1, gamma: 1.5 })).toEqual(['gamma: must be ≤ 1 (got 1.5)']);
    expect(validateSchedule({ kind: 'exponential', gamma: Number.NaN })).toEqual([expect.stringMatching(/^gamma: must be a number/)]);
    expect(validateSchedule({ kind: 'step', stepSize: 0, gamma: 0.5 })).toEqual(['stepSize: must be > 0 (got 0)']);
    expect(validateSchedule({ kind: 'cosine', totalEpochs: 0, minLr: -1 })).toEqual(['totalEpochs: must be > 0 (got 0)', 'minLr: must be ≥ 0 (got -1)']);
    expect(validateSchedule({ kind: 'cosineRestarts', t0: -1, tMult: 0.5, minLr: 0 })).toEqual(['t0: must be > 0 (got -1)', 'tMult: must be ≥ 1 (got 0.5)']);
    expect(validateSchedule({ kind: 'constant', warmupSteps: 2.5 })).toEqual([expect.stringMatching(/^warmupSteps: must be a whole number/)]);
    expect(validateSchedule({ kind: 'constant', warmupSteps: -1 })).toEqual(['warmupSteps: must be ≥ 0 (got -1)']);
  });

  it('checks every one-cycle field', () => {
    const errors = validateSchedule({ kind: 'oneCycle', maxLr: 0, totalSteps: 10.5, pctStart: 1, divFactor: 0.5, finalDivFactor: 0 });
    expect(errors).toEqual([
      'maxLr: must be > 0 (got 0)',
      expect.stringMatching(/^totalSteps: must be a whole number/),
      'pctStart: must be < 1 (got 1)',
      'divFactor: must be ≥ 1 (got 0.5)',
      'finalDivFactor: must be ≥ 1 (got 0)',
    ]);
  });

  it('refuses a floor above the base learning rate of the run', () => {
    const schedule: ScheduleConfig = { kind: 'cosine', totalEpochs: 10, minLr: 0.1 };
    expect(validateSchedule(schedule)).toEqual([]);
    const run = (learningRate: number) => ({ epochs: 1, batchSize: 8, seed: 1, optimizer: { ...DEFAULT_OPTIMIZER, learningRate }, schedule });
    expect(issuesOf(TRAIN_CONFIG, run(0.5))).toEqual([]);
    expect(issuesOf(TRAIN_CONFIG, run(0.01))).toEqual(['schedule.minLr: must not exceed the base learning rate']);
  });

  it('reports an unknown kind from saved JSON', () => {
    const fromJson = JSON.parse('{"kind":"linear"}') as ScheduleConfig;
    expect(validateSchedule(fromJson)).toEqual([expect.stringMatching(/^kind: must be one of "constant", "step".*\(got "linear"\)$/)]);
  });
});
