import { useEffect } from 'react';
import { useExperiments } from '../../store/experimentsStore';
import { useStudio } from '../../store/studioStore';
import { saveFile } from '../common/saveFile';
import { RunsTable } from './RunsTable';
import { RunsOverlayChart } from './RunsOverlayChart';
import { ErrorNotice } from '../controls/ErrorNotice';

/** Runs recorded in IndexedDB, compared side by side; the three classic strategies in one click. */
export function ExperimentsPanel() {
  const comparing = useExperiments((s) => s.comparing);
  const damaged = useExperiments((s) => s.damaged);
  const hasRuns = useExperiments((s) => s.runs.length > 0);
  const importReport = useExperiments((s) => s.importReport);
  const busy = useStudio((s) => s.runState === 'training' || s.runState === 'paused' || s.engineStatus !== 'ready' || s.modelLoading !== null);
  const epochs = useStudio((s) => s.trainingForm.epochs);
  const compareStrategies = useExperiments((s) => s.compareStrategies);
  const exportRuns = useExperiments((s) => s.exportRuns);
  const importRuns = useExperiments((s) => s.importRuns);
  const dismissImportReport = useExperiments((s) => s.dismissImportReport);
  const refresh = useExperiments((s) => s.refresh);
  useEffect(() => { void refresh(); }, [refresh]);
  const download = (format: 'csv' | 'json') => {
    const file = exportRuns(format);
    saveFile(file.name, file.text, format === 'csv' ? 'text/csv' : 'application/json');
  };
  return (
    <section className="panel experiments" aria-labelledby="experiments-heading">
      <h2 id="experiments-heading">Experiments</h2>
      <div className="buttons">
        <button type="button" disabled={busy || comparing !== null} onClick={() => void compareStrategies()}>Compare strategies</button>
        <span className="hint">
          Trains feature extraction, early unfreeze (all blocks thawed after epoch 1, backbone LR ×0.1) and fine-tuning from the start,
          one after the other, with the same seed, data and {epochs} epochs.
        </span>
      </div>
      {comparing && (
        <p role="status" aria-label="Comparison progress">
          Comparing strategies: {comparing.index + 1} of {comparing.total}, {comparing.label}. Stop ends the comparison.
        </p>
      )}
      <ErrorNotice part="experiments" />
      {damaged > 0 && <p className="warning" role="note">{damaged} run record(s) are damaged and were skipped.</p>}
      {importReport && (
        <div role="status" aria-label="Run import report" className={importReport.skipped.length > 0 ? 'warning' : undefined}>
          <p>
            {importReport.file}: {importReport.added} run(s) added
            {importReport.skipped.length > 0 && `, ${importReport.skipped.length} skipped:`}
            {' '}<button type="button" className="small" aria-label="Dismiss import report" onClick={dismissImportReport}>Dismiss</button>
          </p>
          {importReport.skipped.length > 0 && <ul>{importReport.skipped.map((line, i) => <li key={i}>{line}</li>)}</ul>}
        </div>
      )}
      <RunsOverlayChart />
      <RunsTable />
      <div className="buttons">
        {hasRuns && (
          <>
            <button type="button" onClick={() => download('csv')}>Download runs (.csv)</button>
            <button type="button" onClick={() => download('json')}>Download runs (.json)</button>
          </>
        )}
        {/* Students' downloaded runs, gathered into this table to compare them. */}
        <label className="file-button">
          Import runs{' '}
          <input type="file" accept=".json,application/json" onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importRuns(file);
            e.target.value = '';
          }} />
        </label>
      </div>
    </section>
  );
}
