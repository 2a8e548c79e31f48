import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useExperiments } from '../../store/experimentsStore';
import { useStudio } from '../../store/studioStore';
import { saveFile } from '../common/saveFile';
import { RunsTable } from './RunsTable';
import { RunsOverlayChart } from './RunsOverlayChart';
import { ErrorNotice } from '../controls/ErrorNotice';
import { useBusy } from '../flow/useBusy';

/** Runs recorded in IndexedDB, compared side by side; the three classic strategies in one click. */
export function ExperimentsPanel() {
  const { t } = useTranslation('experiments');
  const comparing = useExperiments((s) => s.comparing);
  const damaged = useExperiments((s) => s.damaged);
  const hasRuns = useExperiments((s) => s.runs.length > 0);
  const importReport = useExperiments((s) => s.importReport);
  const busy = useBusy();
  const epochs = useStudio((s) => s.trainingForm.epochs);
  const compareStrategies = useExperiments((s) => s.compareStrategies);
  const exportRuns = useExperiments((s) => s.exportRuns);
  const importRuns = useExperiments((s) => s.importRuns);
  const dismissImportReport = useExperiments((s) => s.dismissImportReport);
  const refresh = useExperiments((s) => s.refresh);
  useEffect(() => { void refresh(); }, [refresh]);
  const download = (format: 'csv' | 'json') => {
    const file = exportRuns(format);
    saveFile(file.name, file.text, format === 'csv' ? 'text/csv' : 'application/json');
  };
  return (
    <section className="panel experiments" aria-labelledby="experiments-heading">
      <h3 id="experiments-heading">{t('heading')}</h3>
      <div className="buttons">
        <button type="button" disabled={busy || comparing !== null} onClick={() => void compareStrategies()}>{t('compare')}</button>
        <span className="hint">
          {t('compareHint', { epochs })}
        </span>
      </div>
      {comparing && (
        <p role="status" aria-label={t('progressLabel')}>
          {t('progress', { index: comparing.index + 1, total: comparing.total, label: comparing.label })}
        </p>
      )}
      <ErrorNotice part="experiments" />
      {damaged > 0 && <p className="warning" role="note">{t('damaged', { damaged })}</p>}
      {importReport && (
        <div role="status" aria-label={t('importReportLabel')} className={importReport.skipped.length > 0 ? 'warning' : undefined}>
          <p>
            {t('importReport', { file: importReport.file, added: importReport.added })}
            {importReport.skipped.length > 0 && t('importSkipped', { skipped: importReport.skipped.length })}
            {' '}<button type="button" className="small" onClick={dismissImportReport}>{t('dismiss')}</button>
          </p>
          {importReport.skipped.length > 0 && <ul>{importReport.skipped.map((line, i) => <li key={i}>{line}</li>)}</ul>}
        </div>
      )}
      <RunsOverlayChart />
      <RunsTable />
      <div className="buttons">
        {hasRuns && (
          <>
            <button type="button" onClick={() => download('csv')}>{t('downloadCsv')}</button>
            <button type="button" onClick={() => download('json')}>{t('downloadJson')}</button>
          </>
        )}
        {/* Students' downloaded runs, gathered into this table to compare them. */}
        <label className="file-button">
          {t('importRuns')}{' '}
          <input type="file" accept=".json,application/json" onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importRuns(file);
            e.target.value = '';
          }} />
        </label>
      </div>
    </section>
  );
}
