import { MONITOR_LABELS, summarizeRun, type RunSummary } from '../../store/runSummary';
import type { RunRecord } from '../../contract';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatDateTime } from '../../common/i18n/i18n';
import { formatFixed, formatPercent } from '../common/numberFormats';
import { sortedRuns, useExperiments, type RunSortKey } from '../../store/experimentsStore';
import { RunSourceCell, RunSourceHeader, runsHaveSourceAccuracy } from '../adaptation/SourceColumns';
import { selectRunActive } from '../flow/useBusy';
import { useDeferredStudio } from '../common/useDeferredStudio';
import { REDRAW_SLOT_MS, useStaggeredValue } from '../charts/useStaggeredValue';

/** The runs' one meaning of "best" (their best checkpoint's monitor), named in the header; "monitored" when runs differ. */
function bestHeader(runs: RunRecord[], t: TFunction<'experiments'>): string {
  const monitors = new Set(runs.map((run) => summarizeRun(run).best?.monitor).filter((m) => m !== undefined));
  const [only] = monitors;
  return monitors.size === 1 && only ? t('columns.best', { monitor: t(`monitors.${only}`, { defaultValue: MONITOR_LABELS[only] }) }) : t('columns.bestAny');
}

function columns(runs: RunRecord[], t: TFunction<'experiments'>): { key: RunSortKey; label: string; title?: string }[] {
  return [
    { key: 'label', label: t('columns.run') },
    { key: 'startedAt', label: t('columns.started') },
    { key: 'bestEpochAccuracy', label: bestHeader(runs, t), title: t('columns.bestTitle') },
    { key: 'finalValidationAccuracy', label: t('columns.finalAccuracy') },
    { key: 'testAccuracy', label: t('columns.testAccuracy'), title: t('columns.testTitle') },
    { key: 'secondsPerEpoch', label: t('columns.timePerEpoch') },
    { key: 'trainablePercentEnd', label: t('columns.trainable') },
  ];
}

const percent = formatPercent;
const startedAt = (ms: number) => formatDateTime(ms, { dateStyle: 'short', timeStyle: 'medium' });

/** e.g. "91.7% · epoch 4 (val loss 0.2312)": the best epoch's accuracy, which epoch, and the value that made it best. */
function bestCell(s: RunSummary, t: TFunction<'experiments'>): string {
  if (!s.best) return '—';
  const { monitor, epoch } = s.best;
  const value = monitor === 'validationLoss' ? formatFixed(s.best.validationLoss, 4) : percent(s.best.validationAccuracy);
  return t('bestCell', { accuracy: percent(s.best.validationAccuracy), epoch, monitor: t(`monitors.${monitor}`, { defaultValue: MONITOR_LABELS[monitor] }), value });
}

/** Every recorded run; click a column header to sort, tick a run to overlay its curve. */
export function RunsTable() {
  const { t } = useTranslation('experiments');
  // Runs change at every epoch of a run: redrawn in their own slot, and not while off screen during a run.
  const runs = useStaggeredValue(useExperiments((s) => s.runs), REDRAW_SLOT_MS.runs);
  const sort = useExperiments((s) => s.sort);
  const overlay = useExperiments((s) => s.overlay);
  // A record still marked running is live only while this tab trains it; a reload or an engine crash cut it short.
  const liveRunId = useExperiments((s) => s.liveRunId);
  const training = useDeferredStudio(selectRunActive);
  const setSort = useExperiments((s) => s.setSort);
  if (runs.length === 0) return <p className="hint">{t('noRuns')}</p>;
  const source = runsHaveSourceAccuracy(runs);
  return (
    <table className="runs-table" aria-label={t('runsLabel')}>
      <thead>
        <tr>
          <th scope="col">{t('columns.overlay')}</th>
          {columns(runs, t).map((c) => (
            <th key={c.key} scope="col" title={c.title} aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
              <button type="button" className="sort" onClick={() => setSort(c.key)}>
                {c.label}{sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
              </button>
            </th>
          ))}
          {source && <RunSourceHeader />}
          <th scope="col">{t('columns.settings')}</th>
          <th scope="col">{t('columns.status')}</th>
          <th scope="col"><span className="visually-hidden">{t('columns.actions')}</span></th>
        </tr>
      </thead>
      <tbody>
        {sortedRuns(runs, sort).map((run) => <RunRow key={run.id} run={run} overlaid={overlay.includes(run.id)} live={training && run.id === liveRunId} source={source} />)}
      </tbody>
    </table>
  );
}

/** Memoised: the live run's record changes at every epoch, and only its own row needs drawing again. */
const RunRow = memo(function RunRow({ run, overlaid, live, source }: { run: RunRecord; overlaid: boolean; live: boolean; source: boolean }) {
  const { t } = useTranslation('experiments');
  const toggleOverlay = useExperiments((s) => s.toggleOverlay);
  const deleteRuns = useExperiments((s) => s.deleteRuns);
  const s = summarizeRun(run);
  const status = run.status === 'running' && !live ? 'interrupted' : run.status;
  const startPercent = run.totalParams > 0 ? (100 * run.trainableParamsStart) / run.totalParams : 0;
  const c = run.config;
  return (
    <tr data-run-id={run.id}>
      <td><input type="checkbox" checked={overlaid} aria-label={t('overlayRun', { label: run.label })} onChange={() => toggleOverlay(run.id)} /></td>
      <th scope="row" className="run-label">{run.label}</th>
      <td>{startedAt(run.startedAt)}</td>
      <td data-metric="bestEpochAccuracy">{bestCell(s, t)}</td>
      <td data-metric="finalValidationAccuracy">{percent(s.finalValidationAccuracy)}</td>
      <td data-metric="testAccuracy">{run.test ? percent(run.test.final.accuracy) : <span className="hint">{t('noTestSplit')}</span>}</td>
      <td>{s.secondsPerEpoch === null ? '—' : `${formatFixed(s.secondsPerEpoch, 1)} s`}</td>
      <td>{formatPercent(startPercent / 100) === formatPercent(s.trainablePercentEnd / 100) ? formatPercent(s.trainablePercentEnd / 100) : `${formatPercent(startPercent / 100)} → ${formatPercent(s.trainablePercentEnd / 100)}`}</td>
      {source && <RunSourceCell run={run} />}
      <td className="run-settings">
        {t('settings', { model: run.modelName, dataset: run.datasetName, optimizer: c.optimizer.name, rate: c.optimizer.learningRate, batch: c.batchSize, seed: c.seed, done: run.epochs.length, epochs: c.epochs, backend: run.backend })}
      </td>
      <td data-metric="status" data-status={status}>{t(`status.${status}`, { defaultValue: status })}</td>
      <td><button type="button" className="small" aria-label={t('deleteRun', { label: run.label })} disabled={live} onClick={() => void deleteRuns([run.id])}>{t('delete')}</button></td>
    </tr>
  );
});
