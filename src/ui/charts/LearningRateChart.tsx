import { memo, useDeferredValue } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useStudio, type ChartMarker } from '../../store/studioStore';
import { decimateSteps, type StepPoint } from '../../store/chartSeries';
import { niceTicks, wholeTicks } from './ticks';
import { markerLines } from './markers';

/** The learning rate in effect at every step: schedules, warm-up, plateau drops and thaw factors show here. */
export function LearningRateChart() {
  // Deferred like the loss chart: redrawn in interruptible background renders.
  const steps = useDeferredValue(useStudio((s) => s.steps));
  // Select the stable array and filter in the view: a selector returning a new array re-renders forever.
  const allMarkers = useDeferredValue(useStudio((s) => s.markers));
  const training = useStudio((s) => s.runState === 'training');
  return <LearningRateChartView steps={steps} allMarkers={allMarkers} training={training} />;
}

/** No tooltip while training, as on the loss chart (see there). */
const LearningRateChartView = memo(function LearningRateChartView({ steps, allMarkers, training }: { steps: StepPoint[]; allMarkers: ChartMarker[]; training: boolean }) {
  const markers = allMarkers.filter((m) => m.kind === 'lr-drop');
  const last = steps[steps.length - 1];
  const drawn = decimateSteps(steps);
  const x = wholeTicks(steps[0]?.step ?? 0, last?.step ?? 1);
  const y = niceTicks(0, drawn.reduce((max, p) => Math.max(max, p.learningRate), 0), 4);
  return (
    <figure className="chart" aria-label="Learning rate chart">
      <figcaption>
        Learning rate{' '}
        <span className="chart-summary">{last ? `now ${last.learningRate.toExponential(2)}` : ''}</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={120}>
        <LineChart data={drawn} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="step" type="number" domain={x.domain} ticks={x.ticks} />
          <YAxis domain={y.domain} ticks={y.ticks} width={60} tickFormatter={(v: number) => v.toExponential(0)} />
          {!training && <Tooltip />}
          <Line type="stepAfter" dataKey="learningRate" name="learning rate" stroke="#8250df" dot={false} isAnimationActive={false} />
          {markerLines(markers, x.domain[1])}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
