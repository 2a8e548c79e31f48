import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store/studioStore';
import { formatNumber } from '../../common/i18n/i18n';

/** The progress line of the Fisher information computed before an EWC run (a wait the user sees). */
export function FisherProgress() {
  const { t } = useTranslation('adaptation');
  const fisher = useStudio((s) => s.fisher);
  if (!fisher) return null;
  const seconds = formatNumber(fisher.seconds, { maximumFractionDigits: 1 });
  return (
    <p className="hint" role="status" aria-label={t('fisher.label')}>
      {fisher.finished ? t('fisher.done', { total: fisher.total, seconds }) : t('fisher.running', { done: fisher.done, total: fisher.total, seconds })}
    </p>
  );
}
