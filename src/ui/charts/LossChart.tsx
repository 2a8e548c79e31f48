import { memo, useDeferredValue } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useStudio, type ChartMarker } from '../../store/studioStore';
import type { StepPoint } from '../../store/chartSeries';
import { markerLines } from './markers';

/**
 * Chart data is deferred: React redraws the chart in the background, in slices it can interrupt, so a
 * flush of new points never blocks the page for long (zustand updates alone would render synchronously).
 */
export function LossChart() {
  const steps = useDeferredValue(useStudio((s) => s.steps));
  const markers = useDeferredValue(useStudio((s) => s.markers));
  return <LossChartView steps={steps} markers={markers} />;
}

const LossChartView = memo(function LossChartView({ steps, markers }: { steps: StepPoint[]; markers: ChartMarker[] }) {
  const last = steps[steps.length - 1];
  return (
    <figure className="chart" aria-label="Batch loss chart">
      <figcaption>
        Batch loss{' '}
        <span className="chart-summary" data-points={steps.length}>
          {steps.length === 0 ? '(no points yet)' : `${steps.length} points, latest ${last.loss.toFixed(3)} (smoothed ${last.smoothedLoss.toFixed(3)})`}
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={steps} margin={{ top: 16, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
          <YAxis domain={[0, 'auto']} width={44} />
          <Tooltip />
          <Legend />
          <Line type="monotone" dataKey="loss" name="batch loss" stroke="#b0b7c3" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="smoothedLoss" name="smoothed" stroke="#1f6feb" strokeWidth={2} dot={false} isAnimationActive={false} />
          {markerLines(markers)}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
