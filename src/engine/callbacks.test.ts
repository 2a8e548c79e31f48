import { describe, expect, it } from 'vitest';
import { BestTracker, EarlyStopping, GradualUnfreezer, MonitorTracker, ReduceLROnPlateau, type CallbackDecision, type EpochMetrics } from './callbacks';
import { bestEpochOf, CALLBACKS_STATE, isImprovement, type Monitor } from '../contract';
import { callbacksState, combineDecisions, lrScaleOf, restoreCallbacksState, runCallbacks } from './runCallbacks';

const loss = (validationLoss: number): EpochMetrics => ({ validationLoss, validationAccuracy: 0 });
const accuracy = (validationAccuracy: number): EpochMetrics => ({ validationLoss: 0, validationAccuracy });

/** Indices of the epochs at which `fn` reported true. */
function whereTrue<T>(values: T[], fn: (value: T, index: number) => boolean): number[] {
  return values.flatMap((v, i) => (fn(v, i) ? [i] : []));
}

/** One value per epoch (epochs numbered from `first`): whether each epoch reduced the rate, and the multiplier after it. */
function plateauSteps(r: ReduceLROnPlateau, values: number[], metrics = loss, first = 0): { reduced: boolean; multiplier: number }[] {
  return values.map((v, i) => {
    const decision = r.onEpochEnd(first + i, metrics(v));
    return { reduced: decision.notes?.some((n) => n.kind === 'lr-drop') === true, multiplier: r.multiplier };
  });
}

/** An early-stopping decision with the best epoch as the callback reports it after that epoch. */
function stoppingStep(e: EarlyStopping, epoch: number, metrics: EpochMetrics) {
  const d = e.onEpochEnd(epoch, metrics);
  return { stop: d.stop === true, improved: d.saveBest === true, bestEpoch: e.bestEpoch, restoreBestWeights: d.restoreBest === true };
}

const thawOf = (d: CallbackDecision): readonly string[] => d.thaw ?? [];

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

describe('MonitorTracker (the bookkeeping every callback shares)', () => {
  it('keeps the best value and its epoch, and counts the epochs since', () => {
    const t = new MonitorTracker('validationLoss', 0.01);
    expect([1, 0.995, 0.9, 0.95].map((v, epoch) => t.observe(epoch, loss(v)))).toEqual([true, false, true, false]);
    expect(t.getState()).toEqual({ best: 0.9, bestEpoch: 2, wait: 1 });
    expect(t.outOfPatience(1)).toBe(true);
    expect(t.outOfPatience(2)).toBe(false);
    t.restartWait();
    expect(t.wait).toBe(0);
    expect(t.best).toBe(0.9);
  });

  it('follows accuracy upwards and never takes NaN as its best', () => {
    const t = new MonitorTracker('validationAccuracy', 0);
    expect([Number.NaN, 0.5, 0.4, 0.6].map((v, epoch) => t.observe(epoch, accuracy(v)))).toEqual([false, true, false, true]);
    expect(t.getState()).toEqual({ best: 0.6, bestEpoch: 3, wait: 0 });
  });
});

