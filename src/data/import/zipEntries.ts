import { errorMessage } from '../../common/errors';
import type { SkippedFile } from '../../contract';
import { unzipSync } from 'fflate';
import type { ImportFile } from './importer';

/** Per entry and per archive: a zip declaring more than this is refused before anything is inflated. */
export const MAX_ZIP_ENTRY_BYTES = 64 * 1024 * 1024;
export const MAX_ZIP_TOTAL_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * The files of a classroom dataset zip, as if its folder had been dropped. Sizes come from the zip's
 * directory, so an oversized entry (or a zip bomb) is skipped without inflating it.
 */
export function expandZip(zipName: string, bytes: Uint8Array): { files: ImportFile[]; skipped: SkippedFile[] } {
  const skipped: SkippedFile[] = [];
  let declaredTotal = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (entry) => {
        if (entry.name.endsWith('/')) return false;
        if (entry.originalSize > MAX_ZIP_ENTRY_BYTES) {
          skipped.push({ path: `${zipName}/${entry.name}`, reason: `too large inside the zip (${Math.round(entry.originalSize / 2 ** 20)} MB unpacked)` });
          return false;
        }
        declaredTotal += entry.originalSize;
        if (declaredTotal > MAX_ZIP_TOTAL_BYTES) throw new Error('it unpacks to more than 2 GB');
        return true;
      },
    });
  } catch (error) {
    return { files: [], skipped: [{ path: zipName, reason: `not a readable zip (${errorMessage(error)})` }] };
  }
  const files = Object.entries(entries).map(([path, data]) => ({ path, file: new Blob([data as Uint8Array<ArrayBuffer>]) }));
  return { files, skipped };
}
