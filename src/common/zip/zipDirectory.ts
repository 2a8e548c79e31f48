import { strFromU8 } from 'fflate';
import { i18n } from '../i18n/i18n';

/**
 * A zip's central directory, read from the end of the File with a few small slices: names, sizes,
 * flags and where each entry's bytes lie, before anything is inflated. Zip64 archives (over 4 GB or
 * 65,535 entries) are read too.
 */
export interface ZipDirectoryEntry {
  name: string;
  /** General-purpose flags: bit 0 = encrypted. */
  flags: number;
  /** 0 stored, 8 deflate; anything else is refused by name. */
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header in the File. */
  localOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const EOCD_SEARCH = 22 + 0xffff;

/** Thrown with a reason the user can act on. */
export class ZipFormatError extends Error {}

export async function readZipDirectory(zip: Blob): Promise<ZipDirectoryEntry[]> {
  const tailStart = Math.max(0, zip.size - EOCD_SEARCH);
  const tail = await bytesOf(zip, tailStart, zip.size);
  const at = lastSignature(tail, EOCD_SIGNATURE);
  if (at < 0) throw new ZipFormatError(i18n.t('importer:zip.noDirectory'));
  const view = viewOf(tail);
  let count = view.getUint16(at + 10, true);
  let directorySize = view.getUint32(at + 12, true);
  let directoryOffset = view.getUint32(at + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) {
    ({ count, directorySize, directoryOffset } = await readZip64End(zip, tail, at));
  }
  if (directoryOffset + directorySize > zip.size) throw new ZipFormatError(i18n.t('importer:zip.directoryPastEnd'));
  return parseDirectory(await bytesOf(zip, directoryOffset, directoryOffset + directorySize), count);
}

async function readZip64End(zip: Blob, tail: Uint8Array, eocdAt: number) {
  const locatorAt = eocdAt - 20;
  if (locatorAt < 0 || viewOf(tail).getUint32(locatorAt, true) !== ZIP64_LOCATOR_SIGNATURE) {
    throw new ZipFormatError(i18n.t('importer:zip.zip64Missing'));
  }
  const endOffset = Number(viewOf(tail).getBigUint64(locatorAt + 8, true));
  const end = viewOf(await bytesOf(zip, endOffset, endOffset + 56));
  if (end.byteLength < 56 || end.getUint32(0, true) !== ZIP64_EOCD_SIGNATURE) throw new ZipFormatError(i18n.t('importer:zip.zip64Damaged'));
  return {
    count: Number(end.getBigUint64(32, true)),
    directorySize: Number(end.getBigUint64(40, true)),
    directoryOffset: Number(end.getBigUint64(48, true)),
  };
}

function parseDirectory(bytes: Uint8Array, count: number): ZipDirectoryEntry[] {
  const view = viewOf(bytes);
  const entries: ZipDirectoryEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_SIGNATURE) throw new ZipFormatError(i18n.t('importer:zip.damagedDirectory', { entry: i + 1 }));
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    // Bit 11: the name is UTF-8; otherwise it is CP437, which fflate decodes as Latin-1.
    const entry: ZipDirectoryEntry = {
      name: strFromU8(nameBytes, (flags & 0x800) === 0),
      flags,
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    };
    applyZip64Extra(entry, bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Fields saturated at 0xffffffff are in the Zip64 extra field (id 1), in this order. */
function applyZip64Extra(entry: ZipDirectoryEntry, extra: Uint8Array): void {
  const view = viewOf(extra);
  for (let at = 0; at + 4 <= extra.length; at += 4 + view.getUint16(at + 2, true)) {
    if (view.getUint16(at, true) !== 1) continue;
    let field = at + 4;
    const next = () => {
      const value = field + 8 <= extra.length ? Number(view.getBigUint64(field, true)) : 0xffffffff;
      field += 8;
      return value;
    };
    if (entry.size === 0xffffffff) entry.size = next();
    if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
    if (entry.localOffset === 0xffffffff) entry.localOffset = next();
    return;
  }
}

function lastSignature(bytes: Uint8Array, signature: number): number {
  const view = viewOf(bytes);
  for (let at = bytes.length - 22; at >= 0; at--) if (view.getUint32(at, true) === signature) return at;
  return -1;
}

export async function bytesOf(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
