import { useStudio } from '../../store/studioStore';
import { diagnose } from '../../store/diagnosis';
import { REDRAW_SLOT_MS, useStaggeredValue } from './useStaggeredValue';

export function DiagnosisBanner() {
  // Read from the curves, and redrawn with them in its own background task.
  const epochs = useStaggeredValue(useStudio((s) => s.epochs), REDRAW_SLOT_MS.diagnosis);
  const steps = useStaggeredValue(useStudio((s) => s.steps), REDRAW_SLOT_MS.diagnosis);
  const findings = diagnose(epochs, steps);
  if (findings.length === 0) return null;
  return (
    <section className="diagnosis" aria-label="Diagnosis">
      {findings.map((d) => (
        <div key={d.kind} className={`finding ${d.kind}`} role="note" aria-label={d.title}>
          <strong>{d.title}</strong> — {d.evidence}. <em>Try:</em> {d.fix}
        </div>
      ))}
    </section>
  );
}
