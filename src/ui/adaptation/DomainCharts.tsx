import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochRow } from '../../contract';
import { ChartLegend } from '../charts/ChartLegend';
import { CHART_MARGIN, niceTicks, wholeTicks } from '../charts/ticks';
import { FIXED_TICKS } from '../charts/fixedTicks';
import { useEpochChartInputs } from '../charts/epochChartInputs';
import { REDRAW_SLOT_MS } from '../charts/useStaggeredValue';
import { domainColumns } from './DomainColumns';

const SOURCE_COLOUR = '#e8762d';
const TARGET_COLOUR = '#2da44e';
const DOMAIN_COLOUR = '#8250df';
const MMD_COLOUR = '#1f6feb';

/**
 * Per-epoch curves of a run with a target domain (issue 22): source (validation) and target accuracy,
 * DANN's domain-classifier accuracy, and the MMD between the domains' features. Nothing without a target.
 */
export function DomainCharts() {
  const { epochs, plannedEpochs } = useEpochChartInputs(REDRAW_SLOT_MS.domain);
  const shown = domainColumns(epochs);
  if (!shown.target) return null;
  return <DomainChartPair epochs={epochs} plannedEpochs={plannedEpochs} domain={shown.domain} />;
}

const DomainChartPair = memo(function DomainChartPair({ epochs, plannedEpochs, domain }: { epochs: EpochRow[]; plannedEpochs: number | null; domain: boolean }) {
  const { t } = useTranslation('adaptation');
  const lastEpoch = Math.max(epochs.length, epochs[epochs.length - 1]?.epoch ?? 0, plannedEpochs ?? 0);
  const x = useMemo(() => wholeTicks(1, lastEpoch), [lastEpoch]);
  const accuracy = useMemo(() => niceTicks(0, 1), []);
  const highestMmd = epochs.map((e) => e.mmd ?? 0).filter(Number.isFinite).reduce((a, b) => Math.max(a, b), 0);
  const mmdTicks = useMemo(() => niceTicks(0, highestMmd > 0 ? highestMmd : 1), [highestMmd]);
  const lines = [
    { key: 'validationAccuracy', label: t('domain.chart.source'), colour: SOURCE_COLOUR },
    { key: 'targetAccuracy', label: t('domain.chart.target'), colour: TARGET_COLOUR },
    ...(domain ? [{ key: 'domainAccuracy', label: t('domain.chart.domain'), colour: DOMAIN_COLOUR }] : []),
  ];
  return (
    <div className="epoch-charts domain-charts">
      <figure className="chart" aria-label={t('domain.chart.accuracyLabel')}>
        <figcaption>{t('domain.chart.accuracyTitle')} <ChartLegend entries={lines} /></figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <LineChart data={epochs} margin={CHART_MARGIN}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="epoch" type="number" domain={x.domain} ticks={x.ticks} {...FIXED_TICKS} />
            <YAxis domain={accuracy.domain} ticks={accuracy.ticks} width={44} {...FIXED_TICKS} />
            <Tooltip />
            {lines.map((l) => <Line key={l.key} type="linear" dataKey={l.key} name={l.label} stroke={l.colour} isAnimationActive={false} />)}
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" aria-label={t('domain.chart.mmdLabel')}>
        <figcaption>{t('domain.chart.mmdTitle')} <ChartLegend entries={[{ label: t('domain.chart.mmd'), colour: MMD_COLOUR }]} /></figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <LineChart data={epochs} margin={CHART_MARGIN}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="epoch" type="number" domain={x.domain} ticks={x.ticks} {...FIXED_TICKS} />
            <YAxis domain={mmdTicks.domain} ticks={mmdTicks.ticks} width={44} {...FIXED_TICKS} />
            <Tooltip />
            <Line type="linear" dataKey="mmd" name={t('domain.chart.mmd')} stroke={MMD_COLOUR} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
});
