import { createContext, useContext, useMemo } from 'react';
import { Line, useXAxisScale, useYAxisScale, type LineProps } from 'recharts';
import { decimateSteps, type ChartMarker, type StepPoint } from '../../store/chartSeries';
import { selectPlannedLastStep, useStudio } from '../../store/studioStore';
import { useStaggeredValue } from './useStaggeredValue';
import { pathOf, type LivePathCurve } from './livePath';
import { stepAxisEnd } from './ticks';

/** The points a live chart draws, handed to its lines through context (see LiveLine). */
export const LiveSeries = createContext<StepPoint[]>([]);

/**
 * A line that draws the points of the nearest `LiveSeries`. The chart around it stays the same element
 * while points arrive, so only this line takes them: handing the chart new `data` instead makes recharts
 * clear its data, redraw, set the new data and redraw again, and re-report its options each time.
 * `live` (a run training): drawn as a LivePath; otherwise a recharts `Line`, whose tooltip reads the values.
 */
export function LiveLine({ live, ...props }: Omit<LineProps, 'data' | 'ref' | 'dataKey'> & { dataKey: keyof StepPoint; live: boolean }) {
  const points = useContext(LiveSeries);
  if (live) return <LivePath dataKey={props.dataKey} stroke={props.stroke ?? ''} strokeWidth={Number(props.strokeWidth ?? 1)} curve={props.type === 'stepAfter' ? 'stepAfter' : 'linear'} />;
  return <Line {...props} data={points} />;
}

/**
 * A line of the nearest `LiveSeries` drawn on the chart's own scales, as one SVG path (LiveLine's while training).
 * New points re-render this path alone. A recharts `Line` handed new points goes through recharts' store,
 * whose subscribers re-render the chart's axes and lines synchronously in one main-thread task (20–45 ms of
 * CPU per chart on a 2-core machine, BENCHMARKS.md, issue #23); several times a second, that made the tasks
 * over 50 ms.
 */
function LivePath({ dataKey, stroke, strokeWidth = 1, curve = 'linear' }: { dataKey: keyof StepPoint; stroke: string; strokeWidth?: number; curve?: LivePathCurve }) {
  const points = useContext(LiveSeries);
  const x = useXAxisScale();
  const y = useYAxisScale();
  const d = useMemo(() => (x && y ? pathOf(points, dataKey, x, y, curve) : ''), [points, dataKey, x, y, curve]);
  return <path className="live-path" data-points={points.length} d={d} fill="none" stroke={stroke} strokeWidth={strokeWidth} />;
}

/**
 * Axis settings of a live chart: the axis spans the domain given (set from the points, so every point is
 * inside it) whether or not a recharts line holds data. While training none does (LivePath), and an axis
 * with no data to span has no scale, so no ticks and nothing for LivePath to draw on.
 */
export const LIVE_AXIS = { allowDataOverflow: true } as const;

/** What a per-step chart draws. */
export interface StepChartInputs { steps: StepPoint[]; markers: ChartMarker[]; plannedLastStep: number | null; training: boolean }

/**
 * A per-step chart's inputs, each shown in the chart's own redraw slot (REDRAW_SLOT_MS), so each live chart
 * redraws in its own background task; `training` too, since the tooltip a chart mounts when a run ends
 * reads the page's layout, and the planned last step, which sets the step axis as the run's first steps
 * arrive (read at once, it redrew every chart's axes inside the flush that brought them: one task over 50 ms).
 * The markers are the stable array from the store: a chart filters them itself (a selector returning a new
 * array would re-render forever).
 */
export function useStepChartInputs(slotMs: number): StepChartInputs {
  return {
    steps: useStaggeredValue(useStudio((s) => s.steps), slotMs),
    markers: useStaggeredValue(useStudio((s) => s.markers), slotMs),
    plannedLastStep: useStaggeredValue(useStudio(selectPlannedLastStep), slotMs),
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
