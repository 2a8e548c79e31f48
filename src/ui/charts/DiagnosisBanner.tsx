import { useStudio } from '../../store/studioStore';
import { useTranslation } from 'react-i18next';
import { diagnose } from '../../store/diagnosis';
import { REDRAW_SLOT_MS, useStaggeredValue } from './useStaggeredValue';

export function DiagnosisBanner() {
  // Read from the curves, and redrawn with them in its own background task.
  const epochs = useStaggeredValue(useStudio((s) => s.epochs), REDRAW_SLOT_MS.diagnosis);
  const steps = useStaggeredValue(useStudio((s) => s.steps), REDRAW_SLOT_MS.diagnosis);
  const { t } = useTranslation('charts');
  const findings = diagnose(epochs, steps);
  if (findings.length === 0) return null;
  return (
    <section className="diagnosis" aria-label={t('diagnosis.label')}>
      {findings.map((d) => (
        <div key={d.kind} className={`finding ${d.kind}`} role="note" aria-label={d.title}>
          <strong>{d.title}</strong> — {d.evidence}. <em>{t('diagnosis.try')}</em> {d.fix}
        </div>
      ))}
    </section>
  );
}
