import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useStudio } from '../../store/studioStore';
import { useLrFinder } from '../../store/lrFinderStore';
import { formatBytes } from '../../common/formatBytes';
import { ErrorNotice } from './ErrorNotice';
import { formatNumber } from '../../common/i18n/i18n';
import { FisherProgress } from '../adaptation/FisherProgress';

export function RunControls() {
  const { t } = useTranslation('controls');
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
        <button type="button" onClick={() => void train()} disabled={!ready || active || finding || tooBig !== null || datasetRefusal !== null}>{t('run.train')}</button>
        {runState === 'paused'
          ? <button type="button" onClick={() => void resume()}>{t('run.resume')}</button>
          : <button type="button" onClick={() => void pause()} disabled={runState !== 'training'}>{t('run.pause')}</button>}
        <button type="button" onClick={() => void stop()} disabled={!active}>{t('run.stop')}</button>
      </div>
      <p className="run-status" role="status" aria-label={t('run.statusLabel')} data-state={runState}>
        {t(`run.states.${runState}`, { defaultValue: runState })}
        {progress && (
          <>
            {' '}· {t('run.progress', { epoch: progress.epoch, epochs: progress.epochs, step: progress.stepInEpoch, steps: progress.stepsPerEpoch })}
            {progress.etaSeconds !== null && active && <> · {t('run.eta', { time: formatSeconds(progress.etaSeconds, t) })}</>}
            {' '}· <span data-cache={progress.cachedFeatures ? 'on' : 'off'}>
              {t(progress.cachedFeatures ? 'run.cacheOn' : 'run.cacheOff')}
            </span>
          </>
        )}
      </p>
      <FisherProgress />
      {featureCache && (
        <p className="hint" role="status" aria-label={t('run.cacheLabel')}>
          {featureCache.finished
            ? t(featureCache.onDevice === false ? 'run.cachedInMemory' : 'run.cached', { total: formatNumber(featureCache.total), time: formatSeconds(featureCache.seconds, t) })
            : t('run.caching', { done: formatNumber(featureCache.done), total: formatNumber(featureCache.total), time: formatSeconds(featureCache.seconds, t) })}
        </p>
      )}
      {unreadable.length > 0 && (
        <p className="warning" role="note" aria-label={t('run.unreadableLabel')}>
          {t('run.unreadable', { count: unreadable.length, names: unreadable.slice(0, UNREADABLE_NAMED).join(', ') + (unreadable.length > UNREADABLE_NAMED ? ', …' : '') })}
        </p>
      )}
      {datasetRefusal && <p className="run-message" role="alert" aria-label={t('run.datasetRefusalLabel')}>{datasetRefusal}</p>}
      {memoryCheck && (tooBig
        ? <p className="run-message" role="alert" aria-label={t('run.memoryLabel')}>{tooBig}</p>
        : (
          <p className="hint" role="status" aria-label={t('run.memoryLabel')}>
            {t('run.memory', { batch: memoryCheck.batchSize, estimate: formatBytes(memoryCheck.estimate.totalBytes), limit: formatBytes(memoryCheck.limits.totalBytes) })}
          </p>
        ))}
      {runMessage && <p className="run-message" role="alert">{runMessage}</p>}
      <ErrorNotice part="run" />
    </div>
  );
}

/** At most this many unreadable images are named. */
const UNREADABLE_NAMED = 5;

function formatSeconds(s: number, t: TFunction<'controls'>): string {
  if (s < 60) return t('run.seconds', { s: Math.ceil(s) });
  return t('run.minutes', { m: Math.floor(s / 60), s: Math.ceil(s % 60) });
}
