import { describe, expect, it } from 'vitest';
import { BestTracker, EarlyStopping, GradualUnfreezer, ReduceLROnPlateau, isImprovement, type EpochMetrics } from './callbacks';

const loss = (validationLoss: number): EpochMetrics => ({ validationLoss, validationAccuracy: 0 });
const accuracy = (validationAccuracy: number): EpochMetrics => ({ validationLoss: 0, validationAccuracy });

/** Indices of the epochs at which `fn` reported true. */
function whereTrue<T>(values: T[], fn: (value: T, index: number) => boolean): number[] {
  return values.flatMap((v, i) => (fn(v, i) ? [i] : []));
}

describe('isImprovement (Keras thresholds)', () => {
  it('needs a change strictly larger than minDelta in the monitor direction', () => {
    expect(isImprovement('min', 0.9, 1, 0.1)).toBe(false);
    expect(isImprovement('min', 0.89, 1, 0.1)).toBe(true);
    expect(isImprovement('max', 0.6, 0.5, 0.1)).toBe(false);
    expect(isImprovement('max', 0.61, 0.5, 0.1)).toBe(true);
    expect(isImprovement('min', 1, 1, 0)).toBe(false);
  });

  it('treats the first finite value as an improvement and a non-finite one never', () => {
    expect(isImprovement('min', 5, null, 0)).toBe(true);
    expect(isImprovement('min', Number.NaN, null, 0)).toBe(false);
    expect(isImprovement('max', Number.POSITIVE_INFINITY, 0.5, 0)).toBe(false);
  });
});

