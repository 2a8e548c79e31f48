import { i18n } from '../../common/i18n/i18n';
/**
 * Names that come from the user's folders, made into class and dataset names without failing the
 * import: a folder name too long is shortened, a blank one is skipped with its files, and class folders
 * whose names differ only in Unicode normalization are merged, each case with a line in the report.
 */
export const MAX_NAME_LENGTH = 100;

export type ClassName = { name: string; note: string | null } | { skip: string };

export function importedClassName(folder: string): ClassName {
  const name = folder.normalize('NFC').trim();
  if (!name) return { skip: i18n.t('importer:skip.blankClass', { folder }) };
  if (name.length <= MAX_NAME_LENGTH) return { name, note: null };
  const short = shorten(name);
  return { name: short, note: i18n.t('importer:notes.longClassName', { folder: shorten(name, 40), length: name.length, name: short, max: MAX_NAME_LENGTH }) };
}

/** The chosen folder's or zip's name as a dataset name: shortened when too long, a default when blank. */
export function importedDatasetName(name: string): string {
  const clean = name.normalize('NFC').trim();
  if (!clean) return `Images ${new Date().toLocaleDateString()}`;
  return clean.length <= MAX_NAME_LENGTH ? clean : shorten(clean);
}

/** One line per class whose folders were spelt with different code points for the same text. */
export function normalizationNotes(folders: Iterable<string>): string[] {
  const spellings = new Map<string, Set<string>>();
  for (const folder of folders) {
    const name = folder.normalize('NFC').trim();
    spellings.set(name, (spellings.get(name) ?? new Set()).add(folder));
  }
  return [...spellings].filter(([, raw]) => raw.size > 1).map(([name, raw]) =>
    i18n.t('importer:notes.normalization', { count: raw.size, name }));
}

/** At most `max` UTF-16 units with the ellipsis, cut between code points (never inside an emoji). */
function shorten(text: string, max = MAX_NAME_LENGTH): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out.trimEnd()}…`;
}
