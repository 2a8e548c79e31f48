import { useId, useState } from 'react';
import type { EpochRow } from '../../contract';
import { useStudio } from '../../store/studioStore';
import { hasPenalty, hasSourceAccuracy, SourceCells, SourceHeaders } from '../adaptation/SourceColumns';

const percent = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)}%`);

/** The epoch history; with the toggle on, one more column per class: its validation accuracy that epoch (the class-imbalance lesson's table). */
export function EpochTable() {
  const epochs = useStudio((s) => s.epochs);
  const dataset = useStudio((s) => s.dataset);
  const [perClass, setPerClass] = useState(false);
  const toggleId = useId();
  if (epochs.length === 0) return null;
  const classes = perClass ? dataset?.classNames ?? [] : [];
  const extra = { source: hasSourceAccuracy(epochs), penalty: hasPenalty(epochs) };
  return (
    <div className="epoch-history">
      <label htmlFor={toggleId} className="toggle">
        <input id={toggleId} type="checkbox" role="switch" checked={perClass} onChange={(e) => setPerClass(e.target.checked)} />{' '}
        Show per-class accuracy
      </label>
      <table className="epoch-table" aria-label="Epoch history">
        <thead>
          <tr>
            <th scope="col">Epoch</th><th scope="col">Train loss</th><th scope="col">Train acc</th>
            <th scope="col">Val loss</th><th scope="col">Val acc</th>
            {classes.map((name, c) => <th key={c} scope="col" data-class-column={c}>Val acc: {name}</th>)}
            <SourceHeaders {...extra} />
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {epochs.map((e) => <EpochTableRow key={e.epoch} row={e} classes={classes.length} extra={extra} />)}
        </tbody>
      </table>
    </div>
  );
}

function EpochTableRow({ row: e, classes, extra }: { row: EpochRow; classes: number; extra: { source: boolean; penalty: boolean } }) {
  return (
    <tr>
      <td data-metric="epoch">{e.epoch}</td>
      <td data-metric="trainLoss">{e.trainLoss.toFixed(4)}</td>
      <td>{percent(e.trainAccuracy)}</td>
      <td data-metric="validationLoss">{e.validationLoss.toFixed(4)}</td>
      <td data-metric="validationAccuracy">{percent(e.validationAccuracy)}</td>
      {Array.from({ length: classes }, (_, c) => <td key={c} data-metric="classAccuracy">{percent(e.validationClassAccuracy?.[c])}</td>)}
      <SourceCells row={e} {...extra} />
      <td>{e.seconds.toFixed(1)} s</td>
    </tr>
  );
}