describe('ReduceLROnPlateau', () => {
  it('reduces exactly on the patience-th epoch without improvement', () => {
    const r = new ReduceLROnPlateau(0.1, { factor: 0.5, patience: 2, minDelta: 0 });
    const results = plateauSteps(r, [1, 1, 1]);
    expect(results.map((x) => x.reduced)).toEqual([false, false, true]);
    expect(results[2]?.multiplier).toBe(0.5);
    expect(r.learningRate).toBeCloseTo(0.05, 15);
    expect(r.lrScale).toBe(0.5);
  });

  it('says so in a note', () => {
    const r = new ReduceLROnPlateau(0.1, { factor: 0.5, patience: 0, minDelta: 0 });
    r.onEpochEnd(1, loss(1));
    expect(r.onEpochEnd(2, loss(1))).toEqual({ notes: [{ kind: 'lr-drop', message: 'learning rate ×0.5 (plateau)', values: { factor: 0.5 } }] });
  });

  it('restarts the count after an improvement', () => {
    const r = new ReduceLROnPlateau(0.1, { factor: 0.5, patience: 2, minDelta: 0 });
    const results = plateauSteps(r, [1, 1, 0.5, 0.5, 0.5]);
    expect(whereTrue(results, (x) => x.reduced)).toEqual([4]);
  });

  it('does not count improvements of at most minDelta', () => {
    const flat = new ReduceLROnPlateau(1, { factor: 0.5, patience: 2, minDelta: 1e-4 });
    expect(plateauSteps(flat, [1, 0.99995, 0.99992]).map((x) => x.reduced)).toEqual([false, false, true]);
    const better = new ReduceLROnPlateau(1, { factor: 0.5, patience: 2, minDelta: 1e-4 });
    expect(plateauSteps(better, [1, 0.99995, 0.9998]).map((x) => x.reduced)).toEqual([false, false, false]);
  });

  it('compounds the multiplier over successive reductions', () => {
    const r = new ReduceLROnPlateau(1, { factor: 0.5, patience: 1, minDelta: 0 });
    expect(plateauSteps(r, [1, 1, 1, 1]).map((x) => x.multiplier)).toEqual([1, 0.5, 0.25, 0.125]);
  });

  it('ignores the cooldown epochs after a reduction', () => {
    const r = new ReduceLROnPlateau(1, { factor: 0.5, patience: 1, cooldown: 2, minDelta: 0 });
    const results = plateauSteps(r, Array.from({ length: 8 }, () => 1));
    // Reduce at 1; 2 and 3 are cooldown; 4 is the first counted plateau epoch again.
    expect(whereTrue(results, (x) => x.reduced)).toEqual([1, 4, 7]);
    expect(r.multiplier).toBe(0.125);
  });

  it('still tracks the best during cooldown', () => {
    const r = new ReduceLROnPlateau(1, { factor: 0.5, patience: 2, cooldown: 1, minDelta: 0 });
    // 0 best=1; 1, 2 plateau -> reduce at 2; 3 cooldown but improves to 0.5; 4 and 5 count -> reduce at 5.
    const results = plateauSteps(r, [1, 1, 1, 0.5, 0.7, 0.6]);
    expect(whereTrue(results, (x) => x.reduced)).toEqual([2, 5]);
    expect(r.getState().best).toBe(0.5);
  });

  it('never lets the rate fall below minLr and stops reducing there', () => {
    const r = new ReduceLROnPlateau(0.1, { factor: 0.1, patience: 1, minLr: 0.003, minDelta: 0 });
    const results = plateauSteps(r, Array.from({ length: 5 }, () => 1));
    expect(results.map((x) => x.reduced)).toEqual([false, true, true, false, false]);
    expect(0.1 * (results[1]?.multiplier ?? Number.NaN)).toBeCloseTo(0.01, 15);
    expect(r.learningRate).toBeCloseTo(0.003, 15);
    expect(r.learningRate).toBeGreaterThanOrEqual(0.003);
  });

  it('keeps base * multiplier at or above minLr despite rounding ((0.007 / 0.01) * 0.01 < 0.007)', () => {
    expect((0.007 / 0.01) * 0.01).toBeLessThan(0.007); // the rounding this guards against
    const r = new ReduceLROnPlateau(0.01, { factor: 0.1, patience: 1, minLr: 0.007, minDelta: 0 });
    expect(plateauSteps(r, [1, 1]).map((x) => x.reduced)).toEqual([false, true]);
    expect(0.01 * r.multiplier).toBeGreaterThanOrEqual(0.007);
    expect(r.learningRate).toBeGreaterThanOrEqual(0.007);
    expect(plateauSteps(r, [1], loss, 2)[0]?.reduced).toBe(false);
  });

  it('monitors validation accuracy upwards', () => {
    const r = new ReduceLROnPlateau(1, { monitor: 'validationAccuracy', factor: 0.5, patience: 2, minDelta: 0 });
    expect(plateauSteps(r, [0.5, 0.6, 0.6, 0.55], accuracy).map((x) => x.reduced)).toEqual([false, false, false, true]);
    const rising = new ReduceLROnPlateau(1, { monitor: 'validationAccuracy', factor: 0.5, patience: 1, minDelta: 0 });
    expect(plateauSteps(rising, [0.5, 0.6, 0.7, 0.8], accuracy).some((x) => x.reduced)).toBe(false);
  });

  it('counts a NaN loss as no improvement', () => {
    const r = new ReduceLROnPlateau(1, { factor: 0.5, patience: 1, minDelta: 0 });
    expect(plateauSteps(r, [1, Number.NaN]).map((x) => x.reduced)).toEqual([false, true]);
  });

  it('resumes identically from a JSON round trip of its state', () => {
    const options = { factor: 0.5, patience: 2, cooldown: 1, minDelta: 0 };
    const original = new ReduceLROnPlateau(0.1, options);
    plateauSteps(original, [1, 0.9, 0.95]);
    const resumed = new ReduceLROnPlateau(0.1, options);
    resumed.setState(JSON.parse(JSON.stringify(original.getState())));
    const rest = [0.95, 0.95, 0.95, 0.95, 0.95];
    expect(plateauSteps(resumed, rest, loss, 3)).toEqual(plateauSteps(original, rest, loss, 3));
  });

  it('starts from a JSON-safe state and hands out copies', () => {
    const r = new ReduceLROnPlateau(0.1);
    expect(JSON.parse(JSON.stringify(r.getState()))).toEqual({ best: null, wait: 0, cooldownLeft: 0, multiplier: 1 });
    r.getState().multiplier = 0.001;
    expect(r.multiplier).toBe(1);
  });

  it('uses the Keras defaults and rejects invalid options and states, naming the field', () => {
    expect(new ReduceLROnPlateau(0.1).options).toEqual({
      monitor: 'validationLoss', factor: 0.1, patience: 10, minLr: 0, cooldown: 0, minDelta: 1e-4,
    });
    expect(() => new ReduceLROnPlateau(0.1, { factor: 1 })).toThrow(/^ReduceLROnPlateau: factor: must be < 1/);
    expect(() => new ReduceLROnPlateau(0.1, { patience: 1.5 })).toThrow(/patience/);
    expect(() => new ReduceLROnPlateau(0, {})).toThrow(/baseLr/);
    expect(() => new ReduceLROnPlateau(0.1).setState({ best: null, wait: -1, cooldownLeft: 0, multiplier: 1 })).toThrow(/^ReduceLROnPlateau state: wait/);
    expect(() => new ReduceLROnPlateau(0.1).setState({ best: null, wait: 0, cooldownLeft: 0, multiplier: 2 })).toThrow(/multiplier/);
  });
});

