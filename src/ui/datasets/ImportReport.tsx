import { useDatasets } from '../../store/datasetsStore';
import { SkippedFilesTable } from './SkippedFilesTable';

/** What the last import did: imported, skipped (each with its reason), duplicates, notes (renamed or merged classes); or why it stopped. */
export function ImportReport() {
  const report = useDatasets((s) => s.lastImport);
  if (!report) return null;
  return (
    <div className="import-report" role="status" aria-label="Import report">
      {report.status === 'done'
        ? <p>Imported {report.imported} image{report.imported === 1 ? '' : 's'} into “{report.name}”; {report.skipped.length} skipped, {report.duplicates.length} duplicate{report.duplicates.length === 1 ? '' : 's'}.</p>
        : <p className={report.status === 'failed' ? 'field-error' : undefined}>{report.message}</p>}
      {report.notes.length > 0 && (
        <ul className="import-notes" aria-label="Import notes">
          {report.notes.map((note, i) => <li key={i}>{note}</li>)}
        </ul>
      )}
      <SkippedFilesTable skipped={report.skipped} duplicates={report.duplicates} label="Skipped files of the last import" />
    </div>
  );
}
