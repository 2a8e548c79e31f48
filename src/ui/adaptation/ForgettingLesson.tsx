import { useTranslation } from 'react-i18next';
import type { StudioState } from '../../store/studioStore';
import { useForgettingLesson } from '../../store/forgettingLessonStore';
import { FORGETTING_ARMS, forgettingReading, forgettingRows, EQUAL_TARGET_POINTS, type ForgettingRow } from '../../store/forgettingLesson';
import type { Stat } from '../../store/gridResults';
import { formatNumber } from '../../common/i18n/i18n';
import { NumberField } from '../controls/NumberField';
import { ErrorNotice } from '../controls/ErrorNotice';
import { useDeferredStudio } from '../common/useDeferredStudio';

/** Read in a background render (see useDeferredStudio). */
const selectLocked = (s: StudioState): boolean => s.runState === 'training' || s.runState === 'paused' || s.engineStatus !== 'ready';

const percent = (x: number) => formatNumber(x, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const points = (x: number) => formatNumber(x, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const pointsPlain = (x: number) => formatNumber(x, { maximumFractionDigits: 1 });
/** A mean ± SD over seeds, in percent of the mean and points of the SD; the mean alone for one seed. */
function MeanSd({ of }: { of: Stat }) {
  const { t } = useTranslation('adaptation');
  return of.n > 1 ? t('forgetting.meanSd', { mean: percent(of.mean), sd: pointsPlain(of.spread * 100) }) : percent(of.mean);
}

/**
 * The forgetting lesson: the built-in backbone fine-tuned on the sample dataset five ways (frozen reference,
 * plain, 10× lower backbone rate, L2-SP, EWC), each at several seeds: target and source accuracy side by side
 * (mean ± SD over the seeds), and what they say.
 */
export function ForgettingLesson() {
  const { t } = useTranslation('adaptation');
  const { settings, running, results, setSettings, run } = useForgettingLesson();
  const busy = useDeferredStudio(selectLocked);
  const rows = forgettingRows(results);
  return (
    <section className="lesson" aria-labelledby="forgetting-lesson-heading">
      <h3 id="forgetting-lesson-heading">{t('forgetting.title')}</h3>
      <p className="hint">{t('forgetting.intro')}</p>
      <div className="lesson-settings">
        <NumberField label={t('forgetting.epochs')} value={settings.epochs} min={1} max={100} step={1} integer disabled={running !== null}
          onCommit={(epochs) => setSettings({ epochs })} />
        <NumberField label={t('forgetting.learningRate')} value={settings.learningRate} min={1e-5} max={1} step={0.001} disabled={running !== null}
          onCommit={(learningRate) => setSettings({ learningRate })} />
        <NumberField label={t('forgetting.l2spStrength')} value={settings.l2spStrength} min={0} max={1e6} step={0.01} disabled={running !== null}
          onCommit={(l2spStrength) => setSettings({ l2spStrength })} />
        <NumberField label={t('forgetting.ewcStrength')} value={settings.ewcStrength} min={0} max={1e6} step={1} disabled={running !== null}
          onCommit={(ewcStrength) => setSettings({ ewcStrength })} />
        <NumberField label={t('forgetting.seeds')} value={settings.seeds} min={1} max={10} step={1} integer disabled={running !== null}
          onCommit={(seeds) => setSettings({ seeds })} />
      </div>
      <button type="button" onClick={() => void run()} disabled={busy || running !== null}>{t('forgetting.run')}</button>
      {running && (
        <p className="hint" role="status" aria-label={t('forgetting.progressLabel')}>
          {t('forgetting.progress', { index: running.index + 1, total: running.total, arm: t(`forgetting.arms.${running.arm}`), seed: running.seed })}
        </p>
      )}
      {rows.length > 0 && <ForgettingTable rows={rows} />}
      {!running && rows.length === FORGETTING_ARMS.length && <ForgettingReadingList rows={rows} />}
      <ErrorNotice part="experiments" />
    </section>
  );
}

function ForgettingTable({ rows }: { rows: ForgettingRow[] }) {
  const { t } = useTranslation('adaptation');
  return (
    <table className="lesson-table" aria-label={t('forgetting.table')}>
      <thead>
        <tr>
          <th scope="col">{t('forgetting.arm')}</th>
          <th scope="col">{t('forgetting.target')}</th>
          <th scope="col">{t('source.column')}</th>
          <th scope="col">{t('forgetting.seedsColumn')}</th>
          <th scope="col">{t('forgetting.forgotten')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.arm} data-arm={r.arm}>
            <th scope="row">{t(`forgetting.arms.${r.arm}`)}</th>
            <td data-metric="targetAccuracy" data-mean={r.target.mean} data-sd={r.target.spread}><MeanSd of={r.target} /></td>
            <td data-metric="sourceAccuracy" data-mean={r.source.mean} data-sd={r.source.spread}><MeanSd of={r.source} /></td>
            <td data-metric="seeds">{r.target.n}</td>
            <td data-metric="forgetting">{r.forgettingPoints === null ? '—' : t('forgetting.pointsValue', { value: points(r.forgettingPoints) })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ForgettingReadingList({ rows }: { rows: ForgettingRow[] }) {
  const { t } = useTranslation('adaptation');
  return (
    <ul className="lesson-reading" aria-label={t('forgetting.reading')}>
      {forgettingReading(rows).map((v) => (
        <li key={v.arm} data-arm={v.arm} data-verdict={v.verdict}>
          {t(`forgetting.verdicts.${v.verdict}`, {
            arm: t(`forgetting.arms.${v.arm}`), gain: pointsPlain(v.sourceGain), spread: pointsPlain(v.sourceSpread), target: points(v.targetDifference), equal: EQUAL_TARGET_POINTS,
          })}
        </li>
      ))}
    </ul>
  );
}
