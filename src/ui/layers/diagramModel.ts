import type { BlockSummary } from '../../contract';
import type { StrategyPreset } from '../../freeze/presets';
import type { BlockActivity } from '../../store/runRecorder';
import type { ChartMarker } from '../../store/chartSeries';

/**
 * The network diagram's arithmetic, apart from React: how wide a block is drawn, how brightly it glows,
 * which freeze change a drag or a key asks for, and the latest freeze event to announce.
 */

/** The narrowest block, in % of the diagram's width: a block of a few parameters must stay easy to click. */
export const MIN_BLOCK_WIDTH = 30;

/**
 * A block's width in %, by its parameter count: square-root scaled, since counts span four orders of
 * magnitude (a stem of 200 parameters under blocks of 40,000) and a linear scale would leave slivers.
 */
export function blockWidthPercent(params: number, maxParams: number): number {
  if (!(maxParams > 0) || !(params > 0)) return MIN_BLOCK_WIDTH;
  const share = Math.sqrt(Math.min(1, params / maxParams));
  return MIN_BLOCK_WIDTH + (100 - MIN_BLOCK_WIDTH) * share;
}

/** How a block glows after an epoch, each 0..1: its weight change against the most-changed block's, and the same for gradient norms. */
export interface Glow {
  change: number;
  gradient: number;
}

export function glowOf(activity: BlockActivity | undefined, all: readonly BlockActivity[]): Glow {
  if (!activity) return { change: 0, gradient: 0 };
  const most = (pick: (a: BlockActivity) => number) => Math.max(0, ...all.map(pick).filter(Number.isFinite));
  const share = (value: number, max: number) => (max > 0 && Number.isFinite(value) ? Math.min(1, Math.max(0, value / max)) : 0);
  return {
    change: share(activity.weightChange, most((a) => a.weightChange)),
    gradient: share(activity.gradientNorm, most((a) => a.gradientNorm)),
  };
}

/**
 * A boundary dragged to the block at `index` (0 = the bottom block): it and everything below frozen,
 * everything above trainable. The head stays trainable: a model with nothing to train would refuse to run.
 */
export function boundaryPreset(index: number, blockCount: number): StrategyPreset {
  return { id: 'freeze-to', k: Math.max(0, Math.min(blockCount - 1, index + 1)) };
}

/** Whether the block at `index` is drawn frozen while a boundary is dragged to `boundary`. */
export function frozenUnderBoundary(index: number, boundary: number, blockCount: number): boolean {
  const preset = boundaryPreset(boundary, blockCount);
  return preset.id === 'freeze-to' && index < preset.k;
}

/** The block "thaw the next block" thaws: the highest frozen block below the head, or null when none is frozen. */
export function nextBlockToThaw(blocks: readonly BlockSummary[]): BlockSummary | null {
  return blocks.slice(0, -1).reverse().find((b) => b.frozen) ?? null;
}

/** A block frozen or thawed during a run, as the run's chart markers record it. */
export type FreezeMarker = ChartMarker & { kind: 'freeze' | 'thaw' };

/** The latest freeze or thaw of the run, or null when none happened. */
export function latestFreezeEvent(markers: readonly ChartMarker[]): FreezeMarker | null {
  return ([...markers].reverse().find((m) => m.kind === 'freeze' || m.kind === 'thaw') as FreezeMarker | undefined) ?? null;
}
