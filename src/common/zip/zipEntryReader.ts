import { Inflate } from 'fflate';
import { Crc32 } from './crc32';
import { yieldToEventLoop } from '../yieldToEventLoop';
import { bytesOf, viewOf, type ZipDirectoryEntry } from './zipDirectory';
import { i18n } from '../i18n/i18n';

/**
 * One zip entry inflated on its own, straight from the File: its compressed bytes are read in slices
 * and pushed through fflate's streaming `Inflate` in small pieces, into one buffer of the size the
 * directory declares. Inflating stops as soon as the output passes that size (a lying directory), the
 * import is cancelled, or the first bytes already refuse the file; the checksum is checked at the end.
 */
export interface EntryReadOptions {
  isCancelled(): boolean;
  /** Looks at the first bytes of the entry (its image header): a reason to stop, or null to go on. */
  inspectHead?(head: Uint8Array, size: number): string | null;
}

export type EntryRead = { bytes: Uint8Array<ArrayBuffer> } | { skip: string };

/** Compressed bytes per read from the File. */
const READ_BYTES = 256 * 1024;
/** Compressed bytes per push: deflate inflates at most 1032:1, so one push adds at most ~4 MB (and overshoots a lying size by no more). */
const PUSH_BYTES = 4 * 1024;
/** Synchronous inflating between two turns of the event loop (where a Cancel message is read). */
const YIELD_AFTER_MS = 30;
/** How much of an entry its first look sees: enough for the header of any photo. */
export const HEAD_BYTES = 64 * 1024;
const LOCAL_SIGNATURE = 0x04034b50;

/** An entry that unpacks to another size than its directory says (worded in the current language). */
export function wrongSize(): string {
  return i18n.t('importer:zip.wrongSize');
}
const CANCELLED: EntryRead = { skip: 'import cancelled' };

export async function readZipEntry(zip: Blob, entry: ZipDirectoryEntry, options: EntryReadOptions): Promise<EntryRead> {
  const dataStart = await dataOffset(zip, entry);
  if (typeof dataStart === 'string') return { skip: dataStart };
  const sink = new EntrySink(entry.size);
  const decoder = entry.method === 8 ? new Inflate((chunk) => sink.add(chunk)) : null;
  const end = dataStart + entry.compressedSize;
  let looked = !options.inspectHead;
  let lastYield: number;
  try {
    for (let at = dataStart; at < end; at += READ_BYTES) {
      const slice = await bytesOf(zip, at, Math.min(end, at + READ_BYTES));
      lastYield = performance.now();
      for (let piece = 0; piece < slice.length; piece += PUSH_BYTES) {
        // Inflating one slice can take hundreds of ms: let a Cancel message in.
        if (performance.now() - lastYield > YIELD_AFTER_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
        if (options.isCancelled()) return CANCELLED;
        const bytes = slice.subarray(piece, piece + PUSH_BYTES);
        const last = at + piece + bytes.length >= end;
        if (decoder) decoder.push(bytes, last); else sink.add(bytes);
        if (sink.overflow) return { skip: wrongSize() };
        // The first look as soon as its bytes are there: a file the header refuses is not inflated further.
        if (!looked && (sink.written >= Math.min(HEAD_BYTES, entry.size) || last)) {
          looked = true;
          const refused = options.inspectHead?.(sink.bytes.subarray(0, sink.written), entry.size);
          if (refused) return { skip: refused };
        }
      }
    }
  } catch (error) {
    return { skip: i18n.t('importer:zip.damaged', { reason: error instanceof Error ? error.message : String(error) }) };
  }
  return sink.finish(entry);
}

/** Where the entry's data starts: after its local header, whose name and extra field may differ from the directory's. */
async function dataOffset(zip: Blob, entry: ZipDirectoryEntry): Promise<number | string> {
  const header = await bytesOf(zip, entry.localOffset, entry.localOffset + 30);
  const view = viewOf(header);
  if (header.length < 30 || view.getUint32(0, true) !== LOCAL_SIGNATURE) return i18n.t('importer:zip.noEntryHeader');
  const start = entry.localOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
  if (start + entry.compressedSize > zip.size) return i18n.t('importer:zip.cutShort');
  return start;
}

/** The entry's bytes, never more than declared: what would go past is counted as overflow and dropped. */
class EntrySink {
  readonly bytes: Uint8Array<ArrayBuffer>;
  written = 0;
  overflow = false;
  private readonly crc = new Crc32();

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
  }

  add(chunk: Uint8Array): void {
    if (this.overflow || this.written + chunk.length > this.bytes.length) { this.overflow = true; return; }
    this.bytes.set(chunk, this.written);
    this.written += chunk.length;
    this.crc.update(chunk);
  }

  finish(entry: ZipDirectoryEntry): EntryRead {
    if (this.written !== this.bytes.length) return { skip: wrongSize() };
    if (this.crc.value() !== entry.crc) return { skip: i18n.t('importer:zip.checksum') };
    return { bytes: this.bytes };
  }
}