describe('ReduceLROnPlateau', () => {
  it('reduces exactly on the patience-th epoch without improvement', () => {
    const r = new ReduceLROnPlateau(0.1, { factor: 0.5, patience: 2, minDelta: 0 });
    const results = [1, 1, 1].map((v) => r.onEpochEnd(loss(v)));
    expect(results.map((x) => x.reduced)).toEqual([false, false, true]);
    expect(results[2].multiplier).toBe(0.5);
    expect(r.learningRate).toBeCloseTo(0.05, 15);
  });

  it('restarts the count after an improvement', () => {
    const r = new ReduceLROnPlateau(0.1, { factor: 0.5, patience: 2, minDelta: 0 });
    const results = [1, 1, 0.5, 0.5, 0.5].map((v) => r.onEpochEnd(loss(v)));
    expect(whereTrue(results, (x) => x.reduced)).toEqual([4]);
  });

  it('does not count improvements of at most minDelta', () => {
    const flat = new ReduceLROnPlateau(1, { factor: 0.5, patience: 2, minDelta: 1e-4 });
    expect([1, 0.99995, 0.99992].map((v) => flat.onEpochEnd(loss(v)).reduced)).toEqual([false, false, true]);
    const better = new ReduceLROnPlateau(1, { factor: 0.5, patience: 2, minDelta: 1e-4 });
    expect([1, 0.99995, 0.9998].map((v) => better.onEpochEnd(loss(v)).reduced)).toEqual([false, false, false]);
  });

  it('compounds the multiplier over successive reductions', () => {
    const r = new ReduceLROnPlateau(1, { factor: 0.5, patience: 1, minDelta: 0 });
    const results = [1, 1, 1, 1].map((v) => r.onEpochEnd(loss(v)));
    expect(results.map((x) => x.multiplier)).toEqual([1, 0.5, 0.25, 0.125]);
  });

  it('ignores the cooldown epochs after a reduction', () => {
    const r = new ReduceLROnPlateau(1, { factor: 0.5, patience: 1, cooldown: 2, minDelta: 0 });
    const results = Array.from({ length: 8 }, () => r.onEpochEnd(loss(1)));
    // Reduce at 1; 2 and 3 are cooldown; 4 is the first counted plateau epoch again.
    expect(whereTrue(results, (x) => x.reduced)).toEqual([1, 4, 7]);
    expect(r.multiplier).toBe(0.125);
  });

  it('still tracks the best during cooldown', () => {
    const r = new ReduceLROnPlateau(1, { factor: 0.5, patience: 2, cooldown: 1, minDelta: 0 });
    // 0 best=1; 1, 2 plateau -> reduce at 2; 3 cooldown but improves to 0.5; 4 and 5 count -> reduce at 5.
    const results = [1, 1, 1, 0.5, 0.7, 0.6].map((v) => r.onEpochEnd(loss(v)));
    expect(whereTrue(results, (x) => x.reduced)).toEqual([2, 5]);
    expect(r.getState().best).toBe(0.5);
  });

  it('never lets the rate fall below minLr and stops reducing there', () => {
    const r = new ReduceLROnPlateau(0.1, { factor: 0.1, patience: 1, minLr: 0.003, minDelta: 0 });
    const results = Array.from({ length: 5 }, () => r.onEpochEnd(loss(1)));
    expect(results.map((x) => x.reduced)).toEqual([false, true, true, false, false]);
    expect(0.1 * results[1].multiplier).toBeCloseTo(0.01, 15);
    expect(r.learningRate).toBeCloseTo(0.003, 15);
    expect(r.learningRate).toBeGreaterThanOrEqual(0.003);
  });

  it('keeps base * multiplier at or above minLr despite rounding ((0.007 / 0.01) * 0.01 < 0.007)', () => {
    expect((0.007 / 0.01) * 0.01).toBeLessThan(0.007); // the rounding this guards against
    const r = new ReduceLROnPlateau(0.01, { factor: 0.1, patience: 1, minLr: 0.007, minDelta: 0 });
    r.onEpochEnd(loss(1));
    expect(r.onEpochEnd(loss(1)).reduced).toBe(true);
    expect(0.01 * r.multiplier).toBeGreaterThanOrEqual(0.007);
    expect(r.learningRate).toBeGreaterThanOrEqual(0.007);
    expect(r.onEpochEnd(loss(1)).reduced).toBe(false);
  });

  it('monitors validation accuracy upwards', () => {
    const r = new ReduceLROnPlateau(1, { monitor: 'validationAccuracy', factor: 0.5, patience: 2, minDelta: 0 });
    expect([0.5, 0.6, 0.6, 0.55].map((v) => r.onEpochEnd(accuracy(v)).reduced)).toEqual([false, false, false, true]);
    const rising = new ReduceLROnPlateau(1, { monitor: 'validationAccuracy', factor: 0.5, patience: 1, minDelta: 0 });
    expect([0.5, 0.6, 0.7, 0.8].some((v) => rising.onEpochEnd(accuracy(v)).reduced)).toBe(false);
  });

  it('counts a NaN loss as no improvement', () => {
    const r = new ReduceLROnPlateau(1, { factor: 0.5, patience: 1, minDelta: 0 });
    r.onEpochEnd(loss(1));
    expect(r.onEpochEnd(loss(Number.NaN)).reduced).toBe(true);
  });

  it('resumes identically from a JSON round trip of its state', () => {
    const options = { factor: 0.5, patience: 2, cooldown: 1, minDelta: 0 };
    const original = new ReduceLROnPlateau(0.1, options);
    [1, 0.9, 0.95].forEach((v) => original.onEpochEnd(loss(v)));
    const resumed = new ReduceLROnPlateau(0.1, options);
    resumed.setState(JSON.parse(JSON.stringify(original.getState())));
    const rest = [0.95, 0.95, 0.95, 0.95, 0.95];
    expect(rest.map((v) => resumed.onEpochEnd(loss(v)))).toEqual(rest.map((v) => original.onEpochEnd(loss(v))));
  });

  it('starts from a JSON-safe state and hands out copies', () => {
    const r = new ReduceLROnPlateau(0.1);
    expect(JSON.parse(JSON.stringify(r.getState()))).toEqual({ best: null, wait: 0, cooldownLeft: 0, multiplier: 1 });
    r.getState().multiplier = 0.001;
    expect(r.multiplier).toBe(1);
  });

  it('uses the Keras defaults and rejects invalid options and states', () => {
    expect(new ReduceLROnPlateau(0.1).options).toEqual({
      monitor: 'validationLoss', factor: 0.1, patience: 10, minLr: 0, cooldown: 0, minDelta: 1e-4,
    });
    expect(() => new ReduceLROnPlateau(0.1, { factor: 1 })).toThrow(/factor must be in \(0, 1\)/);
    expect(() => new ReduceLROnPlateau(0.1, { patience: 1.5 })).toThrow(/patience/);
    expect(() => new ReduceLROnPlateau(0, {})).toThrow(/baseLr/);
    expect(() => new ReduceLROnPlateau(0.1).setState({ best: null, wait: -1, cooldownLeft: 0, multiplier: 1 })).toThrow(TypeError);
  });
});

