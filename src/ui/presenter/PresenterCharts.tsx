import type { EpochRow } from '../../contract';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../common/i18n/i18n';
import { ChartLegend } from '../charts/ChartLegend';
import { LIVE_AXIS, LiveLine, LiveSeries, useDrawnSteps, useStepChartInputs, type StepChartInputs } from '../charts/LiveLine';
import { CHART_MARGIN, niceTicks, sameTicks, wholeTicks } from '../charts/ticks';
import { useStableValue } from '../common/useStableValue';
import { FIXED_TICKS } from '../charts/fixedTicks';
import { REDRAW_SLOT_MS } from '../charts/useStaggeredValue';
import { useEpochChartInputs } from '../charts/epochChartInputs';

/** After the studio's own views (REDRAW_SLOT_MS), each in its own task: the presenter's charts never redraw with theirs. */
const PRESENTER_SLOT_MS = REDRAW_SLOT_MS.overlay + 40;
const ACCURACY_SLOT_MS = PRESENTER_SLOT_MS + 40;
/** Large enough to read from the back of a room (24 px at 1280×720). */
const BIG_TICKS = { ...FIXED_TICKS, tick: { width: 0, fontSize: 24, fill: '#f9fafb' } } as const;
const MARGIN = { ...CHART_MARGIN, top: 12, right: 24 };
const LOSS_COLOUR = '#60a5fa';
const TRAIN_COLOUR = '#60a5fa';
const VALIDATION_COLOUR = '#fbbf24';
const ACCURACY_DOMAIN: [number, number] = [0, 1];

/** The live loss (smoothed, per step) and accuracy (per epoch) in the presenter's large type, on a dark ground. */
export function PresenterCharts() {
  const { epochs, plannedEpochs } = useEpochChartInputs(ACCURACY_SLOT_MS);
  return (
    <div className="presenter-charts">
      <PresenterLossChart {...useStepChartInputs(PRESENTER_SLOT_MS)} />
      <PresenterAccuracyChart epochs={epochs} plannedEpochs={plannedEpochs} />
    </div>
  );
}

const PresenterLossChart = memo(function PresenterLossChart({ steps, plannedLastStep }: StepChartInputs) {
  const { t } = useTranslation('presenter');
  const { last, drawn, firstStep, xEnd } = useDrawnSteps(steps, plannedLastStep);
  const highest = drawn.reduce((max, p) => Math.max(max, p.smoothedLoss), 0);
  const y = useStableValue(niceTicks(0, highest, 4), sameTicks);
  const chart = useMemo(() => {
    const x = wholeTicks(firstStep, xEnd, 4);
    return (
      <LineChart margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#4b5563" />
        <XAxis dataKey="step" type="number" domain={x.domain} ticks={x.ticks} {...BIG_TICKS} {...LIVE_AXIS} />
        <YAxis domain={y.domain} ticks={y.ticks} width={72} {...BIG_TICKS} {...LIVE_AXIS} />
        {/* No tooltip here, so the line stays live (drawn outside recharts' store) during and after a run. */}
        <LiveLine live type="linear" dataKey="smoothedLoss" stroke={LOSS_COLOUR} strokeWidth={4} dot={false} isAnimationActive={false} />
      </LineChart>
    );
  }, [firstStep, xEnd, y]);
  return (
    <figure className="presenter-chart" aria-label={t('loss.label')}>
      <figcaption>
        {last ? t('loss.latest', { value: formatNumber(last.smoothedLoss, { maximumFractionDigits: 3 }) }) : t('loss.empty')}
      </figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LiveSeries value={drawn}>{chart}</LiveSeries>
      </ResponsiveContainer>
    </figure>
  );
});

const PresenterAccuracyChart = memo(function PresenterAccuracyChart({ epochs, plannedEpochs }: { epochs: EpochRow[]; plannedEpochs: number | null }) {
  const { t } = useTranslation('presenter');
  const last = epochs.at(-1);
  const x = useMemo(() => wholeTicks(1, Math.max(epochs.length, last?.epoch ?? 0, plannedEpochs ?? 0), 4), [epochs.length, last?.epoch, plannedEpochs]);
  const y = useMemo(() => niceTicks(ACCURACY_DOMAIN[0], ACCURACY_DOMAIN[1], 3), []);
  const percent = (value: number) => formatNumber(value, { style: 'percent', maximumFractionDigits: 1 });
  const legend = [{ label: t('accuracy.train'), colour: TRAIN_COLOUR }, { label: t('accuracy.validation'), colour: VALIDATION_COLOUR }];
  return (
    <figure className="presenter-chart" aria-label={t('accuracy.label')}>
      <figcaption>
        {last ? t('accuracy.latest', { value: percent(last.validationAccuracy) }) : t('accuracy.empty')}{' '}
        <ChartLegend entries={legend} />
      </figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={epochs} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#4b5563" />
          <XAxis dataKey="epoch" type="number" domain={x.domain} ticks={x.ticks} {...BIG_TICKS} />
          <YAxis domain={y.domain} ticks={y.ticks} width={96} tickFormatter={percent} {...BIG_TICKS} />
          <Line type="linear" dataKey="trainAccuracy" stroke={TRAIN_COLOUR} strokeWidth={4} isAnimationActive={false} />
          <Line type="linear" dataKey="validationAccuracy" stroke={VALIDATION_COLOUR} strokeWidth={4} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
