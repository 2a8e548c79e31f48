import { useDatasets } from '../../store/datasetsStore';
import { useTranslation } from 'react-i18next';
import { SkippedFilesTable } from './SkippedFilesTable';

/** What the last import did: imported, skipped (each with its reason), duplicates, notes (renamed or merged classes); or why it stopped. */
export function ImportReport() {
  const { t } = useTranslation('data');
  const report = useDatasets((s) => s.lastImport);
  if (!report) return null;
  return (
    <div className="import-report" role="status" aria-label={t('report.label')}>
      {report.status === 'done'
        ? <p>{t('report.done', { count: report.imported, name: report.name })}; {t('skipped.summary', { skipped: report.skipped.length, count: report.duplicates.length })}.</p>
        : <p className={report.status === 'failed' ? 'field-error' : undefined}>{report.message}</p>}
      {report.notes.length > 0 && (
        <ul className="import-notes" aria-label={t('report.notesLabel')}>
          {report.notes.map((note, i) => <li key={i}>{note}</li>)}
        </ul>
      )}
      <SkippedFilesTable skipped={report.skipped} duplicates={report.duplicates} label={t('report.skippedLabel')} />
    </div>
  );
}
