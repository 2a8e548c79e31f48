import type { EpochRow } from '../../contract';
import { useStudio, type StudioState } from '../../store/studioStore';
import { useStaggeredValue } from './useStaggeredValue';

/** What a per-epoch chart draws: the run's epoch rows, and the epochs it plans (the epoch axis spans them). */
export interface EpochChartInputs { epochs: EpochRow[]; plannedEpochs: number | null }

const selectPlannedEpochs = (s: StudioState): number | null => s.progress?.epochs ?? null;

/**
 * A per-epoch chart's inputs, both shown in the chart's own redraw slot (REDRAW_SLOT_MS), as a per-step chart's are
 * (useStepChartInputs). The planned epochs are set by the run's first steps: read at once, they redrew every chart's
 * axes inside the flush that brought those steps (one task over 50 ms, BENCHMARKS.md, issue #23).
 */
export function useEpochChartInputs(slotMs: number): EpochChartInputs {
  return {
    epochs: useStaggeredValue(useStudio((s) => s.epochs), slotMs),
    plannedEpochs: useStaggeredValue(useStudio(selectPlannedEpochs), slotMs),
  };
}
