import { useTranslation } from 'react-i18next';
import { LESSON_IDS } from '../../store/lessons';
import { ErrorNotice } from '../controls/ErrorNotice';
import { LessonCard } from './LessonCard';

/** The course's exercises, each a short page: what it shows, its setup in one click, its runs, its table, chart and reading. */
export function LessonsPanel() {
  const { t } = useTranslation('lessons');
  return (
    <section className="panel lessons" aria-labelledby="lessons-heading">
      <h2 id="lessons-heading">{t('panel.heading')}</h2>
      <p className="hint">{t('panel.intro')}</p>
      <ErrorNotice part="lessons" />
      {LESSON_IDS.map((id, i) => <LessonCard key={id} id={id} number={i + 1} />)}
    </section>
  );
}
