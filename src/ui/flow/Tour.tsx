import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store/studioStore';
import { STEPS, stepElementId } from './Step';
import { readStoredFlag, writeStoredFlag } from './storedFlags';

/** Set once the tour is skipped or finished: it is never offered again in this browser. */
export const TOUR_DISMISSED_KEY = 'thaw.tourDismissed';

type Stage = 'offer' | number | 'closed';

/**
 * The first visit's 30-second tour: an offer, then one card per step that scrolls to the step and
 * outlines it. A non-modal dialog (the page stays usable beside it); Esc or "Skip the tour" closes
 * it for good, and focus goes back where it was.
 */
export function Tour() {
  const { t } = useTranslation('flow');
  const [stage, setStage] = useState<Stage>(() => (readStoredFlag(TOUR_DISMISSED_KEY) ? 'closed' : 'offer'));
  const heading = useRef<HTMLHeadingElement>(null);
  const returnFocus = useRef<Element | null>(null);
  useEffect(() => {
    if (stage === 'closed') return;
    returnFocus.current ??= document.activeElement;
    heading.current?.focus();
    if (typeof stage !== 'number') return;
    const target = document.getElementById(stepElementId(STEPS[stage]!));
    target?.classList.add('tour-target');
    target?.scrollIntoView({ block: 'start' });
    return () => target?.classList.remove('tour-target');
  }, [stage]);
  if (stage === 'closed') return null;

  const close = () => {
    writeStoredFlag(TOUR_DISMISSED_KEY, true);
    setStage('closed');
    const back = returnFocus.current;
    if (back instanceof HTMLElement && back !== document.body) back.focus();
    else document.querySelector<HTMLElement>('.step-nav a')?.focus();
  };
  const start = () => {
    // The tour talks about the built-in sample: switch back to it if another dataset is in use.
    const { dataset, sampleOptions, loadSampleDataset } = useStudio.getState();
    if (dataset && dataset.source.kind !== 'sample') void loadSampleDataset(sampleOptions);
    setStage(0);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    }
  };
  const step = typeof stage === 'number' ? STEPS[stage]! : null;
  const last = stage === STEPS.length - 1;
  return (
    <div className="tour" role="dialog" aria-modal="false" aria-labelledby="tour-heading" aria-describedby="tour-body" onKeyDown={onKeyDown}>
      <h2 id="tour-heading" ref={heading} tabIndex={-1}>
        {step ? t('tour.stepTitle', { number: (stage as number) + 1, count: STEPS.length, title: t(`step.${step}.title`) }) : t('tour.offerTitle')}
      </h2>
      <p id="tour-body">{step ? t(`tour.steps.${step}`) : t('tour.offerBody')}</p>
      <div className="buttons">
        {step === null && <button type="button" className="primary" onClick={start}>{t('tour.start')}</button>}
        {typeof stage === 'number' && stage > 0 && <button type="button" onClick={() => setStage(stage - 1)}>{t('tour.back')}</button>}
        {typeof stage === 'number' && (
          <button type="button" className="primary" onClick={() => (last ? close() : setStage(stage + 1))}>{last ? t('tour.finish') : t('tour.next')}</button>
        )}
        <button type="button" onClick={close}>{t('tour.skip')}</button>
      </div>
    </div>
  );
}
