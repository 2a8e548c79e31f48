import type { CheckpointMeta } from '../../contract';
import { useStudio } from '../../store/studioStore';
import { formatBytes } from '../../common/formatBytes';

/** The run's checkpoints in IndexedDB: resume an unfinished run after a reload, or go back to the best epoch. */
export function CheckpointPanel() {
  const { last, best } = useStudio((s) => s.checkpoints);
  const runState = useStudio((s) => s.runState);
  const ready = useStudio((s) => s.engineStatus === 'ready');
  const resumeSavedRun = useStudio((s) => s.resumeSavedRun);
  const discardSavedRun = useStudio((s) => s.discardSavedRun);
  const loadBestWeights = useStudio((s) => s.loadBestWeights);
  const busy = !ready || runState === 'training' || runState === 'paused';
  if (!last && !best) return null;
  const resumable = last && !last.finished;
  return (
    <section className="checkpoints" aria-label="Checkpoints">
      {last && (
        <p aria-label="Last checkpoint">
          {resumable ? 'Unfinished run saved' : 'Last checkpoint'}: {describe(last)}
        </p>
      )}
      {resumable && !busy && (
        <div className="buttons">
          <button type="button" onClick={() => void resumeSavedRun()}>Resume saved run</button>
          <button type="button" onClick={() => void discardSavedRun()}>Discard saved run</button>
        </div>
      )}
      {best && (
        <p aria-label="Best checkpoint">
          Best checkpoint: {describe(best)}{' '}
          <button type="button" onClick={() => void loadBestWeights()} disabled={busy}>Load best weights</button>
        </p>
      )}
    </section>
  );
}

function describe(meta: CheckpointMeta): string {
  const accuracy = Number.isFinite(meta.validationAccuracy) ? `${(meta.validationAccuracy * 100).toFixed(1)}%` : 'n/a';
  const time = new Date(meta.savedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return `${meta.modelName} on ${meta.datasetName}, epoch ${meta.epoch} of ${meta.totalEpochs}, validation accuracy ${accuracy}, ${formatBytes(meta.sizeBytes)}, saved ${time}`;
}
