import type { CheckpointMeta } from '../../contract';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useStudio } from '../../store/studioStore';
import { formatBytes } from '../../common/formatBytes';
import { formatDateTime, formatNumber } from '../../common/i18n/i18n';

/** The run's checkpoints in IndexedDB: resume an unfinished run after a reload, or go back to the best epoch. */
export function CheckpointPanel() {
  const { t } = useTranslation('controls');
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
    <section className="checkpoints" aria-label={t('checkpoints.label')}>
      {last && (
        <p aria-label={t('checkpoints.lastLabel')}>
          {t(resumable ? 'checkpoints.unfinished' : 'checkpoints.last', { what: describe(last, t) })}
        </p>
      )}
      {resumable && !busy && (
        <div className="buttons">
          <button type="button" onClick={() => void resumeSavedRun()}>{t('checkpoints.resume')}</button>
          <button type="button" onClick={() => void discardSavedRun()}>{t('checkpoints.discard')}</button>
        </div>
      )}
      {best && (
        <p aria-label={t('checkpoints.bestLabel')}>
          {t('checkpoints.best', { what: describe(best, t) })}{' '}
          <button type="button" onClick={() => void loadBestWeights()} disabled={busy}>{t('checkpoints.loadBest')}</button>
        </p>
      )}
    </section>
  );
}

function describe(meta: CheckpointMeta, t: TFunction<'controls'>): string {
  const accuracy = Number.isFinite(meta.validationAccuracy) ? formatNumber(meta.validationAccuracy, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }) : t('checkpoints.notAvailable');
  const time = formatDateTime(meta.savedAt, { hour: '2-digit', minute: '2-digit' });
  return t('checkpoints.describe', { model: meta.modelName, dataset: meta.datasetName, epoch: meta.epoch, epochs: meta.totalEpochs, accuracy, size: formatBytes(meta.sizeBytes), time });
}
