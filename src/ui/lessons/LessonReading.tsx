import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../common/i18n/i18n';
import type { Reading } from '../../store/lessonReadings';

/** A lesson's reading: each sentence from the catalogue, with its numbers in the user's locale. */
export function LessonReading({ name, reading }: { name: string; reading: Reading[] }) {
  const { t } = useTranslation('lessons');
  if (reading.length === 0) return null;
  return (
    <div role="note" aria-label={name} className="lesson-reading">
      <ul>
        {reading.map((r, i) => {
          const values = Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, typeof v === 'number' ? formatNumber(v, { maximumFractionDigits: 2 }) : v]));
          return <li key={i}>{t(`readings.${r.key}`, values)}</li>;
        })}
      </ul>
    </div>
  );
}