describe('EarlyStopping', () => {
  it('stops after patience epochs without improvement and reports the best epoch', () => {
    const e = new EarlyStopping({ patience: 3 });
    const decisions = [1.0, 0.8, 0.9, 0.85, 0.81].map((v, epoch) => e.onEpochEnd(epoch, loss(v)));
    expect(decisions.map((d) => d.stop)).toEqual([false, false, false, false, true]);
    expect(decisions.map((d) => d.improved)).toEqual([true, true, false, false, false]);
    expect(decisions[4].bestEpoch).toBe(1);
    expect(e.best).toBe(0.8);
  });

  it('stops at the first non-improving epoch with patience 0 (the Keras default)', () => {
    const e = new EarlyStopping();
    expect([1, 0.9, 0.9].map((v, epoch) => e.onEpochEnd(epoch, loss(v)).stop)).toEqual([false, false, true]);
  });

  it('does not let improvements of at most minDelta reset patience', () => {
    const e = new EarlyStopping({ patience: 2, minDelta: 0.01 });
    expect([1, 0.995, 0.991].map((v, epoch) => e.onEpochEnd(epoch, loss(v)).stop)).toEqual([false, false, true]);
    expect(e.bestEpoch).toBe(0);
  });

  it('follows accuracy upwards', () => {
    const e = new EarlyStopping({ monitor: 'validationAccuracy', patience: 2, minDelta: 0.005 });
    const decisions = [0.5, 0.7, 0.69, 0.703, 0.71].map((v, epoch) => e.onEpochEnd(epoch, accuracy(v)));
    expect(decisions.map((d) => d.stop)).toEqual([false, false, false, true, false]);
    expect(decisions[3].bestEpoch).toBe(1);
    expect(decisions[4]).toEqual({ stop: false, improved: true, bestEpoch: 4, restoreBestWeights: false });
  });

  it('reports epochs in the caller numbering and asks for a restore only when configured', () => {
    const restoring = new EarlyStopping({ patience: 1, restoreBestWeights: true });
    const plain = new EarlyStopping({ patience: 1 });
    for (const [epoch, v] of [[1, 0.5], [2, 0.4], [3, 0.6]] as const) {
      const a = restoring.onEpochEnd(epoch, loss(v));
      const b = plain.onEpochEnd(epoch, loss(v));
      if (epoch === 3) {
        expect(a).toEqual({ stop: true, improved: false, bestEpoch: 2, restoreBestWeights: true });
        expect(b.restoreBestWeights).toBe(false);
      }
    }
  });

  it('never takes NaN as its best', () => {
    const e = new EarlyStopping({ patience: 2 });
    const decisions = [Number.NaN, 1, Number.NaN, Number.NaN].map((v, epoch) => e.onEpochEnd(epoch, loss(v)));
    expect(decisions.map((d) => d.improved)).toEqual([false, true, false, false]);
    expect(decisions[3]).toEqual({ stop: true, improved: false, bestEpoch: 1, restoreBestWeights: false });
  });

  it('resumes identically from a JSON round trip of its state', () => {
    const original = new EarlyStopping({ patience: 3 });
    [1, 0.8, 0.9].forEach((v, epoch) => original.onEpochEnd(epoch, loss(v)));
    const resumed = new EarlyStopping({ patience: 3 });
    resumed.setState(JSON.parse(JSON.stringify(original.getState())));
    expect(resumed.getState()).toEqual({ best: 0.8, bestEpoch: 1, wait: 1 });
    expect(resumed.onEpochEnd(3, loss(0.9))).toEqual(original.onEpochEnd(3, loss(0.9)));
    expect(resumed.onEpochEnd(4, loss(0.9)).stop).toBe(true);
  });

  it('rejects invalid options', () => {
    expect(() => new EarlyStopping({ patience: -1 })).toThrow(/patience/);
    expect(() => new EarlyStopping({ minDelta: Number.NaN })).toThrow(/minDelta/);
  });
});

