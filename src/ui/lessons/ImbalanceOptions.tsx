import { useTranslation } from 'react-i18next';
import type { LessonOptions } from '../../store/lessons';

/** Lesson 3's imbalance: which class becomes rare, at what ratio, or dropped from training as the course does. */
export function ImbalanceOptions({ classNames, value, onChange }: {
  classNames: string[];
  value: LessonOptions['imbalance'];
  onChange: (value: LessonOptions['imbalance']) => void;
}) {
  const { t } = useTranslation('lessons');
  return (
    <>
      {' '}
      <label>
        {t('imbalance.minority')}{' '}
        <select value={value.minorityClass} onChange={(e) => onChange({ ...value, minorityClass: Number(e.target.value) })}>
          {classNames.map((name, c) => <option key={c} value={c}>{name}</option>)}
        </select>
      </label>{' '}
      <label>
        {t('imbalance.ratio')}{' '}
        <input type="number" min={1} max={100} step={1} value={value.ratio} disabled={value.drop}
          onChange={(e) => onChange({ ...value, ratio: Math.max(1, Number(e.target.value) || 1) })} />
      </label>{' '}
      <label>
        <input type="checkbox" checked={value.drop} onChange={(e) => onChange({ ...value, drop: e.target.checked })} />{' '}
        {t('imbalance.drop')}
      </label>
      <p className="hint">{t('imbalance.hint')}</p>
    </>
  );
}
