import { useTranslation } from 'react-i18next';
import { ForgettingLesson } from './ForgettingLesson';
import { DomainLesson } from './DomainLesson';

/** The forgetting and domain-shift lessons, as one panel of their own until a lessons list takes them in. */
export function AdaptationLessons() {
  const { t } = useTranslation('adaptation');
  return (
    <section className="panel lessons adaptation" aria-labelledby="adaptation-lessons-heading">
      <h2 id="adaptation-lessons-heading">{t('panel.title')}</h2>
      <ForgettingLesson />
      <DomainLesson />
    </section>
  );
}
