import type { Prediction } from '../../contract';

/** The top classes of the latest live frame as bars over the video; the widest bar is the model's answer. */
export function LiveBars({ predictions }: { predictions: Prediction[] }) {
  return (
    <ol className="live-bars" aria-label="Live predictions">
      {predictions.map((p) => (
        <li key={p.label} data-label={p.label} data-probability={p.probability}>
          <span className="live-bar" style={{ width: `${Math.round(p.probability * 100)}%` }} />
          <span className="live-label">{p.label} {(p.probability * 100).toFixed(0)}%</span>
        </li>
      ))}
    </ol>
  );
}
