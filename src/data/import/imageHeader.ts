import { imageSize } from 'image-size';

/**
 * What a file's first bytes say about it, before anything is decoded: its format, its size in pixels
 * and its orientation, or why it is refused (an unsupported format named as such, a decompression
 * bomb, a header that claims far more pixels than the file could hold).
 */
export const MAX_PIXELS = 100_000_000;
export const MAX_SIDE = 30_000;

export interface ImageHeader {
  type: string;
  width: number;
  height: number;
  orientation: number;
}

const SUPPORTED = new Set(['jpg', 'png', 'gif', 'webp', 'bmp']);
/** Formats image-size guesses without a magic number: random bytes can look like them, so they are not named. */
const GUESSED = new Set(['tga', 'pnm', 'cur', 'ico', 'dds', 'ktx']);
const CONVERT = 'convert it to JPEG or PNG (any image editor exports them)';
/**
 * The most pixels one byte of a complete file can hold: deflate stops at 1032:1 and a PNG has at
 * least 1 bit per pixel; a JPEG has at least a bit per 8×8 block. Twice that, to stay on the safe side.
 */
const MAX_PIXELS_PER_BYTE: Record<string, number> = { png: 8 * 1032 * 2, jpg: 8 * 64 * 2 };

/** Formats with a sure signature, named even when their header cannot be parsed. */
function sniffUnsupported(bytes: Uint8Array): string | null {
  const text = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (text(4, 8) === 'ftyp') {
    const brand = text(8, 12);
    if (brand === 'avif' || brand === 'avis') return `AVIF images are not supported by the studio: ${CONVERT}`;
    if (/^(heic|heix|hevc|hevx|mif1|msf1)$/.test(brand)) return 'HEIC/HEIF cannot be decoded by the browser: export it as JPEG';
  }
  const tiff = text(0, 4);
  if (tiff === 'II*\0' || tiff === 'MM\0*') return `TIFF images are not supported by the studio: ${CONVERT}`;
  return null;
}

/**
 * The header of `bytes` (the whole file, or its first bytes when `size` is larger): `unsure` when only
 * part of the file is there and its header lies further on.
 */
export function readImageHeader(bytes: Uint8Array, size: number): ImageHeader | { refuse: string } | 'unsure' {
  const named = sniffUnsupported(bytes);
  if (named) return { refuse: named };
  let header: ReturnType<typeof imageSize>;
  try {
    header = imageSize(bytes);
  } catch {
    return bytes.length < size ? 'unsure' : { refuse: 'not a readable image (unknown or damaged header)' };
  }
  const type = header.type ?? 'unknown';
  if (!SUPPORTED.has(type)) return { refuse: unsupportedReason(type) };
  const { width, height } = header;
  if (!(width > 0 && height > 0)) return { refuse: 'not a readable image (no size in its header)' };
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
    return { refuse: `too large to decode safely: ${width}×${height} px (limit ${MAX_PIXELS / 1e6} megapixels)` };
  }
  const perByte = MAX_PIXELS_PER_BYTE[type];
  if (perByte !== undefined && width * height > size * perByte) {
    return { refuse: `damaged: its header claims ${width}×${height} px, far more than its ${size} bytes can hold; copy or export it again from where it came` };
  }
  return { type, width, height, orientation: header.orientation ?? 1 };
}

function unsupportedReason(type: string): string {
  if (type === 'svg') return 'SVG (vector) images are not supported';
  if (type === 'heif') return 'HEIC/HEIF cannot be decoded by the browser: export it as JPEG';
  if (GUESSED.has(type)) return 'not a readable image (unknown or damaged header)';
  return `${type.toUpperCase()} images are not supported by the studio: ${CONVERT}`;
}
