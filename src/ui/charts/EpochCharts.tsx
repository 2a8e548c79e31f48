import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useStudio } from '../../store/studioStore';

/** Per-epoch train vs validation curves: where over- and underfitting are read. */
export function EpochCharts() {
  const epochs = useStudio((s) => s.epochs);
  return (
    <div className="epoch-charts">
      <figure className="chart" aria-label="Epoch loss chart">
        <figcaption>Loss per epoch</figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <LineChart data={epochs} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="epoch" allowDecimals={false} />
            <YAxis domain={[0, 'auto']} width={44} />
            <Tooltip />
            <Legend />
            <Line dataKey="trainLoss" name="train" stroke="#1f6feb" isAnimationActive={false} />
            <Line dataKey="validationLoss" name="validation" stroke="#e8762d" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" aria-label="Epoch accuracy chart">
        <figcaption>Accuracy per epoch</figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <LineChart data={epochs} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="epoch" allowDecimals={false} />
            <YAxis domain={[0, 1]} width={44} />
            <Tooltip />
            <Legend />
            <Line dataKey="trainAccuracy" name="train" stroke="#1f6feb" isAnimationActive={false} />
            <Line dataKey="validationAccuracy" name="validation" stroke="#e8762d" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
