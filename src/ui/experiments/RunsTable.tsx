import { MONITOR_LABELS, summarizeRun, type RunSummary } from '../../store/runSummary';
import type { RunRecord } from '../../contract';
import { memo } from 'react';
import { sortedRuns, useExperiments, type RunSortKey } from '../../store/experimentsStore';
import { useStudio } from '../../store/studioStore';
import { RunSourceCell, RunSourceHeader, runsHaveSourceAccuracy } from '../adaptation/SourceColumns';

/** The runs' one meaning of "best" (their best checkpoint's monitor), named in the header; "monitored" when runs differ. */
function bestHeader(runs: RunRecord[]): string {
  const monitors = new Set(runs.map((run) => summarizeRun(run).best?.monitor).filter((m) => m !== undefined));
  const [only] = monitors;
  return monitors.size === 1 && only ? `Best (${MONITOR_LABELS[only]})` : 'Best (monitored metric)';
}

function columns(runs: RunRecord[]): { key: RunSortKey; label: string; title?: string }[] {
  return [
    { key: 'label', label: 'Run' },
    { key: 'startedAt', label: 'Started' },
    { key: 'bestEpochAccuracy', label: bestHeader(runs), title: 'The best checkpoint\'s epoch, chosen by the metric it monitors, and its validation accuracy' },
    { key: 'finalValidationAccuracy', label: 'Final val acc' },
    { key: 'testAccuracy', label: 'Test acc', title: 'Final weights on the held-out test split: test accuracy, never used to choose anything' },
    { key: 'secondsPerEpoch', label: 'Time / epoch' },
    { key: 'trainablePercentEnd', label: 'Trainable %' },
  ];
}

const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
// One formatter for every row: `Date.toLocaleString` builds a new one per call, a few ms each.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
// An imported run may carry any number; the formatter throws on an invalid date.
const startedAt = (ms: number) => (Number.isFinite(new Date(ms).getTime()) ? dateTime.format(ms) : '—');

/** e.g. "91.7% · epoch 4 (val loss 0.2312)": the best epoch's accuracy, which epoch, and the value that made it best. */
function bestCell(s: RunSummary): string {
  if (!s.best) return '—';
  const { monitor, epoch } = s.best;
  const value = monitor === 'validationLoss' ? s.best.validationLoss.toFixed(4) : percent(s.best.validationAccuracy);
  return `${percent(s.best.validationAccuracy)} · epoch ${epoch} (${MONITOR_LABELS[monitor]} ${value})`;
}

/** Every recorded run; click a column header to sort, tick a run to overlay its curve. */
export function RunsTable() {
  const runs = useExperiments((s) => s.runs);
  const sort = useExperiments((s) => s.sort);
  const overlay = useExperiments((s) => s.overlay);
  // A record still marked running is live only while this tab trains it; a reload or an engine crash cut it short.
  const liveRunId = useExperiments((s) => s.liveRunId);
  const training = useStudio((s) => s.runState === 'training' || s.runState === 'paused');
  const setSort = useExperiments((s) => s.setSort);
  if (runs.length === 0) return <p className="hint">No runs yet: every run you train is recorded here.</p>;
  const source = runsHaveSourceAccuracy(runs);
  return (
    <table className="runs-table" aria-label="Runs">
      <thead>
        <tr>
          <th scope="col">Overlay</th>
          {columns(runs).map((c) => (
            <th key={c.key} scope="col" title={c.title} aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
              <button type="button" className="sort" onClick={() => setSort(c.key)}>
                {c.label}{sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
              </button>
            </th>
          ))}
          {source && <RunSourceHeader />}
          <th scope="col">Settings</th>
          <th scope="col">Status</th>
          <th scope="col"><span className="visually-hidden">Actions</span></th>
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
  const toggleOverlay = useExperiments((s) => s.toggleOverlay);
  const deleteRuns = useExperiments((s) => s.deleteRuns);
  const s = summarizeRun(run);
  const status = run.status === 'running' && !live ? 'interrupted' : run.status;
  const startPercent = run.totalParams > 0 ? (100 * run.trainableParamsStart) / run.totalParams : 0;
  const c = run.config;
  return (
    <tr data-run-id={run.id}>
      <td><input type="checkbox" checked={overlaid} aria-label={`Overlay ${run.label}`} onChange={() => toggleOverlay(run.id)} /></td>
      <th scope="row" className="run-label">{run.label}</th>
      <td>{startedAt(run.startedAt)}</td>
      <td data-metric="bestEpochAccuracy">{bestCell(s)}</td>
      <td data-metric="finalValidationAccuracy">{percent(s.finalValidationAccuracy)}</td>
      <td data-metric="testAccuracy">{run.test ? percent(run.test.final.accuracy) : <span className="hint">no test split</span>}</td>
      <td>{s.secondsPerEpoch === null ? '—' : `${s.secondsPerEpoch.toFixed(1)} s`}</td>
      <td>{startPercent.toFixed(1) === s.trainablePercentEnd.toFixed(1) ? `${s.trainablePercentEnd.toFixed(1)}%` : `${startPercent.toFixed(1)} → ${s.trainablePercentEnd.toFixed(1)}%`}</td>
      {source && <RunSourceCell run={run} />}
      <td className="run-settings">
        {run.modelName} on {run.datasetName}; {c.optimizer.name} lr {c.optimizer.learningRate}, batch {c.batchSize}, seed {c.seed},{' '}
        {run.epochs.length}/{c.epochs} epochs, {run.backend}
      </td>
      <td data-metric="status">{status}</td>
      <td><button type="button" className="small" aria-label={`Delete run ${run.label}`} disabled={live} onClick={() => void deleteRuns([run.id])}>Delete</button></td>
    </tr>
  );
});
