import { useStudio } from '../../store/studioStore';
import { diagnose } from '../../store/diagnosis';

export function DiagnosisBanner() {
  const epochs = useStudio((s) => s.epochs);
  const steps = useStudio((s) => s.steps);
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
