import { imageSize } from 'image-size';
import { formatNumber, i18n } from '../../common/i18n/i18n';

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
    if (brand === 'avif' || brand === 'avis') return i18n.t('importer:skip.convert', { format: 'AVIF' });
    if (/^(heic|heix|hevc|hevx|mif1|msf1)$/.test(brand)) return i18n.t('importer:skip.heic');
  }
  const tiff = text(0, 4);
  if (tiff === 'II*\0' || tiff === 'MM\0*') return i18n.t('importer:skip.convert', { format: 'TIFF' });
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
    return bytes.length < size ? 'unsure' : { refuse: i18n.t('importer:skip.unreadableHeader') };
  }
  const type = header.type ?? 'unknown';
  if (!SUPPORTED.has(type)) return { refuse: unsupportedReason(type) };
  const { width, height } = header;
  if (!(width > 0 && height > 0)) return { refuse: i18n.t('importer:skip.noSize') };
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
    return { refuse: i18n.t('importer:skip.tooManyPixels', { width, height, megapixels: formatNumber(MAX_PIXELS / 1e6) }) };
  }
  const perByte = MAX_PIXELS_PER_BYTE[type];
  if (perByte !== undefined && width * height > size * perByte) {
    return { refuse: i18n.t('importer:skip.claimsTooMuch', { width, height, bytes: size }) };
  }
  return { type, width, height, orientation: header.orientation ?? 1 };
}

function unsupportedReason(type: string): string {
  if (type === 'svg') return i18n.t('importer:skip.svg');
  if (type === 'heif') return i18n.t('importer:skip.heic');
  if (GUESSED.has(type)) return i18n.t('importer:skip.unreadableHeader');
  return i18n.t('importer:skip.convert', { format: type.toUpperCase() });
}
