import { useStudio } from '../../store/studioStore';
import { useLrFinder } from '../../store/lrFinderStore';
import { formatBytes } from '../../common/formatBytes';
import { ErrorNotice } from './ErrorNotice';
import { FisherProgress } from '../adaptation/FisherProgress';

export function RunControls() {
  const runState = useStudio((s) => s.runState);
  const runMessage = useStudio((s) => s.runMessage);
  const progress = useStudio((s) => s.progress);
  const featureCache = useStudio((s) => s.featureCache);
  const unreadable = useStudio((s) => s.unreadable);
  const ready = useStudio((s) => s.engineStatus === 'ready' && s.model !== null);
  const memoryCheck = useStudio((s) => s.memoryCheck);
  const datasetRefusal = useStudio((s) => s.datasetRefusal);
  const train = useStudio((s) => s.train);
  const pause = useStudio((s) => s.pause);
  const resume = useStudio((s) => s.resume);
  const stop = useStudio((s) => s.stop);
  const tooBig = memoryCheck?.refusal ?? null;
  // The finder trains copies of the weights in the engine: a run waits until it ends.
  const finding = useLrFinder((s) => s.progress !== null);
  const active = runState === 'training' || runState === 'paused';
  return (
    <div className="run-controls">
      <div className="buttons">
        <button type="button" onClick={() => void train()} disabled={!ready || active || finding || tooBig !== null || datasetRefusal !== null}>Train</button>
        {runState === 'paused'
          ? <button type="button" onClick={() => void resume()}>Resume</button>
          : <button type="button" onClick={() => void pause()} disabled={runState !== 'training'}>Pause</button>}
        <button type="button" onClick={() => void stop()} disabled={!active}>Stop</button>
      </div>
      <p className="run-status" role="status" aria-label="Run status" data-state={runState}>
        {stateLabel(runState)}
        {progress && (
          <>
            {' '}· epoch {progress.epoch}/{progress.epochs} · step {progress.stepInEpoch}/{progress.stepsPerEpoch}
            {progress.etaSeconds !== null && active && <> · about {formatSeconds(progress.etaSeconds)} left</>}
            {' '}· <span data-cache={progress.cachedFeatures ? 'on' : 'off'}>
              {progress.cachedFeatures ? 'frozen-feature cache in use' : 'no feature cache'}
            </span>
          </>
        )}
      </p>
      <FisherProgress />
      {featureCache && (
        <p className="hint" role="status" aria-label="Feature cache">
          {featureCache.finished
            ? <>Frozen features cached: {featureCache.total} images in {formatSeconds(featureCache.seconds)}{featureCache.onDevice === false ? ' (kept in main memory: too big for the GPU)' : ''}, not counted in the epoch times.</>
            : <>Caching frozen features {featureCache.done} / {featureCache.total} · {formatSeconds(featureCache.seconds)}</>}
        </p>
      )}
      {unreadable.length > 0 && (
        <p className="warning" role="note" aria-label="Unreadable images">
          {unreadable.length} stored image{unreadable.length === 1 ? '' : 's'} could not be read (record missing or not decodable) and
          {unreadable.length === 1 ? ' was' : ' were'} skipped: {unreadable.slice(0, UNREADABLE_NAMED).join(', ')}{unreadable.length > UNREADABLE_NAMED ? ', …' : ''}
        </p>
      )}
      {datasetRefusal && <p className="run-message" role="alert" aria-label="Dataset not loaded">{datasetRefusal}</p>}
      {memoryCheck && (tooBig
        ? <p className="run-message" role="alert" aria-label="Memory estimate">{tooBig}</p>
        : (
          <p className="hint" role="status" aria-label="Memory estimate">
            Memory for training at batch {memoryCheck.batchSize}: about {formatBytes(memoryCheck.estimate.totalBytes)} of {formatBytes(memoryCheck.limits.totalBytes)}
          </p>
        ))}
      {runMessage && <p className="run-message" role="alert">{runMessage}</p>}
      <ErrorNotice part="run" />
    </div>
  );
}

/** At most this many unreadable images are named. */
const UNREADABLE_NAMED = 5;

function stateLabel(state: string): string {
  return { idle: 'Ready', training: 'Training', paused: 'Paused', stopped: 'Stopped', finished: 'Finished', failed: 'Failed' }[state] ?? state;
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`;
}
