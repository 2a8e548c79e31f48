import {
  BEST_TRACKER_OPTIONS, BEST_TRACKER_STATE, type BestTrackerOptions, type BestTrackerState, type CallbackKind, type CallbacksState,
  DEFAULT_EARLY_STOPPING, DEFAULT_REDUCE_LR_ON_PLATEAU, EARLY_STOPPING_OPTIONS, EARLY_STOPPING_STATE, type EarlyStoppingOptions,
  type EarlyStoppingState, GRADUAL_UNFREEZER_OPTIONS, GRADUAL_UNFREEZER_STATE, type GradualUnfreezerOptions, type GradualUnfreezerState,
  isImprovement, type Monitor, type MonitorMode, monitorMode, type MonitorTrackerState, parseOrThrow, REDUCE_LR_ON_PLATEAU_OPTIONS, REDUCE_LR_STATE, type ReduceLROnPlateauOptions,
  type ReduceLROnPlateauState,
} from '../contract';

/**
 * Epoch-end training callbacks as small state machines over plain numbers. They never touch the model
 * or the optimizer: they return decisions the trainer acts on, and their state is plain JSON (no
 * Infinity or NaN, which JSON cannot carry) so a checkpoint can store it and a resumed run continue.
 * Options and states are checked with the contract's schemas; a bad one is refused naming the field.
 *
 * Thresholds follow Keras: a value improves on the best only by more than minDelta (below it for a
 * loss, above it for an accuracy), and patience counts consecutive epochs without such an improvement.
 */

/** The subset of an epoch's results the callbacks read; an EpochEvent satisfies it. */
export interface EpochMetrics {
  validationLoss: number;
  validationAccuracy: number;
}


// ---------------------------------------------------------------------------------------------------
// The common interface

export interface CallbackNote {
  kind: CallbackKind;
  /** In English, for logs; the page words it in its own language from `kind` and `values`. */
  message: string;
  values: Record<string, number>;
}

/** What a callback asks of the trainer at an epoch's end; an absent field asks nothing. */
export interface CallbackDecision {
  /** This epoch's weights are the best so far (the best checkpoint, and the copy early stopping restores). */
  saveBest?: boolean;
  /** The run ends after this epoch. */
  stop?: boolean;
  /** Put back the weights kept at the best epoch (with `stop`). */
  restoreBest?: boolean;
  /** Block ids to make trainable now. */
  thaw?: readonly string[];
  /** Shown on the charts and in the run's log. */
  notes?: readonly CallbackNote[];
}

/** Where a callback's state sits in a checkpoint's CALLBACKS_STATE. */
export type CallbackStateKey = keyof CallbacksState;

/** A callback's state: a flat record of numbers (null for "none yet"), JSON as it is. */
export type CallbackState = Readonly<Record<string, number | null>>;

/**
 * An epoch-end callback as the trainer sees it: the trainer iterates its list of them after each
 * validation, acts on their combined decisions, and reads the optional properties where it needs them.
 */
export interface EpochCallback {
  readonly stateKey: CallbackStateKey;
  /** `epoch` is only recorded, in whatever numbering the caller uses, to report the best one. */
  onEpochEnd(epoch: number, metrics: EpochMetrics): CallbackDecision;
  getState(): CallbackState;
  /** Restores a state of `getState` (e.g. read back from JSON); throws naming the field when it does not fit. */
  setState(state: unknown): void;
  /** The factor it puts on the learning rate now; 1 when absent. */
  readonly lrScale?: number;
  /** Blocks to freeze before a new run's first step. */
  readonly frozenAtStart?: readonly string[];
  /** It may ask for the best weights back, so the trainer keeps a copy of them. */
  readonly keepsBestWeights?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// MonitorTracker

/**
 * The monitor / best / patience / minDelta bookkeeping every callback shares: one monitored metric,
 * its best value so far and that epoch, and `wait`, the epochs since the last improvement.
 */
export class MonitorTracker {
  private readonly mode: MonitorMode;
  private state: MonitorTrackerState = { best: null, bestEpoch: -1, wait: 0 };

