import type { EpochRow } from '../../contract';
import { useTranslation } from 'react-i18next';
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from './ChartLegend';
import { CHART_MARGIN, niceTicks, sameTicks, wholeTicks } from './ticks';
import { useStableValue } from '../common/useStableValue';
import { FIXED_TICKS } from './fixedTicks';
import { REDRAW_SLOT_MS } from './useStaggeredValue';
import { useEpochChartInputs } from './epochChartInputs';
import { DomainCharts } from '../adaptation/DomainCharts';

const TRAIN_COLOUR = '#1f6feb';
const VALIDATION_COLOUR = '#e8762d';

const LOSS_DOMAIN: [number, 'auto'] = [0, 'auto'];
const ACCURACY_DOMAIN: [number, number] = [0, 1];

/** Per-epoch train vs validation curves: where over- and underfitting are read. */
export function EpochCharts() {
  const { t } = useTranslation('charts');
  // Staggered like the loss chart: each redrawn in its own background task. The epoch axis spans the epochs the
  // run plans, as the step axis spans its steps (see stepAxisEnd).
  const loss = useEpochChartInputs(REDRAW_SLOT_MS.epochLoss);
  const accuracy = useEpochChartInputs(REDRAW_SLOT_MS.epochAccuracy);
  return (
    <div className="epoch-charts">
      <EpochChart title={t('epoch.lossTitle')} label={t('epoch.lossLabel')} {...loss} train="trainLoss" validation="validationLoss" domain={LOSS_DOMAIN} />
      <EpochChart title={t('epoch.accuracyTitle')} label={t('epoch.accuracyLabel')} {...accuracy} train="trainAccuracy" validation="validationAccuracy" domain={ACCURACY_DOMAIN} />
      <DomainCharts />
    </div>
  );
}

interface EpochChartProps {
  title: string;
  label: string;
  epochs: EpochRow[];
  plannedEpochs: number | null;
  train: keyof EpochRow;
  validation: keyof EpochRow;
  domain: [number, number | 'auto'];
}

/** Axes memoised on their ends: recharts re-registers an axis handed new tick arrays, a further redraw. */
const EpochChart = memo(function EpochChart({ title, label, epochs, plannedEpochs, train, validation, domain }: EpochChartProps) {
  const { t } = useTranslation('charts');
  const lastEpoch = Math.max(epochs.length, epochs[epochs.length - 1]?.epoch ?? 0, plannedEpochs ?? 0);
  const highest = epochs.flatMap((e) => [Number(e[train]), Number(e[validation])]).filter(Number.isFinite).reduce((max, v) => Math.max(max, v), 0);
  const top = domain[1] === 'auto' ? highest : domain[1];
  const x = useMemo(() => wholeTicks(1, lastEpoch), [lastEpoch]);
  // A new epoch whose values keep the same ticks does not redraw the axes.
  const y = useStableValue(niceTicks(domain[0], top), sameTicks);
  return (
    <figure className="chart" aria-label={label}>
      <figcaption>{title} <ChartLegend entries={[{ label: t('epoch.train'), colour: TRAIN_COLOUR }, { label: t('epoch.validation'), colour: VALIDATION_COLOUR }]} /></figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={epochs} margin={CHART_MARGIN}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="epoch" type="number" domain={x.domain} ticks={x.ticks} {...FIXED_TICKS} />
          <YAxis domain={y.domain} ticks={y.ticks} width={44} {...FIXED_TICKS} />
          <Tooltip />
          <Line type="linear" dataKey={train} name={t('epoch.train')} stroke={TRAIN_COLOUR} isAnimationActive={false} />
          <Line type="linear" dataKey={validation} name={t('epoch.validation')} stroke={VALIDATION_COLOUR} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
