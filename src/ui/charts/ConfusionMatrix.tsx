import type { DatasetSummary } from '../../contract';
import { memo, useEffect, useState } from 'react';
import { useStudio } from '../../store/studioStore';
import { classReport } from '../../store/confusion';
import { REDRAW_SLOT_MS, useStaggeredValue } from './useStaggeredValue';
import { OpenableImages, type OpenableImage } from './OpenableImages';

/** The most images a cell shows at once (a cell of a large split can hold hundreds). */
const MAX_SHOWN = 24;

/** A cell of the matrix: true class × predicted class. */
interface Cell {
  truth: number;
  predicted: number;
}

/** Validation confusion matrix of the latest epoch, with per-class precision and recall; a cell opens its images. */
export function ConfusionMatrix() {
  const dataset = useStudio((s) => s.dataset);
  // Staggered: the table is rebuilt in its own background task after each epoch.
  const predictions = useStaggeredValue(useStudio((s) => s.validationPredictions), REDRAW_SLOT_MS.confusion);
  return <ConfusionMatrixView dataset={dataset} predictions={predictions} />;
}

const ConfusionMatrixView = memo(function ConfusionMatrixView({ dataset, predictions }: { dataset: DatasetSummary | null; predictions: number[] | null }) {
  const [cell, setCell] = useState<Cell | null>(null);
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
                <td key={p} className={p === t ? 'diagonal' : undefined} style={{ background: `rgba(31, 111, 235, ${(0.6 * count) / max})` }}>
                  <button
                    type="button" className="cell-button" aria-label={cellName(count, names, { truth: t, predicted: p })}
                    aria-pressed={cell?.truth === t && cell.predicted === p}
                    onClick={() => setCell(cell?.truth === t && cell.predicted === p ? null : { truth: t, predicted: p })}
                  >{count}</button>
                </td>
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
      {cell && <CellImages key={`${cell.truth}-${cell.predicted}`} dataset={dataset} predictions={predictions} cell={cell} />}
    </figure>
  );
});

const className = (names: string[], k: number) => names[k] ?? `class ${k + 1}`;

function cellName(count: number, names: string[], { truth, predicted }: Cell): string {
  return `${count} image${count === 1 ? '' : 's'} of ${className(names, truth)} predicted as ${className(names, predicted)}`;
}

/** The validation images of one cell, each openable with its heatmap. */
function CellImages({ dataset, predictions, cell }: { dataset: DatasetSummary; predictions: number[]; cell: Cell }) {
  const fetchValidationImages = useStudio((s) => s.fetchValidationImages);
  const [items, setItems] = useState<OpenableImage[] | null>(null);
  const positions = predictions.flatMap((p, i) => (p === cell.predicted && dataset.validationLabels[i] === cell.truth ? [i] : []));
  const shownKey = positions.slice(0, MAX_SHOWN).join(',');
  const name = cellName(positions.length, dataset.classNames, cell);
  const label = `${className(dataset.classNames, cell.truth)} predicted as ${className(dataset.classNames, cell.predicted)}`;
  useEffect(() => {
    let cancelled = false;
    const shown = shownKey === '' ? [] : shownKey.split(',').map(Number);
    setItems(null);
    void fetchValidationImages(shown).then((previews) => {
      if (!cancelled) setItems(previews.map((image, i) => ({ key: shown[i] ?? i, image, label: `${label} (validation image ${(shown[i] ?? i) + 1})` })));
    });
    return () => { cancelled = true; };
  }, [shownKey, label, fetchValidationImages]);
  return (
    <figure className="gallery cell-images" aria-label={`Images of ${label}`}>
      <figcaption>
        {name}{positions.length > MAX_SHOWN ? ` (the first ${MAX_SHOWN} shown)` : ''}
        {positions.length > 0 ? ': open one to see its heatmap.' : '.'}
      </figcaption>
      {items === null && positions.length > 0 ? <p role="status">Loading the images of this cell…</p> : <OpenableImages items={items ?? []} />}
    </figure>
  );
}