describe('BestTracker', () => {
  it('says when to save: the first epoch, then only improvements beyond minDelta', () => {
    const t = new BestTracker({ minDelta: 0.01 });
    const saves = [1, 0.995, 0.9, 0.95, 0.85].map((v, epoch) => t.update(epoch, loss(v)));
    expect(saves).toEqual([true, false, true, false, true]);
    expect(t.best).toBe(0.85);
    expect(t.bestEpoch).toBe(4);
  });

  it('tracks accuracy upwards and ignores NaN', () => {
    const t = new BestTracker({ monitor: 'validationAccuracy' });
    expect([Number.NaN, 0.5, 0.4, 0.5, 0.6].map((v, epoch) => t.update(epoch, accuracy(v)))).toEqual([false, true, false, false, true]);
    expect(t.bestEpoch).toBe(4);
  });

  it('round-trips its state through JSON', () => {
    const t = new BestTracker();
    t.update(7, loss(0.3));
    const copy = new BestTracker();
    copy.setState(JSON.parse(JSON.stringify(t.getState())));
    expect(copy.update(8, loss(0.31))).toBe(false);
    expect(copy.update(9, loss(0.29))).toBe(true);
    expect(() => copy.setState({ best: Number.POSITIVE_INFINITY, bestEpoch: 0 })).toThrow(TypeError);
  });
});

