import type { DuplicateFile, SkippedFile } from '../../contract';

/** File names are user data: rendered as text only, never as markup. */
export function SkippedFilesTable({ skipped, duplicates, label }: { skipped: SkippedFile[]; duplicates: DuplicateFile[]; label: string }) {
  if (skipped.length + duplicates.length === 0) return null;
  return (
    <details className="skipped-files" open={skipped.length + duplicates.length <= 20}>
      <summary>{skipped.length} skipped, {duplicates.length} duplicate{duplicates.length === 1 ? '' : 's'}</summary>
      <table aria-label={label}>
        <thead><tr><th scope="col">File</th><th scope="col">Why</th></tr></thead>
        <tbody>
          {skipped.map((s, i) => <tr key={`s${i}`}><td>{s.path}</td><td>{s.reason}</td></tr>)}
          {duplicates.map((d, i) => <tr key={`d${i}`}><td>{d.path}</td><td>duplicate of {d.duplicateOf} (kept once)</td></tr>)}
        </tbody>
      </table>
    </details>
  );
}
