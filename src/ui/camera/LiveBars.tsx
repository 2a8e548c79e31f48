import type { Prediction } from '../../contract';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../common/i18n/i18n';

/** The top classes of the latest live frame as bars over the video; the widest bar is the model's answer. */
export function LiveBars({ predictions }: { predictions: Prediction[] }) {
  const { t } = useTranslation('camera');
  return (
    <ol className="live-bars" aria-label={t('predictionsLabel')}>
      {predictions.map((p) => (
        <li key={p.label} data-label={p.label} data-probability={p.probability}>
          <span className="live-bar" style={{ width: `${Math.round(p.probability * 100)}%` }} />
          <span className="live-label">{p.label} {formatNumber(p.probability, { style: 'percent', maximumFractionDigits: 0 })}</span>
        </li>
      ))}
    </ol>
  );
}