describe('GradualUnfreezer', () => {
  const blocks = ['stem', 'block1', 'block2', 'block3', 'head'];

  it('starts with only the head trainable and thaws the top-most frozen block first', () => {
    const u = new GradualUnfreezer(blocks, { everyEpochs: 1 });
    expect(u.trainableBlocks).toEqual(['head']);
    expect(u.frozenBlocks).toEqual(['stem', 'block1', 'block2', 'block3']);
    expect(u.onEpochEnd(0, loss(1)).thaw).toEqual(['block3']);
    expect(u.trainableBlocks).toEqual(['block3', 'head']);
    expect(u.frozenBlocks).toEqual(['stem', 'block1', 'block2']);
  });

  it('thaws down to the stem once, then nothing', () => {
    const u = new GradualUnfreezer(blocks, { everyEpochs: 1 });
    const thawed = Array.from({ length: 8 }, (_, epoch) => u.onEpochEnd(epoch, loss(1)).thaw);
    expect(thawed).toEqual([['block3'], ['block2'], ['block1'], ['stem'], [], [], [], []]);
    expect(u.done).toBe(true);
    expect(u.frozenBlocks).toEqual([]);
    expect(u.trainableBlocks).toEqual(blocks);
  });

  it('early unfreeze: thaws every remaining block at the first trigger', () => {
    const u = new GradualUnfreezer(blocks, { everyEpochs: 1, thawAll: true });
    const thawed = Array.from({ length: 3 }, (_, epoch) => u.onEpochEnd(epoch, loss(1)).thaw);
    expect(thawed).toEqual([['block3', 'block2', 'block1', 'stem'], [], []]);
    expect(u.trainableBlocks).toEqual(blocks);
  });

  it('thaws every N epochs', () => {
    const u = new GradualUnfreezer(blocks, { everyEpochs: 2 });
    const decisions = Array.from({ length: 8 }, (_, epoch) => u.onEpochEnd(epoch, loss(1)));
    expect(whereTrue(decisions, (d) => d.thaw.length > 0)).toEqual([1, 3, 5, 7]);
  });

  it('thaws on a plateau of patience epochs and then waits for a new plateau', () => {
    const u = new GradualUnfreezer(blocks, { onPlateau: { patience: 2, minDelta: 0.01 } });
    const losses = [1, 0.9, 0.8, 0.795, 0.8, 0.7, 0.75, 0.72, 0.71];
    const decisions = losses.map((v, epoch) => u.onEpochEnd(epoch, loss(v)));
    // 3 and 4 do not beat 0.8 by more than 0.01 -> thaw at 4; 5 improves; 6, 7 plateau -> thaw at 7.
    expect(whereTrue(decisions, (d) => d.thaw.length > 0)).toEqual([4, 7]);
    expect(decisions[4].thaw).toEqual(['block3']);
    expect(decisions[7].thaw).toEqual(['block2']);
  });

  it('watches accuracy when asked', () => {
    const u = new GradualUnfreezer(blocks, { onPlateau: { patience: 1, minDelta: 0, monitor: 'validationAccuracy' } });
    const decisions = [0.5, 0.6, 0.6].map((v, epoch) => u.onEpochEnd(epoch, accuracy(v)));
    expect(whereTrue(decisions, (d) => d.thaw.length > 0)).toEqual([2]);
  });

  it('with both triggers, whichever comes first thaws and restarts both counts', () => {
    const u = new GradualUnfreezer(blocks, { everyEpochs: 4, onPlateau: { patience: 1, minDelta: 0 } });
    const losses = [1, 0.9, 0.95, 0.8, 0.7, 0.6, 0.5];
    const decisions = losses.map((v, epoch) => u.onEpochEnd(epoch, loss(v)));
    // Plateau at 2 (before the schedule's 4th epoch); then the schedule, 4 epochs after that thaw, at 6.
    expect(whereTrue(decisions, (d) => d.thaw.length > 0)).toEqual([2, 6]);
  });

  it('returns lrFactorAtThaw only on thaw epochs', () => {
    const u = new GradualUnfreezer(blocks, { everyEpochs: 2, lrFactorAtThaw: 0.5 });
    expect([0, 1, 2, 3].map((epoch) => u.onEpochEnd(epoch, loss(1)).lrFactor)).toEqual([1, 0.5, 1, 0.5]);
    const plain = new GradualUnfreezer(blocks, { everyEpochs: 1 });
    expect(plain.onEpochEnd(0, loss(1))).toEqual({ thaw: ['block3'], lrFactor: 1 });
  });

  it('never thaws anything for a head-only model', () => {
    const u = new GradualUnfreezer(['head'], { everyEpochs: 1 });
    expect(u.done).toBe(true);
    expect(u.onEpochEnd(0, loss(1))).toEqual({ thaw: [], lrFactor: 1 });
  });

  it('resumes from a JSON round trip of its state', () => {
    const original = new GradualUnfreezer(blocks, { everyEpochs: 2 });
    [0, 1, 2].forEach((epoch) => original.onEpochEnd(epoch, loss(1)));
    const resumed = new GradualUnfreezer(blocks, { everyEpochs: 2 });
    resumed.setState(JSON.parse(JSON.stringify(original.getState())));
    expect(resumed.getState()).toMatchObject({ thawedCount: 1, epochsSinceThaw: 1, lastThawEpoch: 1 });
    expect(resumed.frozenBlocks).toEqual(['stem', 'block1', 'block2']);
    expect(resumed.onEpochEnd(3, loss(1)).thaw).toEqual(['block2']);
    expect(() => resumed.setState({ ...resumed.getState(), thawedCount: 5 })).toThrow(TypeError);
  });

  it('rejects options without a trigger, bad values and duplicate blocks', () => {
    expect(() => new GradualUnfreezer(blocks, {})).toThrow(/everyEpochs or onPlateau must be set/);
    expect(() => new GradualUnfreezer(blocks, { everyEpochs: 0 })).toThrow(/everyEpochs must be a whole number ≥ 1/);
    expect(() => new GradualUnfreezer(blocks, { everyEpochs: 1, lrFactorAtThaw: 0 })).toThrow(/lrFactorAtThaw/);
    expect(() => new GradualUnfreezer(['a', 'a', 'head'], { everyEpochs: 1 })).toThrow(/distinct/);
    expect(() => new GradualUnfreezer([], { everyEpochs: 1 })).toThrow(/head/);
  });
});