describe('EarlyStopping', () => {
  it('stops after patience epochs without improvement and reports the best epoch', () => {
    const e = new EarlyStopping({ patience: 3 });
    const decisions = [1.0, 0.8, 0.9, 0.85, 0.81].map((v, epoch) => stoppingStep(e, epoch, loss(v)));
    expect(decisions.map((d) => d.stop)).toEqual([false, false, false, false, true]);
    expect(decisions.map((d) => d.improved)).toEqual([true, true, false, false, false]);
    expect(decisions[4]?.bestEpoch).toBe(1);
    expect(e.best).toBe(0.8);
  });

  it('stops at the first non-improving epoch with patience 0 (the Keras default)', () => {
    const e = new EarlyStopping();
    expect([1, 0.9, 0.9].map((v, epoch) => stoppingStep(e, epoch, loss(v)).stop)).toEqual([false, false, true]);
  });

  it('does not let improvements of at most minDelta reset patience', () => {
    const e = new EarlyStopping({ patience: 2, minDelta: 0.01 });
    expect([1, 0.995, 0.991].map((v, epoch) => stoppingStep(e, epoch, loss(v)).stop)).toEqual([false, false, true]);
    expect(e.bestEpoch).toBe(0);
  });

  it('follows accuracy upwards', () => {
    const e = new EarlyStopping({ monitor: 'validationAccuracy', patience: 2, minDelta: 0.005 });
    const decisions = [0.5, 0.7, 0.69, 0.703, 0.71].map((v, epoch) => stoppingStep(e, epoch, accuracy(v)));
    expect(decisions.map((d) => d.stop)).toEqual([false, false, false, true, false]);
    expect(decisions[3]?.bestEpoch).toBe(1);
    expect(decisions[4]).toEqual({ stop: false, improved: true, bestEpoch: 4, restoreBestWeights: false });
  });

  it('reports epochs in the caller numbering and asks for a restore only when configured', () => {
    const restoring = new EarlyStopping({ patience: 1, restoreBestWeights: true });
    const plain = new EarlyStopping({ patience: 1 });
    expect(restoring.keepsBestWeights).toBe(true);
    expect(plain.keepsBestWeights).toBe(false);
    for (const [epoch, v] of [[1, 0.5], [2, 0.4], [3, 0.6]] as const) {
      const a = restoring.onEpochEnd(epoch, loss(v));
      const b = plain.onEpochEnd(epoch, loss(v));
      if (epoch === 3) {
        expect(a).toEqual({
          stop: true, restoreBest: true,
          notes: [{ kind: 'early-stop', message: 'early stop (best epoch 2)', values: { epoch: 2 } }, { kind: 'restore-best', message: 'restored weights of epoch 2', values: { epoch: 2 } }],
        });
        expect(b).toEqual({ stop: true, restoreBest: false, notes: [{ kind: 'early-stop', message: 'early stop (best epoch 2)', values: { epoch: 2 } }] });
      }
    }
  });

  it('never takes NaN as its best', () => {
    const e = new EarlyStopping({ patience: 2 });
    const decisions = [Number.NaN, 1, Number.NaN, Number.NaN].map((v, epoch) => stoppingStep(e, epoch, loss(v)));
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

  it('rejects invalid options and states, naming the field', () => {
    expect(() => new EarlyStopping({ patience: -1 })).toThrow(/^EarlyStopping: patience/);
    expect(() => new EarlyStopping({ minDelta: Number.NaN })).toThrow(/minDelta/);
    expect(() => new EarlyStopping().setState({ best: 0.5, bestEpoch: 1.5, wait: 0 })).toThrow(/^EarlyStopping state: bestEpoch/);
  });
});

describe('BestTracker', () => {
  const saves = (t: BestTracker, values: number[], metrics = loss) => values.map((v, epoch) => t.onEpochEnd(epoch, metrics(v)).saveBest === true);

  it('says when to save: the first epoch, then only improvements beyond minDelta', () => {
    const t = new BestTracker({ minDelta: 0.01 });
    expect(saves(t, [1, 0.995, 0.9, 0.95, 0.85])).toEqual([true, false, true, false, true]);
    expect(t.best).toBe(0.85);
    expect(t.bestEpoch).toBe(4);
  });

  it('marks the best epoch with a note', () => {
    expect(new BestTracker().onEpochEnd(3, loss(1))).toEqual({ saveBest: true, notes: [{ kind: 'best', message: 'best epoch so far (3)', values: { epoch: 3 } }] });
  });

  it('tracks accuracy upwards and ignores NaN', () => {
    const t = new BestTracker({ monitor: 'validationAccuracy' });
    expect(saves(t, [Number.NaN, 0.5, 0.4, 0.5, 0.6], accuracy)).toEqual([false, true, false, false, true]);
    expect(t.bestEpoch).toBe(4);
  });

  it('round-trips its state through JSON and refuses a state JSON cannot carry', () => {
    const t = new BestTracker();
    t.onEpochEnd(7, loss(0.3));
    const copy = new BestTracker();
    copy.setState(JSON.parse(JSON.stringify(t.getState())));
    expect(copy.onEpochEnd(8, loss(0.31)).saveBest).toBeUndefined();
    expect(copy.onEpochEnd(9, loss(0.29)).saveBest).toBe(true);
    expect(() => copy.setState({ best: Number.POSITIVE_INFINITY, bestEpoch: 0 })).toThrow(/^BestTracker state: best/);
    expect(() => new BestTracker({ minDelta: -1 })).toThrow(/^BestTracker: minDelta/);
  });
});

describe('GradualUnfreezer', () => {
  const blocks = ['stem', 'block1', 'block2', 'block3', 'head'];

  it('starts with only the head trainable and thaws the top-most frozen block first', () => {
    const u = new GradualUnfreezer(blocks, { everyEpochs: 1 });
    expect(u.trainableBlocks).toEqual(['head']);
    expect(u.frozenBlocks).toEqual(['stem', 'block1', 'block2', 'block3']);
    expect(u.frozenAtStart).toEqual(['stem', 'block1', 'block2', 'block3']);
    expect(u.onEpochEnd(0, loss(1)).thaw).toEqual(['block3']);
    expect(u.trainableBlocks).toEqual(['block3', 'head']);
    expect(u.frozenBlocks).toEqual(['stem', 'block1', 'block2']);
  });

  it('thaws down to the stem once, then nothing', () => {
    const u = new GradualUnfreezer(blocks, { everyEpochs: 1 });
    const thawed = Array.from({ length: 8 }, (_, epoch) => thawOf(u.onEpochEnd(epoch, loss(1))));
    expect(thawed).toEqual([['block3'], ['block2'], ['block1'], ['stem'], [], [], [], []]);
    expect(u.done).toBe(true);
    expect(u.frozenBlocks).toEqual([]);
    expect(u.trainableBlocks).toEqual(blocks);
  });

  it('maxThawed: a fine-tune-top-2 preset thaws its two top blocks after the head-first epoch and never the rest', () => {
    const u = new GradualUnfreezer(blocks, { everyEpochs: 1, thawAll: true, maxThawed: 2 });
    expect(u.frozenAtStart).toEqual(['block2', 'block3']);
    expect(thawOf(u.onEpochEnd(1, loss(1)))).toEqual(['block3', 'block2']);
    expect(u.done).toBe(true);
    expect(thawOf(u.onEpochEnd(2, loss(1)))).toEqual([]);
  });

  it('early unfreeze: thaws every remaining block at the first trigger', () => {
    const u = new GradualUnfreezer(blocks, { everyEpochs: 1, thawAll: true });
    const thawed = Array.from({ length: 3 }, (_, epoch) => thawOf(u.onEpochEnd(epoch, loss(1))));
    expect(thawed).toEqual([['block3', 'block2', 'block1', 'stem'], [], []]);
    expect(u.trainableBlocks).toEqual(blocks);
  });

  it('thaws every N epochs', () => {
    const u = new GradualUnfreezer(blocks, { everyEpochs: 2 });
    const decisions = Array.from({ length: 8 }, (_, epoch) => u.onEpochEnd(epoch, loss(1)));
    expect(whereTrue(decisions, (d) => thawOf(d).length > 0)).toEqual([1, 3, 5, 7]);
  });

  it('thaws on a plateau of patience epochs and then waits for a new plateau', () => {
    const u = new GradualUnfreezer(blocks, { onPlateau: { patience: 2, minDelta: 0.01 } });
    const losses = [1, 0.9, 0.8, 0.795, 0.8, 0.7, 0.75, 0.72, 0.71];
    const decisions = losses.map((v, epoch) => u.onEpochEnd(epoch, loss(v)));
    // 3 and 4 do not beat 0.8 by more than 0.01 -> thaw at 4; 5 improves; 6, 7 plateau -> thaw at 7.
    expect(whereTrue(decisions, (d) => thawOf(d).length > 0)).toEqual([4, 7]);
    expect(decisions[4]?.thaw).toEqual(['block3']);
    expect(decisions[7]?.thaw).toEqual(['block2']);
  });

  it('watches accuracy when asked', () => {
    const u = new GradualUnfreezer(blocks, { onPlateau: { patience: 1, minDelta: 0, monitor: 'validationAccuracy' } });
    const decisions = [0.5, 0.6, 0.6].map((v, epoch) => u.onEpochEnd(epoch, accuracy(v)));
    expect(whereTrue(decisions, (d) => thawOf(d).length > 0)).toEqual([2]);
  });

  it('with both triggers, whichever comes first thaws and restarts both counts', () => {
    const u = new GradualUnfreezer(blocks, { everyEpochs: 4, onPlateau: { patience: 1, minDelta: 0 } });
    const losses = [1, 0.9, 0.95, 0.8, 0.7, 0.6, 0.5];
    const decisions = losses.map((v, epoch) => u.onEpochEnd(epoch, loss(v)));
    // Plateau at 2 (before the schedule's 4th epoch); then the schedule, 4 epochs after that thaw, at 6.
    expect(whereTrue(decisions, (d) => thawOf(d).length > 0)).toEqual([2, 6]);
  });

  it('multiplies lrFactorAtThaw into its learning-rate scale at each thaw (once for thawAll)', () => {
    const u = new GradualUnfreezer(blocks, { everyEpochs: 2, lrFactorAtThaw: 0.5 });
    expect([0, 1, 2, 3].map((epoch) => { u.onEpochEnd(epoch, loss(1)); return u.lrScale; })).toEqual([1, 0.5, 0.5, 0.25]);
    const all = new GradualUnfreezer(blocks, { everyEpochs: 1, thawAll: true, lrFactorAtThaw: 0.1 });
    all.onEpochEnd(0, loss(1));
    expect(all.lrScale).toBe(0.1);
    const plain = new GradualUnfreezer(blocks, { everyEpochs: 1 });
    expect(plain.onEpochEnd(0, loss(1))).toEqual({ thaw: ['block3'] });
    expect(plain.lrScale).toBe(1);
  });

  it('never thaws anything for a head-only model', () => {
    const u = new GradualUnfreezer(['head'], { everyEpochs: 1 });
    expect(u.done).toBe(true);
    expect(u.onEpochEnd(0, loss(1))).toEqual({});
    expect(u.lrScale).toBe(1);
  });

  it('resumes from a JSON round trip of its state', () => {
    const original = new GradualUnfreezer(blocks, { everyEpochs: 2, lrFactorAtThaw: 0.3 });
    [0, 1, 2].forEach((epoch) => original.onEpochEnd(epoch, loss(1)));
    const resumed = new GradualUnfreezer(blocks, { everyEpochs: 2, lrFactorAtThaw: 0.3 });
    resumed.setState(JSON.parse(JSON.stringify(original.getState())));
    expect(resumed.getState()).toMatchObject({ thawedCount: 1, epochsSinceThaw: 1, lastThawEpoch: 1 });
    expect(resumed.frozenBlocks).toEqual(['stem', 'block1', 'block2']);
    expect(resumed.lrScale).toBe(original.lrScale);
    expect(resumed.onEpochEnd(3, loss(1)).thaw).toEqual(['block2']);
    expect(() => resumed.setState({ ...resumed.getState(), thawedCount: 5 })).toThrow(/^GradualUnfreezer state: thawedCount/);
    expect(() => resumed.setState({ ...resumed.getState(), lastThawEpoch: 'one' })).toThrow(/^GradualUnfreezer state: lastThawEpoch/);
  });

  it('rejects options without a trigger, bad values and duplicate blocks', () => {
    expect(() => new GradualUnfreezer(blocks, {})).toThrow(/everyEpochs or onPlateau must be set/);
    expect(() => new GradualUnfreezer(blocks, { everyEpochs: 0 })).toThrow(/everyEpochs: must be ≥ 1/);
    expect(() => new GradualUnfreezer(blocks, { everyEpochs: 1, lrFactorAtThaw: 0 })).toThrow(/lrFactorAtThaw/);
    expect(() => new GradualUnfreezer(['a', 'a', 'head'], { everyEpochs: 1 })).toThrow(/distinct/);
    expect(() => new GradualUnfreezer([], { everyEpochs: 1 })).toThrow(/head/);
  });
});

describe('the run\'s callback list', () => {
  const blocks = ['stem', 'block1', 'head'];
  const config = {
    bestMonitor: 'validationLoss' as const,
    earlyStopping: { monitor: 'validationLoss' as const, patience: 1, minDelta: 0, restoreBestWeights: true },
    reduceLrOnPlateau: { monitor: 'validationLoss' as const, factor: 0.5, patience: 0, minLr: 0, cooldown: 0, minDelta: 0 },
    gradualUnfreezing: { everyEpochs: 1, lrFactorAtThaw: 0.1 },
  };

  it('holds only what the config asks for, best first and early stopping last', () => {
    expect(runCallbacks(undefined, 0.1, blocks).map((c) => c.stateKey)).toEqual(['best']);
    expect(runCallbacks(config, 0.1, blocks).map((c) => c.stateKey)).toEqual(['best', 'plateau', 'unfreezer', 'earlyStopping']);
  });

  it('combines decisions: any stop or save wins, thaws and notes add up in order', () => {
    expect(combineDecisions([])).toEqual({ stop: false, restoreBest: false, saveBest: false, thaw: [], notes: [] });
    const a = { kind: 'best' as const, message: 'a', values: {} };
    const b = { kind: 'early-stop' as const, message: 'b', values: {} };
    expect(combineDecisions([{ saveBest: true, notes: [a] }, { thaw: ['x'] }, { stop: true, restoreBest: true, notes: [b] }]))
      .toEqual({ stop: true, restoreBest: true, saveBest: true, thaw: ['x'], notes: [a, b] });
  });

  it('multiplies the learning-rate scales and round-trips every state through JSON', () => {
    const list = runCallbacks(config, 0.1, blocks);
    const metrics = [1, 1.1];
    metrics.forEach((v, i) => list.forEach((c) => c.onEpochEnd(i + 1, loss(v))));
    // Plateau halved once (epoch 2), the unfreezer thawed twice (×0.1 each).
    expect(lrScaleOf(list)).toBeCloseTo(0.5 * 0.01, 15);
    const saved = JSON.parse(JSON.stringify(callbacksState(list))) as ReturnType<typeof callbacksState>;
    expect(Object.keys(saved).sort()).toEqual(['best', 'earlyStopping', 'plateau', 'unfreezer']);
    const resumed = runCallbacks(config, 0.1, blocks);
    restoreCallbacksState(resumed, saved);
    expect(callbacksState(resumed)).toEqual(callbacksState(list));
    expect(lrScaleOf(resumed)).toBe(lrScaleOf(list));
  });

  it('reads a state written by earlier versions (with the thaws\' learning-rate scale beside the callbacks)', () => {
    const list = runCallbacks(config, 0.1, blocks);
    [1, 1.1].forEach((v, i) => list.forEach((c) => c.onEpochEnd(i + 1, loss(v))));
    const earlier = CALLBACKS_STATE.parse({ ...callbacksState(list), thawScale: 0.1 * 0.1 });
    const resumed = runCallbacks(config, 0.1, blocks);
    restoreCallbacksState(resumed, earlier);
    expect(lrScaleOf(resumed)).toBe(lrScaleOf(list));
    expect(callbacksState(resumed)).toEqual(callbacksState(list));
  });
});

describe('one meaning of best', () => {
  it("the runs table's best epoch (bestEpochOf) is the epoch the best checkpoint's tracker saved last, for either monitor", () => {
    const losses = [0.9, Number.NaN, 0.5, 0.5, 0.7, 0.45, 0.6];
    const accuracies = [0.4, 0.9, 0.7, 0.8, 0.85, 0.6, 0.85];
    const epochs = losses.map((validationLoss, i) => ({ epoch: i + 1, validationLoss, validationAccuracy: accuracies[i]! }));
    for (const monitor of ['validationLoss', 'validationAccuracy'] satisfies Monitor[]) {
      const tracker = new BestTracker({ monitor });
      const saved = epochs.filter((e) => tracker.onEpochEnd(e.epoch, e).saveBest === true).map((e) => e.epoch);
      expect(bestEpochOf(epochs, monitor)?.epoch).toBe(saved.at(-1));
    }
    expect(bestEpochOf(epochs, 'validationLoss')?.epoch).toBe(6);
    expect(bestEpochOf(epochs, 'validationAccuracy')?.epoch).toBe(2);
  });
});
