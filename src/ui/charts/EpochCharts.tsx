import { memo, useDeferredValue } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useStudio } from '../../store/studioStore';
import type { EpochPoint } from '../../store/chartSeries';

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
  return (
    <figure className="chart" aria-label={label}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={epochs} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" allowDecimals={false} />
          <YAxis domain={domain} width={44} />
          <Tooltip />
          <Legend />
          <Line dataKey={train} name="train" stroke="#1f6feb" isAnimationActive={false} />
          <Line dataKey={validation} name="validation" stroke="#e8762d" isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
