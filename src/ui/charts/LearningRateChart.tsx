import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_MARGIN, niceTicks, sameTicks, wholeTicks } from './ticks';
import { FIXED_TICKS } from './fixedTicks';
import { REDRAW_SLOT_MS } from './useStaggeredValue';
import { markerLines, sameMarkers } from './markers';
import { useStableValue } from '../common/useStableValue';
import { LIVE_AXIS, LiveLine, LiveSeries, useDrawnSteps, useStepChartInputs, type StepChartInputs } from './LiveLine';

const exponent = (v: number) => v.toExponential(0);

/** The learning rate in effect at every step: schedules, warm-up, plateau drops and thaw factors show here. */
export function LearningRateChart() {
  // Staggered like the loss chart: redrawn in its own background task.
  return <LearningRateChartView {...useStepChartInputs(REDRAW_SLOT_MS.learningRate)} />;
}

/** No tooltip while training, and a memoised chart whose lines alone take new points, as the loss chart (see there). */
const LearningRateChartView = memo(function LearningRateChartView({ steps, markers, plannedLastStep, training }: StepChartInputs) {
  const { t } = useTranslation('charts');
  const { last, drawn, firstStep, xEnd } = useDrawnSteps(steps, plannedLastStep);
  const highest = drawn.reduce((max, p) => Math.max(max, p.learningRate), 0);
  const lineName = t('learningRate.line');
  // Only its LR drops are drawn here: a best-epoch marker moving at an epoch's end does not redraw this chart.
  const drops = useStableValue(markers.filter((m) => m.kind === 'lr-drop'), sameMarkers);
  const y = useStableValue(niceTicks(0, highest, 4), sameTicks);
  const chart = useMemo(() => {
    const x = wholeTicks(firstStep, xEnd);
    return (
      <LineChart margin={CHART_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="step" type="number" domain={x.domain} ticks={x.ticks} {...FIXED_TICKS} {...LIVE_AXIS} />
        <YAxis domain={y.domain} ticks={y.ticks} width={60} tickFormatter={exponent} {...FIXED_TICKS} {...LIVE_AXIS} />
        {!training && <Tooltip />}
        <LiveLine live={training} type="stepAfter" dataKey="learningRate" name={lineName} stroke="#8250df" dot={false} isAnimationActive={false} />
        {markerLines(drops, xEnd)}
      </LineChart>
    );
  }, [firstStep, xEnd, y, training, drops, lineName]);
  return (
    <figure className="chart" aria-label={t('learningRate.label')}>
      <figcaption>
        {t('learningRate.title')}{' '}
        <span className="chart-summary">{last ? t('learningRate.now', { rate: last.learningRate.toExponential(2) }) : ''}</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={120}>
        <LiveSeries value={drawn}>{chart}</LiveSeries>
      </ResponsiveContainer>
    </figure>
  );
});
