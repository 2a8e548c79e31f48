import { useTranslation } from 'react-i18next';
import type { StudioState } from '../../store/studioStore';
import { useDomainLesson } from '../../store/domainLessonStore';
import { DOMAIN_ARMS, domainReading, domainRows, type DomainRow } from '../../store/domainLesson';
import { formatNumber } from '../../common/i18n/i18n';
import { NumberField } from '../controls/NumberField';
import { ErrorNotice } from '../controls/ErrorNotice';
import { useDeferredStudio } from '../common/useDeferredStudio';

/** Read in a background render (see useDeferredStudio). */
const selectLocked = (s: StudioState): boolean => s.runState === 'training' || s.runState === 'paused' || s.engineStatus !== 'ready';

const percent = (x: number) => formatNumber(x, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const points = (x: number) => formatNumber(x, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/**
 * The domain-shift lesson: the built-in backbone fine-tuned on the sample, scored on the shifted sample
 * (same shapes, another style), source only vs MMD vs DANN at several seeds, and what the numbers say.
 */
export function DomainLesson() {
  const { t } = useTranslation('adaptation');
  const { settings, running, results, setSettings, run } = useDomainLesson();
  const busy = useDeferredStudio(selectLocked);
  const rows = domainRows(results);
  const complete = rows.length === DOMAIN_ARMS.length && results.length === DOMAIN_ARMS.length * settings.seeds;
  const locked = running !== null;
  return (
    <section className="lesson" aria-labelledby="domain-lesson-heading">
      <h3 id="domain-lesson-heading">{t('domain.lesson.title')}</h3>
      <p className="hint">{t('domain.lesson.intro')}</p>
      <div className="lesson-settings">
        <NumberField label={t('domain.lesson.epochs')} value={settings.epochs} min={1} max={100} step={1} integer disabled={locked}
          onCommit={(epochs) => setSettings({ epochs })} />
        <NumberField label={t('domain.lesson.seeds')} value={settings.seeds} min={1} max={10} step={1} integer disabled={locked}
          onCommit={(seeds) => setSettings({ seeds })} />
        <NumberField label={t('domain.lesson.thawedBlocks')} value={settings.thawedBlocks} min={1} max={20} step={1} integer disabled={locked}
          onCommit={(thawedBlocks) => setSettings({ thawedBlocks })} />
        <NumberField label={t('domain.lesson.learningRate')} value={settings.learningRate} min={1e-5} max={1} step={0.001} disabled={locked}
          onCommit={(learningRate) => setSettings({ learningRate })} />
        <NumberField label={t('domain.lesson.mmdStrength')} value={settings.mmdStrength} min={0} max={1e6} step={0.1} disabled={locked}
          onCommit={(mmdStrength) => setSettings({ mmdStrength })} />
        <NumberField label={t('domain.lesson.dannStrength')} value={settings.dannStrength} min={0} max={1e6} step={0.1} disabled={locked}
          onCommit={(dannStrength) => setSettings({ dannStrength })} />
      </div>
      <button type="button" onClick={() => void run()} disabled={busy || locked}>{t('domain.lesson.run')}</button>
      {running && (
        <p className="hint" role="status" aria-label={t('domain.lesson.progressLabel')}>
          {t('domain.lesson.progress', { index: running.index + 1, total: running.total, arm: t(`domain.lesson.arms.${running.arm}`), seed: running.seed })}
        </p>
      )}
      {rows.length > 0 && <DomainTable rows={rows} />}
      {complete && <DomainReadingList rows={rows} />}
      <ErrorNotice part="experiments" />
    </section>
  );
}

function DomainTable({ rows }: { rows: DomainRow[] }) {
  const { t } = useTranslation('adaptation');
  const meanSd = (mean: number, sd: number) => t('domain.lesson.meanSd', { mean: percent(mean), sd: percent(sd) });
  return (
    <table className="lesson-table" aria-label={t('domain.lesson.table')}>
      <thead>
        <tr>
          <th scope="col">{t('domain.lesson.arm')}</th>
          <th scope="col">{t('domain.lesson.target')}</th>
          <th scope="col">{t('domain.lesson.source')}</th>
          <th scope="col">{t('domain.lesson.perSeed')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.arm} data-arm={r.arm}>
            <th scope="row">{t(`domain.lesson.arms.${r.arm}`)}</th>
            <td data-metric="targetAccuracy" data-value={r.targetMean}>{meanSd(r.targetMean, r.targetSd)}</td>
            <td data-metric="sourceAccuracy" data-value={r.sourceMean}>{meanSd(r.sourceMean, r.sourceSd)}</td>
            <td data-metric="perSeed">{formatList(r.perSeed.map(percent))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function formatList(items: string[]): string {
  return items.join(' · ');
}

function DomainReadingList({ rows }: { rows: DomainRow[] }) {
  const { t } = useTranslation('adaptation');
  return (
    <ul className="lesson-reading" aria-label={t('domain.lesson.reading')}>
      {domainReading(rows).map((v) => (
        <li key={v.arm} data-verdict={v.verdict}>
          {t(`domain.lesson.verdicts.${v.verdict}`, {
            arm: t(`domain.lesson.arms.${v.arm}`), gain: points(v.gain), sd: formatNumber(v.spread, { maximumFractionDigits: 1 }), seeds: v.seeds,
          })}
        </li>
      ))}
    </ul>
  );
}
