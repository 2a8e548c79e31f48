import { useTranslation } from 'react-i18next';
import { useGrid } from '../../store/gridStore';

/** "Run 2 of 4: preset full · seed 1", with Stop: the wait a grid or lesson makes, said while it lasts. */
export function GridProgressLine({ kind, name }: { kind: string; name: string }) {
  const { t } = useTranslation('lessons');
  const progress = useGrid((s) => (s.progress?.kind === kind ? s.progress : null));
  const stop = useGrid((s) => s.stop);
  if (!progress) return null;
  return (
    <p role="status" aria-label={name}>
      {t('progress.line', { k: progress.index + 1, total: progress.total, label: progress.label })}{' '}
      <button type="button" onClick={() => void stop()}>{t('progress.stop')}</button>
    </p>
  );
}
