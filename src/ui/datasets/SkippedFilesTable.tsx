import type { DuplicateFile, SkippedFile } from '../../contract';
import { useTranslation } from 'react-i18next';

/** File names are user data: rendered as text only, never as markup. */
export function SkippedFilesTable({ skipped, duplicates, label }: { skipped: SkippedFile[]; duplicates: DuplicateFile[]; label: string }) {
  const { t } = useTranslation('data');
  if (skipped.length + duplicates.length === 0) return null;
  return (
    <details className="skipped-files" open={skipped.length + duplicates.length <= 20}>
      <summary>{t('skipped.summary', { skipped: skipped.length, count: duplicates.length })}</summary>
      <table aria-label={label}>
        <thead><tr><th scope="col">{t('skipped.file')}</th><th scope="col">{t('skipped.why')}</th></tr></thead>
        <tbody>
          {skipped.map((s, i) => <tr key={`s${i}`}><td>{s.path}</td><td>{s.reason}</td></tr>)}
          {duplicates.map((d, i) => <tr key={`d${i}`}><td>{d.path}</td><td>{t('skipped.duplicateOf', { path: d.duplicateOf })}</td></tr>)}
        </tbody>
      </table>
    </details>
  );
}
