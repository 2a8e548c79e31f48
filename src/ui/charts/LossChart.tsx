import { memo, useDeferredValue } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useStudio, type ChartMarker } from '../../store/studioStore';
import { decimateSteps, type StepPoint } from '../../store/chartSeries';
import { markerLines } from './markers';
import { ChartLegend } from './ChartLegend';
import { niceTicks, wholeTicks } from './ticks';

const RAW_COLOUR = '#b0b7c3';
const SMOOTHED_COLOUR = '#1f6feb';

/**
 * Chart data is deferred: React redraws the chart in the background, in slices it can interrupt, so a
 * flush of new points never blocks the page for long (zustand updates alone would render synchronously).
 */
export function LossChart() {
  const steps = useDeferredValue(useStudio((s) => s.steps));
  const markers = useDeferredValue(useStudio((s) => s.markers));
  const training = useStudio((s) => s.runState === 'training');
  return <LossChartView steps={steps} markers={markers} training={training} />;
}

/**
 * No tooltip while training: recharts' tooltip re-runs dozens of selectors at every redraw (most of a
 * chart update's main-thread time, measured), and values that change each second are read on the
 * curve anyway. Paused or finished, hovering shows the values.
 */
const LossChartView = memo(function LossChartView({ steps, markers, training }: { steps: StepPoint[]; markers: ChartMarker[]; training: boolean }) {
  const last = steps[steps.length - 1];
  const drawn = decimateSteps(steps);
  // Fixed ticks and domains: recharts then skips its own tick search and data scans on every redraw.
  const x = wholeTicks(steps[0]?.step ?? 0, last?.step ?? 1);
  const y = niceTicks(0, drawn.reduce((max, p) => Math.max(max, p.loss), 0));
  return (
    <figure className="chart" aria-label="Batch loss chart">
      <figcaption>
        Batch loss{' '}
        <span className="chart-summary" data-points={steps.length}>
          {steps.length === 0 ? '(no points yet)' : `${steps.length} points, latest ${last.loss.toFixed(3)} (smoothed ${last.smoothedLoss.toFixed(3)})`}
        </span>{' '}
        <ChartLegend entries={[{ label: 'batch loss', colour: RAW_COLOUR }, { label: 'smoothed', colour: SMOOTHED_COLOUR }]} />
      </figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={drawn} margin={{ top: 16, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="step" type="number" domain={x.domain} ticks={x.ticks} />
          <YAxis domain={y.domain} ticks={y.ticks} width={44} />
          {!training && <Tooltip />}
          <Line type="linear" dataKey="loss" name="batch loss" stroke={RAW_COLOUR} dot={false} isAnimationActive={false} />
          <Line type="linear" dataKey="smoothedLoss" name="smoothed" stroke={SMOOTHED_COLOUR} strokeWidth={2} dot={false} isAnimationActive={false} />
          {markerLines(markers, x.domain[1])}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
