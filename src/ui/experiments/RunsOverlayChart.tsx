import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useExperiments, type OverlayMetric } from '../../store/experimentsStore';
import { useStudio } from '../../store/studioStore';
import { ChartLegend } from '../charts/ChartLegend';
import { FIXED_TICKS } from '../charts/fixedTicks';
import { CHART_MARGIN, niceTicks, wholeTicks } from '../charts/ticks';
import { REDRAW_SLOT_MS, useStaggeredValue } from '../charts/useStaggeredValue';

const METRICS: OverlayMetric[] = ['validationAccuracy', 'validationLoss', 'trainAccuracy', 'trainLoss'];
const COLOURS = ['#1f6feb', '#e8762d', '#1a7f37', '#8250df', '#c0392b', '#0a7ea4', '#b08800', '#57606a'];
/** The colour of the i-th run shown, the palette repeating (so the fallback is never used). */
const colourOf = (i: number): string => COLOURS.at(i % COLOURS.length) ?? '#1f6feb';

/** The chosen runs' epoch curves on one chart: the comparison a class discusses. */
export function RunsOverlayChart() {
  // The live run's record changes at every epoch: redrawn in its own background task, as the live charts.
  const { t } = useTranslation('experiments');
  const runs = useStaggeredValue(useExperiments((s) => s.runs), REDRAW_SLOT_MS.overlay);
  const overlay = useExperiments((s) => s.overlay);
  const metric = useExperiments((s) => s.overlayMetric);
  const setMetric = useExperiments((s) => s.setOverlayMetric);
  // The live run is on this chart and redraws it at every epoch: no tooltip then, as on the live charts.
  const training = useStaggeredValue(useStudio((s) => s.runState === 'training'), REDRAW_SLOT_MS.overlay);
  const liveRunId = useExperiments((s) => s.liveRunId);
  const shown = runs.filter((r) => overlay.includes(r.id));
  const maxEpoch = Math.max(0, ...shown.map((r) => r.epochs.at(-1)?.epoch ?? 0));
  const data = Array.from({ length: maxEpoch }, (_, i) => {
    const row: Record<string, number> = { epoch: i + 1 };
    for (const run of shown) {
      const point = run.epochs.find((e) => e.epoch === i + 1);
      if (point) row[run.id] = point[metric];
    }
    return row;
  });
  const accuracy = metric.endsWith('Accuracy');
  // The live run's planned epochs keep the axis put while it trains, as on the live charts.
  const live = shown.find((r) => r.id === liveRunId);
  const xEnd = Math.max(maxEpoch, live?.config.epochs ?? 0);
  const yTop = accuracy ? 1 : data.reduce((max, row) => Math.max(max, ...shown.map((run) => row[run.id] ?? 0).filter(Number.isFinite)), 0);
  const x = useMemo(() => wholeTicks(1, xEnd), [xEnd]);
  const y = useMemo(() => niceTicks(0, yTop), [yTop]);
  if (runs.length === 0) return null;
  return (
    <figure className="chart" aria-label={t('overlay.label')}>
      <figcaption>
        <label>
          {t('overlay.by')}{' '}
          <select aria-label={t('overlay.metricLabel')} value={metric} onChange={(e) => setMetric(e.target.value as OverlayMetric)}>
            {METRICS.map((m) => <option key={m} value={m}>{t(`overlay.metrics.${m}`)}</option>)}
          </select>
        </label>{' '}
        <span className="chart-summary">{t('overlay.shown', { shown: shown.length, total: runs.length })}</span>{' '}
        <ChartLegend entries={shown.map((run, i) => ({ label: run.label, colour: colourOf(i) }))} />
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={CHART_MARGIN}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="epoch" type="number" domain={x.domain} ticks={x.ticks} {...FIXED_TICKS} />
          <YAxis domain={y.domain} ticks={y.ticks} width={44} {...FIXED_TICKS} />
          {!training && <Tooltip />}
          {shown.map((run, i) => (
            <Line key={run.id} dataKey={run.id} name={run.label} stroke={colourOf(i)} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
