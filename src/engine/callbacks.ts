import { type BestTrackerState, DEFAULT_EARLY_STOPPING, DEFAULT_REDUCE_LR_ON_PLATEAU, type EarlyStoppingOptions, type EarlyStoppingState, type GradualUnfreezerOptions, type GradualUnfreezerState, type Monitor, type ReduceLROnPlateauOptions, type ReduceLROnPlateauState } from '../contract';
/**
 * Epoch-end training callbacks as small state machines over plain numbers. They never touch the model
 * or the optimizer: they return decisions the trainer acts on, and their state is plain JSON (no
 * Infinity or NaN, which JSON cannot carry) so a checkpoint can store it and a resumed run continue.
 *
 * Thresholds follow Keras: a value improves on the best only by more than minDelta (below it for a
 * loss, above it for an accuracy), and patience counts consecutive epochs without such an improvement.
 */

export type MonitorMode = 'min' | 'max';

/** The subset of an epoch's results the callbacks read; an EpochEvent satisfies it. */
export interface EpochMetrics {
  validationLoss: number;
  validationAccuracy: number;
}

export function monitorMode(monitor: Monitor): MonitorMode {
  return monitor === 'validationLoss' ? 'min' : 'max';
}

/** A non-finite value never becomes the best: one NaN epoch would otherwise block every later improvement. */
export function isImprovement(mode: MonitorMode, current: number, best: number | null, minDelta: number): boolean {
  if (!Number.isFinite(current)) return false;
  if (best === null) return true;
  return mode === 'min' ? current < best - minDelta : current > best + minDelta;
}

// ---------------------------------------------------------------------------------------------------
// ReduceLROnPlateau

export function validateReduceLROnPlateauOptions(o: ReduceLROnPlateauOptions): string[] {
  return collect([
    [o.factor > 0 && o.factor < 1, 'factor must be in (0, 1)'],
    [isCount(o.patience), 'patience must be a whole number ≥ 0'],
    [isNonNegative(o.minLr), 'minLr must be ≥ 0'],
    [isCount(o.cooldown), 'cooldown must be a whole number ≥ 0'],
    [isNonNegative(o.minDelta), 'minDelta must be ≥ 0'],
    [isMonitor(o.monitor), 'monitor must be validationLoss or validationAccuracy'],
  ]);
}

/**
 * Tracks a cumulative multiplier on `baseLr` (given to the constructor) rather than a rate, so it
 * composes with a schedule: effective rate = schedule(baseLr) * multiplier. The minLr floor is
 * applied to baseLr * multiplier.
 */
export class ReduceLROnPlateau {
  readonly options: ReduceLROnPlateauOptions;
  private state: ReduceLROnPlateauState = { best: null, wait: 0, cooldownLeft: 0, multiplier: 1 };

  constructor(readonly baseLr: number, options: Partial<ReduceLROnPlateauOptions> = {}) {
    this.options = { ...DEFAULT_REDUCE_LR_ON_PLATEAU, ...options };
    const errors = validateReduceLROnPlateauOptions(this.options);
    if (!(baseLr > 0 && Number.isFinite(baseLr))) errors.push('baseLr must be > 0');
    throwIfAny('ReduceLROnPlateau', errors);
  }

  get multiplier(): number {
    return this.state.multiplier;
  }

  get learningRate(): number {
    return this.baseLr * this.state.multiplier;
  }

  onEpochEnd(metrics: EpochMetrics): { multiplier: number; reduced: boolean } {
    const { options: o, state: s } = this;
    const current = metrics[o.monitor];
    const inCooldown = s.cooldownLeft > 0;
    if (inCooldown) {
      s.cooldownLeft--;
      s.wait = 0;
    }
    // The best still moves during cooldown, as in Keras; only the plateau count is suspended.
    if (isImprovement(monitorMode(o.monitor), current, s.best, o.minDelta)) {
      s.best = current;
      s.wait = 0;
      return { multiplier: s.multiplier, reduced: false };
    }
    if (inCooldown) return { multiplier: s.multiplier, reduced: false };
    s.wait++;
    if (s.wait < o.patience || !this.aboveFloor()) return { multiplier: s.multiplier, reduced: false };
    s.multiplier = Math.max(s.multiplier * o.factor, this.floorMultiplier());
    s.cooldownLeft = o.cooldown;
    s.wait = 0;
    return { multiplier: s.multiplier, reduced: true };
  }

  getState(): ReduceLROnPlateauState {
    return { ...this.state };
  }

  setState(state: ReduceLROnPlateauState): void {
    const ok = isNullableFinite(state.best) && isCount(state.wait) && isCount(state.cooldownLeft)
      && state.multiplier > 0 && state.multiplier <= 1;
    if (!ok) throw new TypeError(`Invalid ReduceLROnPlateau state: ${JSON.stringify(state)}`);
    this.state = { best: state.best, wait: state.wait, cooldownLeft: state.cooldownLeft, multiplier: state.multiplier };
  }

  /** Relative slack so a multiplier clamped to the floor (which may round an ulp above it) counts as there. */
  private aboveFloor(): boolean {
    return this.learningRate > this.options.minLr * (1 + 1e-9);
  }

