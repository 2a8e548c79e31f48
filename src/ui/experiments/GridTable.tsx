import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../common/i18n/i18n';
import type { GridSequence } from '../../contract';
import type { GridRow, Stat } from '../../store/gridResults';
import { saveFile } from '../common/saveFile';

/** One column of a grid or lesson table: its header, its cell, and the value it sorts by. */
export interface GridColumn {
  id: string;
  header: string;
  cell: (row: GridRow) => string;
  sortValue: (row: GridRow) => number | string | null;
}

/** "91.7%" or, over several seeds, "91.7% ± 1.2". */
export function percentCell(s: Stat | null): string {
  if (!s) return '—';
  const mean = `${formatNumber(s.mean * 100, { maximumFractionDigits: 1, minimumFractionDigits: 1 })}%`;
  return s.n > 1 ? `${mean} ± ${formatNumber(s.spread * 100, { maximumFractionDigits: 1, minimumFractionDigits: 1 })}` : mean;
}

export function numberCell(s: Stat | null, digits = 2): string {
  if (!s) return '—';
  const mean = formatNumber(s.mean, { maximumFractionDigits: digits });
  return s.n > 1 ? `${mean} ± ${formatNumber(s.spread, { maximumFractionDigits: digits })}` : mean;
}

/** A sortable table of a grid's rows, with its CSV and JSON downloads. */
export function GridTable({ name, sequence, rows, columns, csv, json }: {
  name: string;
  sequence: GridSequence;
  rows: GridRow[];
  columns: GridColumn[];
  csv: () => string;
  json: () => string;
}) {
  const { t } = useTranslation('lessons');
  const [sort, setSort] = useState<{ id: string; descending: boolean } | null>(null);
  const column = columns.find((c) => c.id === sort?.id);
  const shown = column && sort ? [...rows].sort((a, b) => {
    const [x, y] = [column.sortValue(a), column.sortValue(b)];
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    const order = x < y ? -1 : 1;
    return sort.descending ? -order : order;
  }) : rows;
  const file = `thaw-${sequence.kind}-${new Date(sequence.startedAt).toISOString().slice(0, 16).replace(/[:T]/g, '-')}`;
  return (
    <div className="grid-table">
      <table aria-label={name}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.id} scope="col" aria-sort={sort?.id === c.id ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" className="sort" onClick={() => setSort({ id: c.id, descending: sort?.id === c.id ? !sort.descending : true })}>
                  {c.header}{sort?.id === c.id ? (sort.descending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={JSON.stringify(row.values)}>
              {columns.map((c, i) => (i === 0 ? <th key={c.id} scope="row">{c.cell(row)}</th> : <td key={c.id}>{c.cell(row)}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="buttons">
        <button type="button" onClick={() => saveFile(`${file}.csv`, csv(), 'text/csv')}>{t('table.downloadCsv')}</button>
        <button type="button" onClick={() => saveFile(`${file}.json`, json(), 'application/json')}>{t('table.downloadJson')}</button>
      </div>
    </div>
  );
}
