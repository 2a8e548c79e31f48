import { errorMessage } from '../../common/errors';
import type { SkippedFile } from '../../contract';
import { ByteBudget } from './byteBudget';
import type { ImportSource } from './importer';
import { readZipDirectory, type ZipDirectoryEntry } from '../../common/zip/zipDirectory';
import { readZipEntry, wrongSize, type EntryReadOptions } from '../../common/zip/zipEntryReader';
import { formatNumber, i18n } from '../../common/i18n/i18n';

/**
 * The files of a classroom dataset zip, as if its folder had been dropped, read straight from the
 * File: the directory at its end gives every name and size, then each entry is inflated only when the
 * import reaches it, and released after it is stored. Entries the directory already refuses (too large,
 * encrypted, an unknown method, a path leading out of the archive, an impossible size) are skipped
 * without inflating anything.
 */
export const MAX_ZIP_ENTRY_BYTES = 64 * 1024 * 1024;
/**
 * Declared bytes of entries inflated at once. Each costs about twice its size while it is decoded
 * (its bytes and the Blob the browser decodes), so the import holds at most ~64 MB of zip entries,
 * or one larger entry (up to MAX_ZIP_ENTRY_BYTES) alone.
 */
const ZIP_BYTES_IN_FLIGHT = 32 * 1024 * 1024;

export interface ZipImport {
  sources: ImportSource[];
  skipped: SkippedFile[];
  notes: string[];
}

export async function openZip(zipName: string, zip: Blob, options: EntryReadOptions): Promise<ZipImport> {
  let directory: ZipDirectoryEntry[];
  try {
    directory = await readZipDirectory(zip);
  } catch (error) {
    return { sources: [], skipped: [{ path: zipName, reason: i18n.t('importer:zip.unreadable', { reason: errorMessage(error) }) }], notes: [] };
  }
  const files = directory.filter((entry) => !entry.name.endsWith('/'));
  if (files.length > 0 && files.every((entry) => entry.flags & 1)) {
    return { sources: [], skipped: [{ path: zipName, reason: i18n.t('importer:zip.encrypted') }], notes: [] };
  }
  const budget = new ByteBudget(ZIP_BYTES_IN_FLIGHT);
  const result: ZipImport = { sources: [], skipped: [], notes: duplicateNameNotes(zipName, files) };
  for (const entry of files) {
    const refused = entryProblem(entry);
    if (refused) result.skipped.push({ path: `${zipName}/${entry.name}`, reason: refused });
    else result.sources.push(entrySource(zip, entry, budget, options));
  }
  return result;
}

function entrySource(zip: Blob, entry: ZipDirectoryEntry, budget: ByteBudget, options: EntryReadOptions): ImportSource {
  return {
    path: entry.name,
    size: entry.size,
    use: async (work) => {
      const release = await budget.reserve(entry.size);
      try {
        const read = await readZipEntry(zip, entry, options);
        return 'skip' in read ? read : await work(read.bytes);
      } finally {
        release();
      }
    },
  };
}

/** Why the directory alone refuses an entry; null when it is worth inflating. */
function entryProblem(entry: ZipDirectoryEntry): string | null {
  const segments = entry.name.split(/[\\/]+/);
  if (segments.includes('..') || /^([\\/]|[a-zA-Z]:)/.test(entry.name)) {
    return i18n.t('importer:zip.entryOutside');
  }
  if (entry.flags & 1) return i18n.t('importer:zip.entryEncrypted');
  if (entry.method !== 0 && entry.method !== 8) return i18n.t('importer:zip.method', { method: entry.method });
  if (entry.size > MAX_ZIP_ENTRY_BYTES) {
    return i18n.t('importer:zip.entryTooLarge', { size: formatNumber(Math.round(entry.size / 2 ** 20)), limit: formatNumber(MAX_ZIP_ENTRY_BYTES / 2 ** 20) });
  }
  // Stored data is as long as the file; deflate's worst case (15-bit codes for every byte) is under twice it.
  const largestCompressed = entry.method === 0 ? entry.size : 2 * entry.size + 1024;
  if (entry.compressedSize > largestCompressed) return wrongSize();
  return null;
}

/** Entries sharing a name are all imported (each is its own file); the report says so. */
function duplicateNameNotes(zipName: string, entries: ZipDirectoryEntry[]): string[] {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.name, (counts.get(entry.name) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([name, n]) => i18n.t('importer:notes.sameZipNames', { zip: zipName, count: n, name }));
}
