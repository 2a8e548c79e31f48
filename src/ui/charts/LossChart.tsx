import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFixed } from '../common/numberFormats';
import { CartesianGrid, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { markerLines } from './markers';
import { ChartLegend } from './ChartLegend';
import { CHART_MARGIN, niceTicks, sameTicks, wholeTicks } from './ticks';
import { useStableValue } from '../common/useStableValue';
import { FIXED_TICKS } from './fixedTicks';
import { REDRAW_SLOT_MS } from './useStaggeredValue';
import { LIVE_AXIS, LiveLine, LiveSeries, useDrawnSteps, useStepChartInputs, type StepChartInputs } from './LiveLine';

const RAW_COLOUR = '#b0b7c3';
const SMOOTHED_COLOUR = '#1f6feb';
const MARGIN = { ...CHART_MARGIN, top: 16 };
/** The L2-SP / EWC term of the loss, drawn apart when the run has one. */
const PENALTY_COLOUR = '#d97706';

/**
 * Chart data is staggered: each live chart redraws in its own background task, so a flush of new
 * points never blocks the page for long (zustand updates alone would render all of them synchronously).
 */
export function LossChart() {
  return <LossChartView {...useStepChartInputs(REDRAW_SLOT_MS.loss)} />;
}

/**
 * No tooltip while training: recharts' tooltip re-runs dozens of selectors at every redraw (most of a
 * chart update's main-thread time, measured), and values that change each second are read on the
 * curve anyway. Paused or finished, hovering shows the values.
 * The chart element is memoised on its axes and markers, which change seldom; new points reach the
 * lines alone: while training drawn outside recharts' store, afterwards as recharts lines (LiveLine).
 */
const LossChartView = memo(function LossChartView({ steps, markers, plannedLastStep, training }: StepChartInputs) {
  const { t } = useTranslation('charts');
  const { last, drawn, firstStep, xEnd } = useDrawnSteps(steps, plannedLastStep);
  const highest = drawn.reduce((max, p) => Math.max(max, p.loss), 0);
  const rawName = t('loss.raw');
  const smoothedName = t('loss.smoothed');
  const { t: tAdaptation } = useTranslation('adaptation');
  const penaltyLabel = last?.penalty === undefined ? null : tAdaptation('chart.penalty');
  // A new highest loss that keeps the same ticks (most do) does not redraw the axes.
  const y = useStableValue(niceTicks(0, highest), sameTicks);
  const chart = useMemo(() => {
    const x = wholeTicks(firstStep, xEnd);
    return (
      <LineChart margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="step" type="number" domain={x.domain} ticks={x.ticks} {...FIXED_TICKS} {...LIVE_AXIS} />
        <YAxis domain={y.domain} ticks={y.ticks} width={44} {...FIXED_TICKS} {...LIVE_AXIS} />
        {!training && <Tooltip />}
        <LiveLine live={training} type="linear" dataKey="loss" name={rawName} stroke={RAW_COLOUR} dot={false} isAnimationActive={false} />
        <LiveLine live={training} type="linear" dataKey="smoothedLoss" name={smoothedName} stroke={SMOOTHED_COLOUR} strokeWidth={2} dot={false} isAnimationActive={false} />
        {penaltyLabel && <LiveLine live={training} type="linear" dataKey="penalty" name={penaltyLabel} stroke={PENALTY_COLOUR} dot={false} isAnimationActive={false} />}
        {markerLines(markers, xEnd)}
      </LineChart>
    );
  }, [firstStep, xEnd, y, training, markers, rawName, smoothedName, penaltyLabel]);
  return (
    <figure className="chart" aria-label={t('loss.label')}>
      <figcaption>
        {t('loss.title')}{' '}
        <span className="chart-summary" data-points={steps.length}>
          {!last ? t('loss.noPoints') : t('loss.summary', { points: steps.length, latest: formatFixed(last.loss, 3), smoothed: formatFixed(last.smoothedLoss, 3) })}
        </span>{' '}
        <ChartLegend entries={[{ label: rawName, colour: RAW_COLOUR }, { label: smoothedName, colour: SMOOTHED_COLOUR }, ...(penaltyLabel ? [{ label: penaltyLabel, colour: PENALTY_COLOUR }] : [])]} />
      </figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LiveSeries value={drawn}>{chart}</LiveSeries>
      </ResponsiveContainer>
    </figure>
  );
});
