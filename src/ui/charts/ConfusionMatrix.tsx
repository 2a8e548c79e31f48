import type { DatasetSummary } from '../../contract';
import { memo } from 'react';
import { useStudio } from '../../store/studioStore';
import { classReport } from '../../store/confusion';
import { REDRAW_SLOT_MS, useStaggeredValue } from './useStaggeredValue';

/** Validation confusion matrix of the latest epoch, with per-class precision and recall. */
export function ConfusionMatrix() {
  const dataset = useStudio((s) => s.dataset);
  // Staggered: the table is rebuilt in its own background task after each epoch.
  const predictions = useStaggeredValue(useStudio((s) => s.validationPredictions), REDRAW_SLOT_MS.confusion);
  return <ConfusionMatrixView dataset={dataset} predictions={predictions} />;
}

const ConfusionMatrixView = memo(function ConfusionMatrixView({ dataset, predictions }: { dataset: DatasetSummary | null; predictions: number[] | null }) {
  if (!dataset || !predictions || predictions.length !== dataset.validationLabels.length) return null;
  const names = dataset.classNames;
  const report = classReport(dataset.validationLabels, predictions, names.length);
  const max = Math.max(1, ...report.matrix.flat());
  return (
    <figure className="confusion" aria-label="Confusion matrix">
      <figcaption>Validation confusion matrix (rows: true class, columns: predicted)</figcaption>
      <table aria-label="Confusion matrix table">
        <thead>
          <tr>
            <th scope="col">true \ predicted</th>
            {names.map((n) => <th scope="col" key={n}>{n}</th>)}
            <th scope="col">recall</th>
          </tr>
        </thead>
        <tbody>
          {report.matrix.map((row, t) => (
            <tr key={names[t]}>
              <th scope="row">{names[t]}</th>
              {row.map((count, p) => (
                <td key={p} className={p === t ? 'diagonal' : undefined} style={{ background: `rgba(31, 111, 235, ${(0.6 * count) / max})` }}>{count}</td>
              ))}
              <td>{((report.recall[t] ?? 0) * 100).toFixed(0)}%</td>
            </tr>
          ))}
          <tr>
            <th scope="row">precision</th>
            {report.precision.map((p, i) => <td key={i}>{(p * 100).toFixed(0)}%</td>)}
            <td />
          </tr>
        </tbody>
      </table>
    </figure>
  );
});
