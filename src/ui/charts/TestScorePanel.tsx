import type { TestScore } from '../../contract';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../common/i18n/i18n';
import { formatFixed, formatPercent } from '../common/numberFormats';
import { useStudio } from '../../store/studioStore';


function ScoreLine({ label, score }: { label: string; score: TestScore }) {
  const { t } = useTranslation('charts');
  return (
    <li>
      {label}: <strong data-metric="testAccuracy">{formatPercent(score.accuracy)}</strong> ({t('test.loss', { loss: formatFixed(score.loss, 4) })})
    </li>
  );
}

/**
 * The held-out test split's score, shown apart from every validation figure: validation chose the
 * best epoch and stopped the run, so only the test split gives an unbiased number.
 */
export function TestScorePanel() {
  const { t } = useTranslation('charts');
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
      <p className="hint" role="note" aria-label={t('test.label')}>
        {t('test.none')}
      </p>
    );
  }
  return (
    <section className="test-score" aria-label={t('test.label')}>
      <h3>{t('test.heading', { images: formatNumber(testImages) })}</h3>
      {failure && <p role="alert">{failure}</p>}
      {run && (
        <ul>
          <ScoreLine label={t('test.final', { epoch: run.final.epoch })} score={run.final} />
          {run.best && <ScoreLine label={t('test.best', { epoch: run.best.epoch })} score={run.best} />}
        </ul>
      )}
      {!run && imported && <ul><ScoreLine label={t('test.imported')} score={imported} /></ul>}
      {!run && !imported && !failure && <p className="hint">{t('test.pending')}</p>}
    </section>
  );
}
