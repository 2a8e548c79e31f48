import { memo, useDeferredValue } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useStudio } from '../../store/studioStore';
import type { EpochPoint } from '../../store/chartSeries';
import { ChartLegend } from './ChartLegend';
import { niceTicks, wholeTicks } from './ticks';

const TRAIN_COLOUR = '#1f6feb';
const VALIDATION_COLOUR = '#e8762d';
const LEGEND = [{ label: 'train', colour: TRAIN_COLOUR }, { label: 'validation', colour: VALIDATION_COLOUR }];

const LOSS_DOMAIN: [number, 'auto'] = [0, 'auto'];
const ACCURACY_DOMAIN: [number, number] = [0, 1];

/** Per-epoch train vs validation curves: where over- and underfitting are read. */
export function EpochCharts() {
  // Deferred like the loss chart: redrawn in interruptible background renders.
  const epochs = useDeferredValue(useStudio((s) => s.epochs));
  return (
    <div className="epoch-charts">
      <EpochChart title="Loss per epoch" label="Epoch loss chart" epochs={epochs} train="trainLoss" validation="validationLoss" domain={LOSS_DOMAIN} />
      <EpochChart title="Accuracy per epoch" label="Epoch accuracy chart" epochs={epochs} train="trainAccuracy" validation="validationAccuracy" domain={ACCURACY_DOMAIN} />
    </div>
  );
}

interface EpochChartProps {
  title: string;
  label: string;
  epochs: EpochPoint[];
  train: keyof EpochPoint;
  validation: keyof EpochPoint;
  domain: [number, number | 'auto'];
}

const EpochChart = memo(function EpochChart({ title, label, epochs, train, validation, domain }: EpochChartProps) {
  const x = wholeTicks(1, epochs.length);
  const highest = epochs.flatMap((e) => [Number(e[train]), Number(e[validation])]).filter(Number.isFinite).reduce((max, v) => Math.max(max, v), 0);
  const y = niceTicks(domain[0], domain[1] === 'auto' ? highest : domain[1]);
  return (
    <figure className="chart" aria-label={label}>
      <figcaption>{title} <ChartLegend entries={LEGEND} /></figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={epochs} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="epoch" type="number" domain={x.domain} ticks={x.ticks} />
          <YAxis domain={y.domain} ticks={y.ticks} width={44} />
          <Tooltip />
          <Line type="linear" dataKey={train} name="train" stroke={TRAIN_COLOUR} isAnimationActive={false} />
          <Line type="linear" dataKey={validation} name="validation" stroke={VALIDATION_COLOUR} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