  constructor(readonly monitor: Monitor, readonly minDelta: number) {
    this.mode = monitorMode(monitor);
  }

  /** Reads an epoch's value: true when it is a new best (the wait restarts), else the wait grows by one. */
  observe(epoch: number, metrics: EpochMetrics): boolean {
    const current = metrics[this.monitor];
    if (isImprovement(this.mode, current, this.state.best, this.minDelta)) {
      this.state = { best: current, bestEpoch: epoch, wait: 0 };
      return true;
    }
    this.state.wait++;
    return false;
  }

  /** `patience` epochs (or more) in a row without an improvement. */
  outOfPatience(patience: number): boolean {
    return this.state.wait >= patience;
  }

  restartWait(): void {
    this.state.wait = 0;
  }

  get best(): number | null {
    return this.state.best;
  }

  /** -1 until an epoch has produced a finite value (and after a restore from a state that does not keep it). */
  get bestEpoch(): number {
    return this.state.bestEpoch;
  }

  get wait(): number {
    return this.state.wait;
  }

  getState(): MonitorTrackerState {
    return { ...this.state };
  }

  /** A state its owner has already checked against its schema. */
  setState({ best, bestEpoch = -1, wait = 0 }: { best: number | null; bestEpoch?: number; wait?: number }): void {
    this.state = { best, bestEpoch, wait };
  }
}

// ---------------------------------------------------------------------------------------------------
// BestTracker

/** Decides when the best checkpoint should be saved. */
export class BestTracker implements EpochCallback {
  readonly stateKey = 'best';
  readonly options: BestTrackerOptions;
  private readonly tracker: MonitorTracker;

  constructor(options: Partial<BestTrackerOptions> = {}) {
    this.options = parseOrThrow(BEST_TRACKER_OPTIONS, { monitor: 'validationLoss', minDelta: 0, ...options }, 'BestTracker');
    this.tracker = new MonitorTracker(this.options.monitor, this.options.minDelta);
  }

  onEpochEnd(epoch: number, metrics: EpochMetrics): CallbackDecision {
    if (!this.tracker.observe(epoch, metrics)) return {};
    return { saveBest: true, notes: [{ kind: 'best', message: `best epoch so far (${epoch})`, values: { epoch } }] };
  }

  get best(): number | null {
    return this.tracker.best;
  }

  get bestEpoch(): number {
    return this.tracker.bestEpoch;
  }

  getState(): BestTrackerState {
    return { best: this.tracker.best, bestEpoch: this.tracker.bestEpoch };
  }

  setState(state: unknown): void {
    this.tracker.setState(parseOrThrow(BEST_TRACKER_STATE, state, 'BestTracker state'));
  }
}

// ---------------------------------------------------------------------------------------------------
// ReduceLROnPlateau

/**
 * Tracks a cumulative multiplier on `baseLr` (given to the constructor) rather than a rate, so it
 * composes with a schedule: effective rate = schedule(baseLr) * multiplier. The minLr floor is
 * applied to baseLr * multiplier.
 */
export class ReduceLROnPlateau implements EpochCallback {
  readonly stateKey = 'plateau';
  readonly options: ReduceLROnPlateauOptions;
  private readonly tracker: MonitorTracker;
  private cooldownLeft = 0;
  private currentMultiplier = 1;

  constructor(readonly baseLr: number, options: Partial<ReduceLROnPlateauOptions> = {}) {
    this.options = parseOrThrow(REDUCE_LR_ON_PLATEAU_OPTIONS, { ...DEFAULT_REDUCE_LR_ON_PLATEAU, ...options }, 'ReduceLROnPlateau');
    if (!(baseLr > 0 && Number.isFinite(baseLr))) throw new RangeError(`ReduceLROnPlateau: baseLr must be > 0 (got ${baseLr})`);
    this.tracker = new MonitorTracker(this.options.monitor, this.options.minDelta);
  }

