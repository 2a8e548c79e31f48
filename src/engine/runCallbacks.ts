import { bestMonitorOf, CALLBACKS_STATE, type CallbackConfig, type CallbacksState, parseOrThrow } from '../contract';
import { BestTracker, EarlyStopping, GradualUnfreezer, ReduceLROnPlateau, type CallbackDecision, type CallbackNote, type EpochCallback } from './callbacks';

/**
 * A run's Keras-style callbacks as one open list: built from the run's config, asked in order at each
 * epoch's end, their decisions combined into one outcome, their states gathered into (and restored
 * from) one plain-JSON record for the checkpoint.
 */

/** Every callback's decision at one epoch's end, as one. */
export interface EpochOutcome {
  stop: boolean;
  restoreBest: boolean;
  /** Save the current weights as the best so far. */
  saveBest: boolean;
  thaw: string[];
  notes: CallbackNote[];
}

/** The callbacks `config` asks for, in the order they act (and their notes appear) at an epoch's end. */
export function runCallbacks(config: CallbackConfig | undefined, baseLr: number, blockIds: readonly string[]): EpochCallback[] {
  const list: EpochCallback[] = [new BestTracker({ monitor: bestMonitorOf(config) })];
  if (config?.reduceLrOnPlateau) list.push(new ReduceLROnPlateau(baseLr, config.reduceLrOnPlateau));
  if (config?.gradualUnfreezing) list.push(new GradualUnfreezer(blockIds, config.gradualUnfreezing));
  if (config?.earlyStopping) list.push(new EarlyStopping(config.earlyStopping));
  return list;
}

/** Any callback may stop or ask for a save or a restore; thaws and notes add up in list order. */
export function combineDecisions(decisions: readonly CallbackDecision[]): EpochOutcome {
  return {
    stop: decisions.some((d) => d.stop === true),
    restoreBest: decisions.some((d) => d.restoreBest === true),
    saveBest: decisions.some((d) => d.saveBest === true),
    thaw: decisions.flatMap((d) => d.thaw ?? []),
    notes: decisions.flatMap((d) => d.notes ?? []),
  };
}

/** The product of the callbacks' learning-rate factors, the trainer multiplies into the scheduled rate. */
export function lrScaleOf(callbacks: readonly EpochCallback[]): number {
  return callbacks.reduce((scale, c) => scale * (c.lrScale ?? 1), 1);
}

export function callbacksState(callbacks: readonly EpochCallback[]): CallbacksState {
  return parseOrThrow(CALLBACKS_STATE, Object.fromEntries(callbacks.map((c) => [c.stateKey, c.getState()])), 'Callback state');
}

/** Restores a state saved by a run with the same callback configuration; a callback it has no entry for starts afresh. */
export function restoreCallbacksState(callbacks: readonly EpochCallback[], state: CallbacksState): void {
  for (const callback of callbacks) {
    const own = state[callback.stateKey];
    if (own !== undefined) callback.setState(own);
  }
}
