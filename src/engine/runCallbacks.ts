import type { CallbacksState } from '../contract';
import { type CallbackConfig, type CallbackKind } from '../contract';
import { BestTracker, EarlyStopping, GradualUnfreezer, ReduceLROnPlateau, type EpochMetrics } from './callbacks';

export interface CallbackNote {
  kind: CallbackKind;
  message: string;
}

export interface EpochOutcome {
  stop: boolean;
  restoreBest: boolean;
  /** Save the current weights as the best so far. */
  saveBest: boolean;
  thaw: string[];
  notes: CallbackNote[];
}

/** Keras-style callbacks run at each epoch end, with a learning-rate scale the trainer multiplies in. */
export class RunCallbacks {
  private readonly best: BestTracker;
  private readonly earlyStopping: EarlyStopping | null;
  private readonly plateau: ReduceLROnPlateau | null;
  private readonly unfreezer: GradualUnfreezer | null;
  private thawScale = 1;

  constructor(config: CallbackConfig | undefined, baseLr: number, blockIds: readonly string[]) {
    this.best = new BestTracker({ monitor: config?.bestMonitor ?? config?.earlyStopping?.monitor ?? 'validationLoss' });
    this.earlyStopping = config?.earlyStopping ? new EarlyStopping(config.earlyStopping) : null;
    this.plateau = config?.reduceLrOnPlateau ? new ReduceLROnPlateau(baseLr, config.reduceLrOnPlateau) : null;
    this.unfreezer = config?.gradualUnfreezing ? new GradualUnfreezer(blockIds, config.gradualUnfreezing) : null;
  }

  /** Blocks to freeze before the first step when gradual unfreezing starts from the head alone. */
  get initiallyFrozen(): string[] {
    return this.unfreezer?.frozenBlocks ?? [];
  }

  get lrScale(): number {
    return this.thawScale * (this.plateau?.multiplier ?? 1);
  }

  get keepsBestWeights(): boolean {
    return this.earlyStopping?.options.restoreBestWeights === true;
  }

  getState(): CallbacksState {
    return {
      best: this.best.getState(), earlyStopping: this.earlyStopping?.getState(), plateau: this.plateau?.getState(),
      unfreezer: this.unfreezer?.getState(), thawScale: this.thawScale,
    };
  }

  /** Restores a state saved by a run with the same callback configuration. */
  setState(state: CallbacksState): void {
    if (!(state.thawScale > 0 && Number.isFinite(state.thawScale))) throw new TypeError(`Invalid thaw scale ${state.thawScale}`);
    this.best.setState(state.best);
    if (this.earlyStopping && state.earlyStopping) this.earlyStopping.setState(state.earlyStopping);
    if (this.plateau && state.plateau) this.plateau.setState(state.plateau);
    if (this.unfreezer && state.unfreezer) this.unfreezer.setState(state.unfreezer);
    this.thawScale = state.thawScale;
  }

  onEpochEnd(epoch: number, metrics: EpochMetrics): EpochOutcome {
    const notes: CallbackNote[] = [];
    const improved = this.best.update(epoch, metrics);
    if (improved) notes.push({ kind: 'best', message: `best epoch so far (${epoch})` });
    const outcome: EpochOutcome = { stop: false, restoreBest: false, saveBest: improved, thaw: [], notes };
    if (this.plateau) {
      const { reduced } = this.plateau.onEpochEnd(metrics);
      if (reduced) notes.push({ kind: 'lr-drop', message: `learning rate ×${this.plateau.options.factor} (plateau)` });
    }
    if (this.unfreezer) {
      const decision = this.unfreezer.onEpochEnd(epoch, metrics);
      outcome.thaw = decision.thaw;
      if (decision.thaw.length > 0) this.thawScale *= decision.lrFactor;
    }
    if (this.earlyStopping) {
      const decision = this.earlyStopping.onEpochEnd(epoch, metrics);
      outcome.saveBest = outcome.saveBest || decision.improved;
      if (decision.stop) {
        outcome.stop = true;
        outcome.restoreBest = decision.restoreBestWeights;
        notes.push({ kind: 'early-stop', message: `early stop (best epoch ${decision.bestEpoch})` });
        if (decision.restoreBestWeights) notes.push({ kind: 'restore-best', message: `restored weights of epoch ${decision.bestEpoch}` });
      }
    }
    return outcome;
  }
}
