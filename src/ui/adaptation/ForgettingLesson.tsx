import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store/studioStore';
import { useForgettingLesson } from '../../store/forgettingLessonStore';
import { FORGETTING_ARMS, forgettingReading, forgettingRows, EQUAL_TARGET_POINTS, type ForgettingRow } from '../../store/forgettingLesson';
import { formatNumber } from '../../common/i18n/i18n';
import { NumberField } from '../controls/NumberField';
import { ErrorNotice } from '../controls/ErrorNotice';

const percent = (x: number) => formatNumber(x, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const points = (x: number) => formatNumber(x, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/**
 * The forgetting lesson: the built-in backbone fine-tuned on the sample dataset five ways (frozen reference,
 * plain, 10× lower backbone rate, L2-SP, EWC), target and source accuracy side by side, and what they say.
 */
export function ForgettingLesson() {
  const { t } = useTranslation('adaptation');
  const { settings, running, results, setSettings, run } = useForgettingLesson();
  const busy = useStudio((s) => s.runState === 'training' || s.runState === 'paused' || s.engineStatus !== 'ready');
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
      </div>
      <button type="button" onClick={() => void run()} disabled={busy || running !== null}>{t('forgetting.run')}</button>
      {running && (
        <p className="hint" role="status" aria-label={t('forgetting.progressLabel')}>
          {t('forgetting.progress', { index: running.index + 1, total: running.total, arm: t(`forgetting.arms.${running.arm}`) })}
        </p>
      )}
      {rows.length > 0 && <ForgettingTable rows={rows} />}
      {rows.length === FORGETTING_ARMS.length && <ForgettingReadingList rows={rows} />}
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
          <th scope="col">{t('forgetting.forgotten')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.arm} data-arm={r.arm}>
            <th scope="row">{t(`forgetting.arms.${r.arm}`)}</th>
            <td data-metric="targetAccuracy">{percent(r.targetAccuracy)}</td>
            <td data-metric="sourceAccuracy">{percent(r.sourceAccuracy)}</td>
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
        <li key={v.arm} data-verdict={v.verdict}>
          {t(`forgetting.verdicts.${v.verdict}`, {
            arm: t(`forgetting.arms.${v.arm}`), gain: formatNumber(v.sourceGain, { maximumFractionDigits: 1 }), target: points(v.targetDifference), equal: EQUAL_TARGET_POINTS,
          })}
        </li>
      ))}
    </ul>
  );
}
