/**
 * Names that come from the user's folders, made into class and dataset names without failing the
 * import: a folder name too long is shortened, a blank one is skipped with its files, and class folders
 * whose names differ only in Unicode normalization are merged, each case with a line in the report.
 */
export const MAX_NAME_LENGTH = 100;

export type ClassName = { name: string; note: string | null } | { skip: string };

export function importedClassName(folder: string): ClassName {
  const name = folder.normalize('NFC').trim();
  if (!name) return { skip: `its class folder “${folder}” has a blank name (spaces only): rename the folder to import its images` };
  if (name.length <= MAX_NAME_LENGTH) return { name, note: null };
  const short = shorten(name);
  return { name: short, note: `Class folder “${shorten(name, 40)}” has a name of ${name.length} characters: imported as class “${short}” (class names have at most ${MAX_NAME_LENGTH})` };
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
    `${raw.size} class folders named “${name}” differ only in Unicode normalization (an accent stored as one or as two code points): merged into one class “${name}”`);
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
