import type { DatasetSummary } from '../../contract';
import { useTranslation } from 'react-i18next';
import { formatNumber, i18n } from '../../common/i18n/i18n';
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
  const { t } = useTranslation('charts');
  const [cell, setCell] = useState<Cell | null>(null);
  if (!dataset || !predictions || predictions.length !== dataset.validationLabels.length) return null;
  const names = dataset.classNames;
  const report = classReport(dataset.validationLabels, predictions, names.length);
  const max = Math.max(1, ...report.matrix.flat());
  return (
    <figure className="confusion" aria-label={t('confusion.label')}>
      <figcaption>{t('confusion.caption')}</figcaption>
      <table aria-label={t('confusion.tableLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('confusion.corner')}</th>
            {names.map((n) => <th scope="col" key={n}>{n}</th>)}
            <th scope="col">{t('confusion.recall')}</th>
          </tr>
        </thead>
        <tbody>
          {report.matrix.map((row, truth) => (
            <tr key={names[truth]}>
              <th scope="row">{names[truth]}</th>
              {row.map((count, p) => (
                <td key={p} className={p === truth ? 'diagonal' : undefined} style={{ background: `rgba(31, 111, 235, ${(0.6 * count) / max})` }}>
                  <button
                    type="button" className="cell-button" aria-label={cellName(count, names, { truth, predicted: p })}
                    aria-pressed={cell?.truth === truth && cell.predicted === p}
                    onClick={() => setCell(cell?.truth === truth && cell.predicted === p ? null : { truth, predicted: p })}
                  >{count}</button>
                </td>
              ))}
              <td>{wholePercent(report.recall[truth] ?? 0)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('confusion.precision')}</th>
            {report.precision.map((p, i) => <td key={i}>{wholePercent(p)}</td>)}
            <td />
          </tr>
        </tbody>
      </table>
      {cell && <CellImages key={`${cell.truth}-${cell.predicted}`} dataset={dataset} predictions={predictions} cell={cell} />}
    </figure>
  );
});

const className = (names: string[], k: number) => names[k] ?? i18n.t('charts:className', { number: k + 1 });
const wholePercent = (share: number) => formatNumber(share, { style: 'percent', maximumFractionDigits: 0 });

function cellName(count: number, names: string[], { truth, predicted }: Cell): string {
  return i18n.t('charts:confusion.cell', { count, truth: className(names, truth), predicted: className(names, predicted) });
}

/** The validation images of one cell, each openable with its heatmap. */
function CellImages({ dataset, predictions, cell }: { dataset: DatasetSummary; predictions: number[]; cell: Cell }) {
  const { t } = useTranslation('charts');
  const fetchValidationImages = useStudio((s) => s.fetchValidationImages);
  const [items, setItems] = useState<OpenableImage[] | null>(null);
  const positions = predictions.flatMap((p, i) => (p === cell.predicted && dataset.validationLabels[i] === cell.truth ? [i] : []));
  const shownKey = positions.slice(0, MAX_SHOWN).join(',');
  const name = cellName(positions.length, dataset.classNames, cell);
  const label = t('predictedAs', { truth: className(dataset.classNames, cell.truth), predicted: className(dataset.classNames, cell.predicted) });
  useEffect(() => {
    let cancelled = false;
    const shown = shownKey === '' ? [] : shownKey.split(',').map(Number);
    setItems(null);
    void fetchValidationImages(shown).then((previews) => {
      if (!cancelled) setItems(previews.map((image, i) => ({ key: shown[i] ?? i, image, label: t('confusion.imageLabel', { label, number: (shown[i] ?? i) + 1 }) })));
    });
    return () => { cancelled = true; };
  }, [shownKey, label, fetchValidationImages, t]);
  return (
    <figure className="gallery cell-images" aria-label={t('imagesOf', { label })}>
      <figcaption>
        {name}{positions.length > MAX_SHOWN ? t('confusion.firstShown', { shown: MAX_SHOWN }) : ''}
        {positions.length > 0 ? t('confusion.openOne') : '.'}
      </figcaption>
      {items === null && positions.length > 0 ? <p role="status">{t('confusion.loading')}</p> : <OpenableImages items={items ?? []} />}
    </figure>
  );
}
