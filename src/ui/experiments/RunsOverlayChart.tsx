import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useExperiments, type OverlayMetric } from '../../store/experimentsStore';

const METRICS: { id: OverlayMetric; label: string }[] = [
  { id: 'validationAccuracy', label: 'Validation accuracy' },
  { id: 'validationLoss', label: 'Validation loss' },
  { id: 'trainAccuracy', label: 'Train accuracy' },
  { id: 'trainLoss', label: 'Train loss' },
];
const COLOURS = ['#1f6feb', '#e8762d', '#1a7f37', '#8250df', '#c0392b', '#0a7ea4', '#b08800', '#57606a'];

/** The chosen runs' epoch curves on one chart: the comparison a class discusses. */
export function RunsOverlayChart() {
  const runs = useExperiments((s) => s.runs);
  const overlay = useExperiments((s) => s.overlay);
  const metric = useExperiments((s) => s.overlayMetric);
  const setMetric = useExperiments((s) => s.setOverlayMetric);
  const shown = runs.filter((r) => overlay.includes(r.id));
  if (runs.length === 0) return null;
  const maxEpoch = Math.max(0, ...shown.map((r) => r.epochs.length > 0 ? r.epochs[r.epochs.length - 1].epoch : 0));
  const data = Array.from({ length: maxEpoch }, (_, i) => {
    const row: Record<string, number> = { epoch: i + 1 };
    for (const run of shown) {
      const point = run.epochs.find((e) => e.epoch === i + 1);
      if (point) row[run.id] = point[metric];
    }
    return row;
  });
  const accuracy = metric.endsWith('Accuracy');
  return (
    <figure className="chart" aria-label="Runs overlay chart">
      <figcaption>
        <label>
          Compare runs by{' '}
          <select aria-label="Overlay metric" value={metric} onChange={(e) => setMetric(e.target.value as OverlayMetric)}>
            {METRICS.map((m) => <option key={m.id} value={m.id}>{m.label}</option>)}
          </select>
        </label>{' '}
        <span className="chart-summary">({shown.length} of {runs.length} runs shown)</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" allowDecimals={false} />
          <YAxis domain={accuracy ? [0, 1] : [0, 'auto']} width={44} />
          <Tooltip />
          <Legend />
          {shown.map((run, i) => (
            <Line key={run.id} dataKey={run.id} name={run.label} stroke={COLOURS[i % COLOURS.length]} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
