import { memo, useDeferredValue } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useStudio, type ChartMarker } from '../../store/studioStore';
import type { StepPoint } from '../../store/chartSeries';
import { markerLines } from './markers';

/** The learning rate in effect at every step: schedules, warm-up, plateau drops and thaw factors show here. */
export function LearningRateChart() {
  // Deferred like the loss chart: redrawn in interruptible background renders.
  const steps = useDeferredValue(useStudio((s) => s.steps));
  // Select the stable array and filter in the view: a selector returning a new array re-renders forever.
  const allMarkers = useDeferredValue(useStudio((s) => s.markers));
  return <LearningRateChartView steps={steps} allMarkers={allMarkers} />;
}

const LearningRateChartView = memo(function LearningRateChartView({ steps, allMarkers }: { steps: StepPoint[]; allMarkers: ChartMarker[] }) {
  const markers = allMarkers.filter((m) => m.kind === 'lr-drop');
  const last = steps[steps.length - 1];
  return (
    <figure className="chart" aria-label="Learning rate chart">
      <figcaption>
        Learning rate{' '}
        <span className="chart-summary">{last ? `now ${last.learningRate.toExponential(2)}` : ''}</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={120}>
        <LineChart data={steps} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
          <YAxis width={60} tickFormatter={(v: number) => v.toExponential(0)} />
          <Tooltip />
          <Line type="stepAfter" dataKey="learningRate" name="learning rate" stroke="#8250df" dot={false} isAnimationActive={false} />
          {markerLines(markers)}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
