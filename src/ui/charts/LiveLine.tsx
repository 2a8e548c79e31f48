import { createContext, useContext, useMemo } from 'react';
import { Line, type LineProps } from 'recharts';
import { decimateSteps, type ChartMarker, type StepPoint } from '../../store/chartSeries';
import { selectPlannedLastStep, useStudio } from '../../store/studioStore';
import { useStaggeredValue } from './useStaggeredValue';
import { stepAxisEnd } from './ticks';

/** The points a live chart draws, handed to its lines through context (see LiveLine). */
export const LiveSeries = createContext<StepPoint[]>([]);

/**
 * A line that draws the points of the nearest `LiveSeries`. The chart around it stays the same element
 * while points arrive, so recharts only swaps this line's data: handing the chart new `data` instead makes
 * it clear its data, redraw, set the new data and redraw again, and re-report its options each time.
 */
export function LiveLine(props: Omit<LineProps, 'data' | 'ref'>) {
  const points = useContext(LiveSeries);
  return <Line {...props} data={points} />;
}

/** What a per-step chart draws. */
export interface StepChartInputs { steps: StepPoint[]; markers: ChartMarker[]; plannedLastStep: number | null; training: boolean }

/**
 * A per-step chart's inputs, each shown in the chart's own redraw slot (REDRAW_SLOT_MS), so each live chart
 * redraws in its own background task; `training` too, since the tooltip a chart mounts when a run ends
 * reads the page's layout. The markers are the stable array from the store: a chart filters them itself
 * (a selector returning a new array would re-render forever).
 */
export function useStepChartInputs(slotMs: number): StepChartInputs {
  return {
    steps: useStaggeredValue(useStudio((s) => s.steps), slotMs),
    markers: useStaggeredValue(useStudio((s) => s.markers), slotMs),
    plannedLastStep: useStudio(selectPlannedLastStep),
    training: useStaggeredValue(useStudio((s) => s.runState === 'training'), slotMs),
  };
}

/** The points a per-step chart draws (thinned, see decimateSteps), its latest step and its step axis's ends. */
export function useDrawnSteps(steps: StepPoint[], plannedLastStep: number | null) {
  const last = steps.at(-1);
  const drawn = useMemo(() => decimateSteps(steps), [steps]);
  const firstStep = steps[0]?.step ?? 0;
  return { last, drawn, firstStep, xEnd: stepAxisEnd(firstStep, last?.step ?? 1, plannedLastStep) };
}
