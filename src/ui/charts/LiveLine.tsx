import { createContext, useContext } from 'react';
import { Line, type LineProps } from 'recharts';
import type { StepPoint } from '../../store/chartSeries';

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