  get multiplier(): number {
    return this.currentMultiplier;
  }

  get lrScale(): number {
    return this.currentMultiplier;
  }

  get learningRate(): number {
    return this.baseLr * this.currentMultiplier;
  }

  onEpochEnd(epoch: number, metrics: EpochMetrics): CallbackDecision {
    const { options: o, tracker } = this;
    // The best still moves during cooldown, as in Keras; only the plateau count is suspended.
    const improved = tracker.observe(epoch, metrics);
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      tracker.restartWait();
      return {};
    }
    if (improved || !tracker.outOfPatience(o.patience) || !this.aboveFloor()) return {};
    this.currentMultiplier = Math.max(this.currentMultiplier * o.factor, this.floorMultiplier());
    this.cooldownLeft = o.cooldown;
    tracker.restartWait();
    return { notes: [{ kind: 'lr-drop', message: `learning rate ×${o.factor} (plateau)`, values: { factor: o.factor } }] };
  }

  getState(): ReduceLROnPlateauState {
    return { best: this.tracker.best, wait: this.tracker.wait, cooldownLeft: this.cooldownLeft, multiplier: this.currentMultiplier };
  }

  setState(state: unknown): void {
    const { best, wait, cooldownLeft, multiplier } = parseOrThrow(REDUCE_LR_STATE, state, 'ReduceLROnPlateau state');
    this.tracker.setState({ best, wait });
    this.cooldownLeft = cooldownLeft;
    this.currentMultiplier = multiplier;
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

export class EarlyStopping implements EpochCallback {
  readonly stateKey = 'earlyStopping';
  readonly options: EarlyStoppingOptions;
  private readonly tracker: MonitorTracker;

  constructor(options: Partial<EarlyStoppingOptions> = {}) {
    this.options = parseOrThrow(EARLY_STOPPING_OPTIONS, { ...DEFAULT_EARLY_STOPPING, ...options }, 'EarlyStopping');
    this.tracker = new MonitorTracker(this.options.monitor, this.options.minDelta);
  }

  get keepsBestWeights(): boolean {
    return this.options.restoreBestWeights;
  }

  /** An improvement asks for the weights to be saved (they are the ones a later stop restores). */
  onEpochEnd(epoch: number, metrics: EpochMetrics): CallbackDecision {
    if (this.tracker.observe(epoch, metrics)) return { saveBest: true };
    if (!this.tracker.outOfPatience(this.options.patience)) return {};
    const bestEpoch = this.tracker.bestEpoch;
    const restoreBest = this.options.restoreBestWeights && bestEpoch !== -1;
    const notes: CallbackNote[] = [{ kind: 'early-stop', message: `early stop (best epoch ${bestEpoch})`, values: { epoch: bestEpoch } }];
    if (restoreBest) notes.push({ kind: 'restore-best', message: `restored weights of epoch ${bestEpoch}`, values: { epoch: bestEpoch } });
    return { stop: true, restoreBest, notes };
  }

  get best(): number | null {
    return this.tracker.best;
  }

  get bestEpoch(): number {
    return this.tracker.bestEpoch;
  }

  getState(): EarlyStoppingState {
    return this.tracker.getState();
  }

  setState(state: unknown): void {
    this.tracker.setState(parseOrThrow(EARLY_STOPPING_STATE, state, 'EarlyStopping state'));
  }
}

// ---------------------------------------------------------------------------------------------------
// GradualUnfreezer

/**
 * ULMFiT-style gradual unfreezing. Assumes the run starts with only the head (the last block id)
 * trainable, then thaws one block per trigger from the top down, ending with the stem (the first id).
 * The plateau best is kept across thaws, so a thaw that does not help leads to the next one.
 */
export class GradualUnfreezer implements EpochCallback {
  readonly stateKey = 'unfreezer';
  readonly options: GradualUnfreezerOptions;
  /** Blocks below the head, top-most first: the order they thaw in. */
  private readonly thawOrder: readonly string[];
  /** The plateau trigger, when there is one. */
  private readonly plateau: { tracker: MonitorTracker; patience: number } | null;
  private thawedCount = 0;
  private epochsSinceThaw = 0;
  private lastThawEpoch: number | null = null;

  /** `blockIds` bottom (stem) to top, head last. */
  constructor(readonly blockIds: readonly string[], options: GradualUnfreezerOptions) {
    this.options = parseOrThrow(GRADUAL_UNFREEZER_OPTIONS, options, 'GradualUnfreezer');
    if (blockIds.length === 0) throw new RangeError('GradualUnfreezer: blockIds must name at least the head');
    if (new Set(blockIds).size !== blockIds.length) throw new RangeError('GradualUnfreezer: blockIds must be distinct');
    // Blocks beyond maxThawed are never touched: they stay as the run found them.
    this.thawOrder = blockIds.slice(0, -1).reverse().slice(0, this.options.maxThawed);
    const onPlateau = this.options.onPlateau;
    this.plateau = onPlateau
      ? { tracker: new MonitorTracker(onPlateau.monitor ?? 'validationLoss', onPlateau.minDelta), patience: onPlateau.patience }
      : null;
  }

  /** Still-frozen blocks, bottom to top. */
  get frozenBlocks(): string[] {
    return this.thawOrder.slice(this.thawedCount).reverse();
  }

  get frozenAtStart(): readonly string[] {
    return this.frozenBlocks;
  }

  /** Trainable blocks, bottom to top (the head always among them). */
  get trainableBlocks(): string[] {
    return this.blockIds.slice(this.blockIds.length - 1 - this.thawedCount);
  }

  get done(): boolean {
    return this.thawedCount >= this.thawOrder.length;
  }

  /**
   * lrFactorAtThaw once per thaw so far (thawAll thaws once), multiplied in the order the thaws came,
   * so it follows from the thaw count and a resumed run gets the very same number.
   */
  get lrScale(): number {
    const factor = this.options.lrFactorAtThaw ?? 1;
    const thaws = this.options.thawAll ? Math.min(1, this.thawedCount) : this.thawedCount;
    let scale = 1;
    for (let i = 0; i < thaws; i++) scale *= factor;
    return scale;
  }

  onEpochEnd(epoch: number, metrics: EpochMetrics): CallbackDecision {
    if (this.done) return {};
    const { options: o, plateau } = this;
    this.epochsSinceThaw++;
    const plateaued = plateau !== null && !plateau.tracker.observe(epoch, metrics) && plateau.tracker.outOfPatience(plateau.patience);
    const scheduled = o.everyEpochs !== undefined && this.epochsSinceThaw >= o.everyEpochs;
    if (!scheduled && !plateaued) return {};
    const thaw = this.thawOrder.slice(this.thawedCount, o.thawAll ? undefined : this.thawedCount + 1);
    this.thawedCount += thaw.length;
    this.epochsSinceThaw = 0;
    plateau?.tracker.restartWait();
    this.lastThawEpoch = epoch;
    return { thaw };
  }

  getState(): GradualUnfreezerState {
    return {
      thawedCount: this.thawedCount, epochsSinceThaw: this.epochsSinceThaw,
      best: this.plateau?.tracker.best ?? null, wait: this.plateau?.tracker.wait ?? 0, lastThawEpoch: this.lastThawEpoch,
    };
  }

  setState(state: unknown): void {
    const checked = parseOrThrow(GRADUAL_UNFREEZER_STATE, state, 'GradualUnfreezer state');
    if (checked.thawedCount > this.thawOrder.length) {
      throw new RangeError(`GradualUnfreezer state: thawedCount: must be ≤ ${this.thawOrder.length}, the blocks below the head (got ${checked.thawedCount})`);
    }
    this.thawedCount = checked.thawedCount;
    this.epochsSinceThaw = checked.epochsSinceThaw;
    this.plateau?.tracker.setState({ best: checked.best, wait: checked.wait });
    this.lastThawEpoch = checked.lastThawEpoch;
  }
}
