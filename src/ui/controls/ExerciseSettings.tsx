import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store/studioStore';
import { saveFile } from '../common/saveFile';

/** The model and training settings as a JSON file, to hand out an exercise or repeat a run. */
export function ExerciseSettings({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation('controls');
  const download = () => {
    saveFile('thaw-settings.json', useStudio.getState().exerciseSettingsJson(), 'application/json');
  };
  const load = async (file: File | undefined) => {
    if (file) await useStudio.getState().loadExerciseSettings(await file.text(), file.name);
  };
  return (
    <>
      <div className="buttons exercise-settings">
        <button type="button" disabled={disabled} onClick={download}>{t('settingsFile.download')}</button>
        <label className="file-button">
          {t('settingsFile.load')}{' '}
          <input type="file" accept=".json,application/json" disabled={disabled} onChange={(e) => { void load(e.target.files?.[0]); e.target.value = ''; }} />
        </label>
      </div>
      <SettingsReport />
    </>
  );
}

/** What the last settings file did: one report per file, every skipped field listed (none is dropped). */
function SettingsReport() {
  const { t } = useTranslation('controls');
  const report = useStudio((s) => s.settingsReport);
  const dismiss = useStudio((s) => s.dismissSettingsReport);
  if (!report) return null;
  const skipped = report.skipped.length;
  return (
    <div role="status" aria-label={t('settingsFile.reportLabel')} className={skipped > 0 ? 'warning' : 'hint'}>
      <p>
        {t(skipped > 0 ? 'settingsFile.reportSkipped' : 'settingsFile.report', { file: report.file, applied: report.applied, skipped })}
        {' '}<button type="button" className="small" onClick={dismiss}>{t('settingsFile.dismiss')}</button>
      </p>
      {/* Each line names the file's field and why it was not applied; it reads on its own when copied. */}
      {skipped > 0 && <ul>{report.skipped.map((line, i) => <li key={i}>{t('settingsFile.skippedLine', { line })}</li>)}</ul>}
    </div>
  );
}
