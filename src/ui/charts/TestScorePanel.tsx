import { TEST_SCORE_NOTE, type TestScore } from '../../contract';
import { useStudio } from '../../store/studioStore';

const percent = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—');

function ScoreLine({ label, score }: { label: string; score: TestScore }) {
  return (
    <li>
      {label}: <strong data-metric="testAccuracy">{percent(score.accuracy)}</strong> (test loss {Number.isFinite(score.loss) ? score.loss.toFixed(4) : '—'})
    </li>
  );
}

/**
 * The held-out test split's score, shown apart from every validation figure: validation chose the
 * best epoch and stopped the run, so only the test split gives an unbiased number.
 */
export function TestScorePanel() {
  const dataset = useStudio((s) => s.dataset);
  const run = useStudio((s) => s.test);
  const failure = useStudio((s) => s.testMessage);
  const imported = useStudio((s) => s.importedModel?.test ?? null);
  const hasEpochs = useStudio((s) => s.epochs.length > 0);
  if (!dataset) return null;
  const testImages = dataset.testCounts.reduce((a, b) => a + b, 0);
  if (testImages === 0) {
    if (!hasEpochs) return null;
    return (
      <p className="hint" role="note" aria-label="Test split">
        No test split: every accuracy above is a validation figure, and validation also chose the best epoch. To get an
        honest score, hold images out: set <em>Test %</em> in the dataset&apos;s <em>Split</em> form (Data → the dataset view),
        or tick <em>Hold out a test split</em> for the built-in sample.
      </p>
    );
  }
  return (
    <section className="test-score" aria-label="Test split">
      <h3>Held-out test split ({testImages} images): {TEST_SCORE_NOTE}</h3>
      {failure && <p role="alert">{failure}</p>}
      {run && (
        <ul>
          <ScoreLine label={`Final weights (epoch ${run.final.epoch})`} score={run.final} />
          {run.best && <ScoreLine label={`Best checkpoint (epoch ${run.best.epoch})`} score={run.best} />}
        </ul>
      )}
      {!run && imported && <ul><ScoreLine label="Imported model" score={imported} /></ul>}
      {!run && !imported && !failure && <p className="hint">Scored once a run ends (finished or stopped); nothing of it is used before.</p>}
    </section>
  );
}
