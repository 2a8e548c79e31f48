import { imbalanceRatio, inverseFrequencyWeights } from '../../store/trainConfig';
import { useTranslation } from 'react-i18next';
import { formatFixed } from '../common/numberFormats';

/** Shown when the largest class has more than 3× the images of the smallest, with the weights that would counter it. */
export function ImbalanceWarning({ counts, classNames }: { counts: number[]; classNames: string[] }) {
  const { t } = useTranslation('data');
  const ratio = imbalanceRatio(counts);
  if (ratio <= 3) return null;
  const weights = inverseFrequencyWeights(counts);
  return (
    <p className="warning" role="note" aria-label={t('imbalance.label')}>
      {t('imbalance.text', { ratio: formatFixed(ratio, 1), weights: weights.map((w, i) => `${classNames[i]} ${formatFixed(w, 2)}`).join(', ') })}
    </p>
  );
}
