import { useEffect } from 'react';
import { useExperiments } from '../../store/experimentsStore';
import { useStudio } from '../../store/studioStore';
import { saveFile } from '../common/saveFile';
import { RunsTable } from './RunsTable';
import { RunsOverlayChart } from './RunsOverlayChart';

/** Runs recorded in IndexedDB, compared side by side; the three classic strategies in one click. */
export function ExperimentsPanel() {
  const comparing = useExperiments((s) => s.comparing);
  const error = useExperiments((s) => s.error);
  const damaged = useExperiments((s) => s.damaged);
  const hasRuns = useExperiments((s) => s.runs.length > 0);
  const busy = useStudio((s) => s.runState === 'training' || s.runState === 'paused' || s.engineStatus !== 'ready' || s.modelLoading !== null);
  const epochs = useStudio((s) => s.trainingForm.epochs);
  const { compareStrategies, exportRuns, refresh } = useExperiments.getState();
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
      {error && <p className="field-error" role="alert">{error}</p>}
      {damaged > 0 && <p className="warning" role="note">{damaged} run record(s) are damaged and were skipped.</p>}
      <RunsOverlayChart />
      <RunsTable />
      {hasRuns && (
        <div className="buttons">
          <button type="button" onClick={() => download('csv')}>Download runs (.csv)</button>
          <button type="button" onClick={() => download('json')}>Download runs (.json)</button>
        </div>
      )}
    </section>
  );
}
