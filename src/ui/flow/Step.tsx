import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store/studioStore';
import { OnScreen, useOnScreen } from '../common/onScreen';
import { selectRunActive } from './useBusy';

/** The steps of the work, in the order the page reads them. */
export const STEPS = ['data', 'model', 'train', 'evaluate', 'use'] as const;
export type StepId = (typeof STEPS)[number];

/** The element id of a step's section: the step list links to it and the tour points at it. */
export function stepElementId(step: StepId): string {
  return `step-${step}`;
}

/**
 * One step of the guided flow: a numbered heading, a plain line saying what is still missing
 * (`pending`, null when the step is ready), then its essentials; advanced settings sit in Disclosures.
 * Its live views know whether the step is on screen (OnScreen).
 */
export function Step({ step, pending, children }: { step: StepId; pending: string | null; children: ReactNode }) {
  const { t } = useTranslation('flow');
  const number = STEPS.indexOf(step) + 1;
  const [sectionRef, inView] = useOnScreen<HTMLElement>();
  // Off-screen views hold their redraws back only while a run is active: once it ends, every view shows its result.
  const runActive = useStudio(selectRunActive);
  return (
    <section ref={sectionRef} className={`panel step step-${step}`} id={stepElementId(step)} aria-labelledby={`${stepElementId(step)}-heading`} tabIndex={-1}>
      <h2 id={`${stepElementId(step)}-heading`}>
        <span className="step-number" aria-hidden="true">{number}</span>
        {t(`step.${step}.title`)}
      </h2>
      <p className="step-lead">{t(`step.${step}.lead`)}</p>
      {pending && <p className="step-pending" role="status" aria-label={t('step.pendingLabel', { step: t(`step.${step}.title`) })}>{pending}</p>}
      <OnScreen.Provider value={inView || !runActive}>{children}</OnScreen.Provider>
    </section>
  );
}
