import { useTranslation } from 'react-i18next';
import type { EpochRow } from '../../contract';
import { formatNumber } from '../../common/i18n/i18n';

/** Epoch-table columns of a run with a target domain: target accuracy, MMD, and DANN's domain accuracy. */

export interface DomainColumnsShown {
  target: boolean;
  domain: boolean;
}

export function domainColumns(epochs: readonly EpochRow[]): DomainColumnsShown {
  return { target: epochs.some((e) => e.targetAccuracy !== undefined), domain: epochs.some((e) => e.domainAccuracy !== undefined) };
}

const percent = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : formatNumber(x, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }));
const small = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : formatNumber(x, { maximumSignificantDigits: 3 }));

export function DomainHeaders({ target, domain }: DomainColumnsShown) {
  const { t } = useTranslation('adaptation');
  return (
    <>
      {target && <th scope="col" title={t('domain.columns.targetTitle')}>{t('domain.columns.target')}</th>}
      {target && <th scope="col" title={t('domain.columns.mmdTitle')}>{t('domain.columns.mmd')}</th>}
      {domain && <th scope="col" title={t('domain.columns.domainTitle')}>{t('domain.columns.domain')}</th>}
    </>
  );
}

export function DomainCells({ row, target, domain }: { row: EpochRow } & DomainColumnsShown) {
  return (
    <>
      {target && <td data-metric="targetAccuracy">{percent(row.targetAccuracy)}</td>}
      {target && <td data-metric="mmd">{small(row.mmd)}</td>}
      {domain && <td data-metric="domainAccuracy">{percent(row.domainAccuracy)}</td>}
    </>
  );
}