  /** The smallest multiplier whose rate is not below minLr, even after floating-point rounding. */
  private floorMultiplier(): number {
    const { minLr } = this.options;
    let m = minLr / this.baseLr;
    for (let i = 0; i < 4 && this.baseLr * m < minLr; i++) m *= 1 + Number.EPSILON;
    return m;
  }
}

// ---------------------------------------------------------------------------------------------------
// EarlyStopping

export interface EarlyStoppingDecision {
  stop: boolean;
  improved: boolean;
  bestEpoch: number;
  /** True when stopping and the best weights (from bestEpoch, not this epoch) should be restored. */
  restoreBestWeights: boolean;
}

export function validateEarlyStoppingOptions(o: EarlyStoppingOptions): string[] {
  return collect([
    [isCount(o.patience), 'patience must be a whole number ≥ 0'],
    [isNonNegative(o.minDelta), 'minDelta must be ≥ 0'],
    [isMonitor(o.monitor), 'monitor must be validationLoss or validationAccuracy'],
  ]);
}

export class EarlyStopping {
  readonly options: EarlyStoppingOptions;
  private state: EarlyStoppingState = { best: null, bestEpoch: -1, wait: 0 };

  constructor(options: Partial<EarlyStoppingOptions> = {}) {
    this.options = { ...DEFAULT_EARLY_STOPPING, ...options };
    throwIfAny('EarlyStopping', validateEarlyStoppingOptions(this.options));
  }

  /** `epoch` is only recorded, in whatever numbering the caller uses, to report the best one. */
  onEpochEnd(epoch: number, metrics: EpochMetrics): EarlyStoppingDecision {
    const { options: o, state: s } = this;
    const current = metrics[o.monitor];
    if (isImprovement(monitorMode(o.monitor), current, s.best, o.minDelta)) {
      s.best = current;
      s.bestEpoch = epoch;
      s.wait = 0;
      return { stop: false, improved: true, bestEpoch: epoch, restoreBestWeights: false };
    }
    s.wait++;
    const stop = s.wait >= o.patience;
    return {
      stop, improved: false, bestEpoch: s.bestEpoch,
      restoreBestWeights: stop && o.restoreBestWeights && s.bestEpoch !== -1,
    };
  }

  get best(): number | null {
    return this.state.best;
  }

  get bestEpoch(): number {
    return this.state.bestEpoch;
  }

  getState(): EarlyStoppingState {
    return { ...this.state };
  }

  setState(state: EarlyStoppingState): void {
    const ok = isNullableFinite(state.best) && Number.isInteger(state.bestEpoch) && isCount(state.wait);
    if (!ok) throw new TypeError(`Invalid EarlyStopping state: ${JSON.stringify(state)}`);
    this.state = { best: state.best, bestEpoch: state.bestEpoch, wait: state.wait };
  }
}

// ---------------------------------------------------------------------------------------------------
// BestTracker

export interface BestTrackerOptions {
  monitor: Monitor;
  minDelta: number;
}

/** Decides when the best checkpoint should be saved. */
export class BestTracker {
  readonly options: BestTrackerOptions;
  private state: BestTrackerState = { best: null, bestEpoch: -1 };

  constructor(options: Partial<BestTrackerOptions> = {}) {
    this.options = { monitor: 'validationLoss', minDelta: 0, ...options };
    throwIfAny('BestTracker', collect([
      [isNonNegative(this.options.minDelta), 'minDelta must be ≥ 0'],
      [isMonitor(this.options.monitor), 'monitor must be validationLoss or validationAccuracy'],
    ]));
  }

  /** True when this epoch is the new best (the caller saves then). */
  update(epoch: number, metrics: EpochMetrics): boolean {
    const current = metrics[this.options.monitor];
    if (!isImprovement(monitorMode(this.options.monitor), current, this.state.best, this.options.minDelta)) return false;
    this.state = { best: current, bestEpoch: epoch };
    return true;
  }

  get best(): number | null {
    return this.state.best;
  }

  get bestEpoch(): number {
    return this.state.bestEpoch;
  }

  getState(): BestTrackerState {
    return { ...this.state };
  }

  setState(state: BestTrackerState): void {
    if (!(isNullableFinite(state.best) && Number.isInteger(state.bestEpoch))) {
      throw new TypeError(`Invalid BestTracker state: ${JSON.stringify(state)}`);
    }
    this.state = { best: state.best, bestEpoch: state.bestEpoch };
  }
}

// ---------------------------------------------------------------------------------------------------
// GradualUnfreezer

export interface ThawDecision {
  /** Block ids to make trainable now; empty on most epochs. */
  thaw: string[];
  lrFactor: number;
}

