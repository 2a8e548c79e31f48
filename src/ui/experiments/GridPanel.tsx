import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TRAINING_FORM, type GridAxis, type GridSetting, type GridValue } from '../../contract';
import { GRID_FORM_FIELDS, GRID_MAX_AXES, gridRefusal } from '../../store/grid';
import { useGrid } from '../../store/gridStore';
import { gridCsv, gridJson, gridRows, rowStat, type FigureKey } from '../../store/gridResults';
import { useExperiments } from '../../store/experimentsStore';
import { GridOverlayChart } from './GridOverlayChart';
import { GridTable, numberCell, percentCell, type GridColumn } from './GridTable';
import { GridProgressLine } from './GridProgressLine';
import { useBusy } from '../flow/useBusy';
import { REDRAW_SLOT_MS, useStaggeredValue } from '../charts/useStaggeredValue';

/** What an axis picker offers: the special settings, then every training-form field by name. */
const SETTING_CHOICES = ['preset', 'backbone', 'augmentation', 'unfreezing', ...GRID_FORM_FIELDS.map((f) => `field:${f}`)];

function settingOf(choice: string): GridSetting | null {
  if (choice === '') return null;
  if (choice.startsWith('field:')) return { kind: 'field', field: choice.slice(6) };
  return { kind: choice as 'preset' | 'backbone' | 'augmentation' | 'unfreezing' };
}

/** "0.001, 0.01" → [0.001, 0.01] for a numeric form field; names stay text. */
function valuesOf(setting: GridSetting, text: string): GridValue[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const numeric = setting.kind === 'field' && typeof DEFAULT_TRAINING_FORM[setting.field as keyof typeof DEFAULT_TRAINING_FORM] === 'number';
  return parts.map((p) => (numeric && p !== '' && Number.isFinite(Number(p)) ? Number(p) : p));
}

/** The figures every grid table shows, after the axes. */
const FIGURES: { key: FigureKey; percent: boolean }[] = [
  { key: 'bestValidationAccuracy', percent: true },
  { key: 'finalValidationAccuracy', percent: true },
  { key: 'testAccuracy', percent: true },
  { key: 'secondsPerEpoch', percent: false },
  { key: 'trainablePercent', percent: false },
  { key: 'gap', percent: true },
];

/** The experiment grid: up to three settings and their values, with seeds; every combination runs and fills one table. */
export function GridPanel() {
  const { t } = useTranslation('lessons');
  const [picks, setPicks] = useState<{ choice: string; values: string }[]>(
    [{ choice: 'preset', values: 'feature-extraction, full' }, { choice: '', values: '' }, { choice: '', values: '' }],
  );
  const [seedText, setSeedText] = useState('1');
  const sequence = useGrid((s) => s.sequences.grid);
  const progress = useGrid((s) => s.progress);
  const start = useGrid((s) => s.start);
  const resume = useGrid((s) => s.resume);
  const load = useGrid((s) => s.load);
  // Runs change at every epoch of a run: redrawn in their own slot, and not while off screen during a run.
  const runs = useStaggeredValue(useExperiments((s) => s.runs), REDRAW_SLOT_MS.runs);
  const busy = useBusy();
  useEffect(() => { void load(); }, [load]);

  const axes: GridAxis[] = picks.flatMap((p) => {
    const setting = settingOf(p.choice);
    return setting ? [{ setting, values: valuesOf(setting, p.values) }] : [];
  });
  const seeds = seedText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const refusal = gridRefusal(axes, seeds);
  const total = refusal ? 0 : axes.reduce((n, a) => n * a.values.length, 1) * seeds.length;
  const rows = useMemo(() => (sequence ? gridRows(sequence, runs) : []), [sequence, runs]);
  const columns: GridColumn[] = sequence ? [
    ...sequence.axes.map((axis, i): GridColumn => ({
      id: `axis${i}`, header: axis.setting.kind === 'field' ? axis.setting.field : t(`grid.setting.${axis.setting.kind}`),
      cell: (row) => String(row.values[i] ?? ''), sortValue: (row) => row.values[i] ?? null,
    })),
    { id: 'runs', header: t('grid.runs'), cell: (row) => `${row.runs.length} / ${row.planned}`, sortValue: (row) => row.runs.length },
    ...FIGURES.map(({ key, percent }): GridColumn => ({
      id: key, header: t(`figures.${key}`),
      cell: (row) => (percent ? percentCell(rowStat(row, key)) : numberCell(rowStat(row, key), key === 'trainablePercent' ? 1 : 2)),
      sortValue: (row) => rowStat(row, key)?.mean ?? null,
    })),
  ] : [];
  if (columns.length > 0 && sequence?.axes.length === 0) columns.unshift({ id: 'all', header: t('grid.combination'), cell: () => t('grid.allRuns'), sortValue: () => 0 });
  const resumable = sequence?.status === 'running' && progress === null;
  return (
    <section className="panel grid" aria-labelledby="grid-heading">
      <h2 id="grid-heading">{t('grid.heading')}</h2>
      <p className="hint">{t('grid.intro')}</p>
      {picks.map((pick, i) => (
        <div key={i} className="grid-axis">
          <label>
            {t('grid.settingLabel', { n: i + 1 })}{' '}
            <select value={pick.choice} onChange={(e) => setPicks(picks.map((p, k) => (k === i ? { choice: e.target.value, values: '' } : p)))}>
              <option value="">{t('grid.none')}</option>
              {SETTING_CHOICES.map((c) => (
                <option key={c} value={c}>{c.startsWith('field:') ? c.slice(6) : t(`grid.setting.${c}`)}</option>
              ))}
            </select>
          </label>{' '}
          <label>
            {t('grid.valuesLabel', { n: i + 1 })}{' '}
            <input type="text" value={pick.values} disabled={pick.choice === ''} placeholder={pick.choice === '' ? '' : t(`grid.placeholder.${pick.choice.startsWith('field:') ? 'field' : pick.choice}`)}
              onChange={(e) => setPicks(picks.map((p, k) => (k === i ? { ...p, values: e.target.value } : p)))} />
          </label>
        </div>
      ))}
      <label>
        {t('grid.seeds')}{' '}
        <input type="text" value={seedText} onChange={(e) => setSeedText(e.target.value)} />
      </label>
      <div className="buttons">
        <button type="button" disabled={busy || progress !== null || refusal !== null}
          onClick={() => void start({ kind: 'grid', title: t('grid.runTitle'), axes, seeds, fixed: { form: {} } })}>
          {t('grid.run', { count: total })}
        </button>
        {resumable && sequence && (
          <button type="button" disabled={busy} onClick={() => void resume('grid')}>
            {t('grid.resume', { k: sequence.runIds.filter((id) => id !== null).length + 1, total: sequence.combinations.length })}
          </button>
        )}
      </div>
      {refusal && <p className="hint" role="note">{t('grid.refused', { reason: refusal, max: GRID_MAX_AXES })}</p>}
      <GridProgressLine kind="grid" name={t('grid.progressName')} />
      {sequence && rows.length > 0 && (
        <>
          <GridOverlayChart name={t('grid.chartName')} rows={rows} />
          <GridTable name={t('grid.tableName')} sequence={sequence} rows={rows} columns={columns}
            csv={() => gridCsv(sequence, rows, FIGURES.map((f) => f.key))} json={() => gridJson(sequence, rows)} />
        </>
      )}
    </section>
  );
}
