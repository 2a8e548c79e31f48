import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { GridRow } from '../../store/gridResults';
import { ChartLegend } from '../charts/ChartLegend';
import { FIXED_TICKS } from '../charts/fixedTicks';
import { CHART_MARGIN, niceTicks, wholeTicks } from '../charts/ticks';

const COLOURS = ['#1f6feb', '#e8762d', '#1a7f37', '#8250df', '#c0392b', '#0a7ea4', '#b08800', '#57606a'];
const colourOf = (i: number): string => COLOURS.at(i % COLOURS.length) ?? '#1f6feb';

/**
 * The runs of a grid or lesson overlaid: validation accuracy per epoch, one line per run, and (with
 * `thaws`) a dashed marker after the epoch each block thawed, in its run's colour.
 */
export function GridOverlayChart({ name, rows, thaws = false }: { name: string; rows: GridRow[]; thaws?: boolean }) {
  const { t } = useTranslation('lessons');
  const runs = rows.flatMap((row) => row.runs.map((run, i) => ({ run, label: row.runs.length > 1 ? t('runWithSeed', { label: row.label || run.label, seed: run.config.seed }) : row.label || run.label, figures: row.figures[i] })));
  const maxEpoch = Math.max(1, ...runs.map((r) => r.run.epochs.at(-1)?.epoch ?? 0));
  const data = Array.from({ length: maxEpoch }, (_, i) => {
    const point: Record<string, number> = { epoch: i + 1 };
    for (const { run } of runs) {
      const e = run.epochs.find((row) => row.epoch === i + 1);
      if (e && Number.isFinite(e.validationAccuracy)) point[run.id] = e.validationAccuracy;
    }
    return point;
  });
  const x = useMemo(() => wholeTicks(1, maxEpoch), [maxEpoch]);
  const y = useMemo(() => niceTicks(0, 1), []);
  if (runs.length === 0) return null;
  return (
    <figure className="chart" aria-label={name}>
      <figcaption>
        {t('chart.caption')}{' '}
        <ChartLegend entries={runs.map((r, i) => ({ label: r.label, colour: colourOf(i) }))} />
      </figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={CHART_MARGIN}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="epoch" type="number" domain={x.domain} ticks={x.ticks} {...FIXED_TICKS} />
          <YAxis domain={y.domain} ticks={y.ticks} width={44} {...FIXED_TICKS} />
          {runs.map((r, i) => <Line key={r.run.id} dataKey={r.run.id} name={r.label} stroke={colourOf(i)} dot={{ r: 2 }} isAnimationActive={false} connectNulls />)}
          {thaws && runs.flatMap((r, i) => (r.figures?.thaws ?? []).map((thaw, k) => (
            <ReferenceLine key={`${r.run.id}-${k}`} x={thaw.epoch} stroke={colourOf(i)} strokeDasharray="4 3" label={{ value: '❄', position: 'top', fill: colourOf(i) }} />
          )))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
