import { useTranslation } from 'react-i18next';
import type { EpochRow, RunRecord } from '../../contract';
import { formatNumber } from '../../common/i18n/i18n';

/** Columns for the forgetting curve: source-task accuracy (built-in backbone only) and the L2-SP / EWC penalty, shown only when a row has them. */

const percent = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : formatNumber(x, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }));

export function hasSourceAccuracy(epochs: readonly EpochRow[]): boolean {
  return epochs.some((e) => e.sourceAccuracy !== undefined);
}

export function hasPenalty(epochs: readonly EpochRow[]): boolean {
  return epochs.some((e) => e.trainPenalty !== undefined);
}

export function SourceHeaders({ source, penalty }: { source: boolean; penalty: boolean }) {
  const { t } = useTranslation('adaptation');
  return (
    <>
      {source && <th scope="col" title={t('source.title')}>{t('source.column')}</th>}
      {penalty && <th scope="col" title={t('source.penaltyTitle')}>{t('source.penaltyColumn')}</th>}
    </>
  );
}

export function SourceCells({ row, source, penalty }: { row: EpochRow; source: boolean; penalty: boolean }) {
  return (
    <>
      {source && <td data-metric="sourceAccuracy">{percent(row.sourceAccuracy)}</td>}
      {penalty && <td data-metric="trainPenalty">{row.trainPenalty === undefined ? '—' : formatNumber(row.trainPenalty, { maximumSignificantDigits: 3 })}</td>}
    </>
  );
}

/** The runs table's column: source accuracy at a run's last epoch. */
export function runsHaveSourceAccuracy(runs: readonly RunRecord[]): boolean {
  return runs.some((r) => r.epochs.some((e) => e.sourceAccuracy !== undefined));
}

export function RunSourceHeader() {
  const { t } = useTranslation('adaptation');
  return <th scope="col" title={t('source.title')}>{t('source.column')}</th>;
}

export function RunSourceCell({ run }: { run: RunRecord }) {
  return <td data-metric="sourceAccuracy">{percent(run.epochs.at(-1)?.sourceAccuracy)}</td>;
}