export function validateGradualUnfreezerOptions(o: GradualUnfreezerOptions): string[] {
  const errors: string[] = [];
  if (o.everyEpochs === undefined && o.onPlateau === undefined) errors.push('everyEpochs or onPlateau must be set');
  if (o.everyEpochs !== undefined && !(isCount(o.everyEpochs) && o.everyEpochs >= 1)) {
    errors.push('everyEpochs must be a whole number ≥ 1');
  }
  if (o.onPlateau !== undefined) {
    if (!isCount(o.onPlateau.patience)) errors.push('onPlateau.patience must be a whole number ≥ 0');
    if (!isNonNegative(o.onPlateau.minDelta)) errors.push('onPlateau.minDelta must be ≥ 0');
    if (o.onPlateau.monitor !== undefined && !isMonitor(o.onPlateau.monitor)) {
      errors.push('onPlateau.monitor must be validationLoss or validationAccuracy');
    }
  }
  if (o.lrFactorAtThaw !== undefined && !(Number.isFinite(o.lrFactorAtThaw) && o.lrFactorAtThaw > 0)) {
    errors.push('lrFactorAtThaw must be > 0');
  }
  return errors;
}

/**
 * ULMFiT-style gradual unfreezing. Assumes the run starts with only the head (the last block id)
 * trainable, then thaws one block per trigger from the top down, ending with the stem (the first id).
 * The plateau best is kept across thaws, so a thaw that does not help leads to the next one.
 */
export class GradualUnfreezer {
  readonly options: GradualUnfreezerOptions;
  /** Blocks below the head, top-most first: the order they thaw in. */
  private readonly thawOrder: readonly string[];
  private state: GradualUnfreezerState = { thawedCount: 0, epochsSinceThaw: 0, best: null, wait: 0, lastThawEpoch: null };

  /** `blockIds` bottom (stem) to top, head last. */
  constructor(readonly blockIds: readonly string[], options: GradualUnfreezerOptions) {
    this.options = { ...options };
    const errors = validateGradualUnfreezerOptions(this.options);
    if (blockIds.length === 0) errors.push('blockIds must name at least the head');
    if (new Set(blockIds).size !== blockIds.length) errors.push('blockIds must be distinct');
    throwIfAny('GradualUnfreezer', errors);
    this.thawOrder = blockIds.slice(0, -1).reverse();
  }

  /** Still-frozen blocks, bottom to top. */
  get frozenBlocks(): string[] {
    return this.thawOrder.slice(this.state.thawedCount).reverse();
  }

  /** Trainable blocks, bottom to top (the head always among them). */
  get trainableBlocks(): string[] {
    return this.blockIds.slice(this.blockIds.length - 1 - this.state.thawedCount);
  }

  get done(): boolean {
    return this.state.thawedCount >= this.thawOrder.length;
  }

  onEpochEnd(epoch: number, metrics: EpochMetrics): ThawDecision {
    const none: ThawDecision = { thaw: [], lrFactor: 1 };
    if (this.done) return none;
    const { options: o, state: s } = this;
    s.epochsSinceThaw++;
    let plateaued = false;
    if (o.onPlateau) {
      const monitor = o.onPlateau.monitor ?? 'validationLoss';
      const current = metrics[monitor];
      if (isImprovement(monitorMode(monitor), current, s.best, o.onPlateau.minDelta)) {
        s.best = current;
        s.wait = 0;
      } else {
        s.wait++;
        plateaued = s.wait >= o.onPlateau.patience;
      }
    }
    const scheduled = o.everyEpochs !== undefined && s.epochsSinceThaw >= o.everyEpochs;
    if (!scheduled && !plateaued) return none;
    const thaw = o.thawAll ? this.thawOrder.slice(s.thawedCount) : [this.thawOrder[s.thawedCount]];
    s.thawedCount += thaw.length;
    s.epochsSinceThaw = 0;
    s.wait = 0;
    s.lastThawEpoch = epoch;
    return { thaw, lrFactor: o.lrFactorAtThaw ?? 1 };
  }

  getState(): GradualUnfreezerState {
    return { ...this.state };
  }

  setState(state: GradualUnfreezerState): void {
    const ok = isCount(state.thawedCount) && state.thawedCount <= this.thawOrder.length
      && isCount(state.epochsSinceThaw) && isNullableFinite(state.best) && isCount(state.wait)
      && (state.lastThawEpoch === null || Number.isInteger(state.lastThawEpoch));
    if (!ok) throw new TypeError(`Invalid GradualUnfreezer state: ${JSON.stringify(state)}`);
    this.state = {
      thawedCount: state.thawedCount, epochsSinceThaw: state.epochsSinceThaw,
      best: state.best, wait: state.wait, lastThawEpoch: state.lastThawEpoch,
    };
  }
}

// ---------------------------------------------------------------------------------------------------

function collect(checks: [boolean, string][]): string[] {
  return checks.filter(([ok]) => !ok).map(([, message]) => message);
}

function throwIfAny(name: string, errors: string[]): void {
  if (errors.length > 0) throw new RangeError(`${name}: ${errors.join('; ')}`);
}

function isCount(x: number): boolean {
  return Number.isInteger(x) && x >= 0;
}

function isNonNegative(x: number): boolean {
  return Number.isFinite(x) && x >= 0;
}

function isNullableFinite(x: number | null): boolean {
  return x === null || Number.isFinite(x);
}

function isMonitor(x: string): boolean {
  return x === 'validationLoss' || x === 'validationAccuracy';
}
