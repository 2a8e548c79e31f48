import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFixed, formatPercent } from '../common/numberFormats';
import type { EpochRow } from '../../contract';
import { useStudio } from '../../store/studioStore';
import { hasPenalty, hasSourceAccuracy, SourceCells, SourceHeaders } from '../adaptation/SourceColumns';
import { DomainCells, DomainHeaders, domainColumns, type DomainColumnsShown } from '../adaptation/DomainColumns';

const percent = formatPercent;

/** The epoch history; with the toggle on, one more column per class: its validation accuracy that epoch (the class-imbalance lesson's table). */
export function EpochTable() {
  const { t } = useTranslation('charts');
  const epochs = useStudio((s) => s.epochs);
  const dataset = useStudio((s) => s.dataset);
  const [perClass, setPerClass] = useState(false);
  const toggleId = useId();
  if (epochs.length === 0) return null;
  const classes = perClass ? dataset?.classNames ?? [] : [];
  const extra = { source: hasSourceAccuracy(epochs), penalty: hasPenalty(epochs), ...domainColumns(epochs) };
  return (
    <div className="epoch-history">
      <label htmlFor={toggleId} className="toggle">
        <input id={toggleId} type="checkbox" role="switch" checked={perClass} onChange={(e) => setPerClass(e.target.checked)} />{' '}
        {t('table.perClass')}
      </label>
      <table className="epoch-table" aria-label={t('table.label')}>
        <thead>
          <tr>
            <th scope="col">{t('table.epoch')}</th><th scope="col">{t('table.trainLoss')}</th><th scope="col">{t('table.trainAccuracy')}</th>
            <th scope="col">{t('table.validationLoss')}</th><th scope="col">{t('table.validationAccuracy')}</th>
            {classes.map((name, c) => <th key={c} scope="col" data-class-column={c}>{t('table.classAccuracy', { name })}</th>)}
            <SourceHeaders {...extra} />
            <DomainHeaders {...extra} />
            <th scope="col">{t('table.time')}</th>
          </tr>
        </thead>
        <tbody>
          {epochs.map((e) => <EpochTableRow key={e.epoch} row={e} classes={classes.length} extra={extra} />)}
        </tbody>
      </table>
    </div>
  );
}

function EpochTableRow({ row: e, classes, extra }: { row: EpochRow; classes: number; extra: { source: boolean; penalty: boolean } & DomainColumnsShown }) {
  return (
    <tr>
      <td data-metric="epoch">{e.epoch}</td>
      <td data-metric="trainLoss">{formatFixed(e.trainLoss, 4)}</td>
      <td>{percent(e.trainAccuracy)}</td>
      <td data-metric="validationLoss">{formatFixed(e.validationLoss, 4)}</td>
      <td data-metric="validationAccuracy">{percent(e.validationAccuracy)}</td>
      {Array.from({ length: classes }, (_, c) => <td key={c} data-metric="classAccuracy">{percent(e.validationClassAccuracy?.[c])}</td>)}
      <SourceCells row={e} {...extra} />
      <DomainCells row={e} {...extra} />
      <td>{formatFixed(e.seconds, 1)} s</td>
    </tr>
  );
}
