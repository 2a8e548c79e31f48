/**
 * Whether a file holds its whole picture: browsers decode a cut file silently (the missing part grey),
 * so the importer refuses files whose end is missing. The end is found by walking the format's own
 * structure, not by looking at the file's last bytes: phone "motion photos" (a video after the JPEG)
 * and PNGs with bytes after IEND are complete pictures and are accepted.
 */
export function isTruncated(type: string, bytes: Uint8Array): boolean {
  const n = bytes.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (type) {
    case 'png':
      return !pngHasEnd(bytes, view);
    case 'jpg':
      return !jpegHasEnd(bytes);
    case 'gif':
      return !gifHasEnd(bytes);
    case 'webp':
      return n < 12 || view.getUint32(4, true) + 8 > n;
    case 'bmp':
      return n < 6 || view.getUint32(2, true) > n;
    default:
      return false;
  }
}

/** Chunk by chunk from the signature to IEND; a length running past the end means the file was cut. */
function pngHasEnd(bytes: Uint8Array, view: DataView): boolean {
  for (let at = 8; at + 12 <= bytes.length; at += 12 + view.getUint32(at, false)) {
    if (view.getUint32(at + 4, false) === 0x49454e44) return true; // IEND
  }
  return false;
}

/**
 * Segment by segment to the first scan, then through the entropy-coded data (where 0xFF is always
 * followed by 0x00 or a marker) to EOI. A thumbnail's EOI inside an EXIF segment is skipped with it.
 */
function jpegHasEnd(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return false;
  let at = 2;
  while (at + 1 < n) {
    if (bytes[at] !== 0xff) return false;
    const marker = bytes[at + 1]!;
    if (marker === 0xd9) return true;
    if (marker === 0xff) { at++; continue; } // fill byte before a marker
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { at += 2; continue; } // markers without a length
    if (at + 3 >= n) return false;
    at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
    if (marker === 0xda) at = nextMarkerAfterScan(bytes, at);
  }
  return false;
}

function nextMarkerAfterScan(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) {
    const next = bytes[i + 1]!;
    if (bytes[i] === 0xff && next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) return i;
  }
  return bytes.length;
}

/** Block by block (extensions, images and their data sub-blocks) to the 0x3B trailer. */
function gifHasEnd(bytes: Uint8Array): boolean {
  const n = bytes.length;
  const colourTable = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  let at = 13 + colourTable(bytes[10] ?? 0);
  while (at < n) {
    const block = bytes[at];
    if (block === 0x3b) return true;
    if (block === 0x21) at = skipSubBlocks(bytes, at + 2);
    else if (block === 0x2c) at = skipSubBlocks(bytes, at + 11 + colourTable(bytes[at + 9] ?? 0));
    else return false;
  }
  return false;
}

function skipSubBlocks(bytes: Uint8Array, from: number): number {
  let at = from;
  while (at < bytes.length) {
    const size = bytes[at]!;
    at += 1 + size;
    if (size === 0) return at;
  }
  return bytes.length;
}
