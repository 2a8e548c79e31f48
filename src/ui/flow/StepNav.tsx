import { useTranslation } from 'react-i18next';
import { STEPS, stepElementId } from './Step';

/** The steps as a numbered list of links at the top of the page: where to start, and a way to jump. */
export function StepNav() {
  const { t } = useTranslation('flow');
  return (
    <nav className="step-nav" aria-label={t('nav.label')}>
      <ol>
        {STEPS.map((step, i) => (
          <li key={step}>
            <a href={`#${stepElementId(step)}`}><span className="step-number" aria-hidden="true">{i + 1}</span> {t(`step.${step}.title`)}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
