/// <reference lib="webworker" />
import type { FileBytes, ProcessedImage } from './importer';
import { readImageHeader } from './imageHeader';
import { isTruncated } from './imageEnd';
import { i18n } from '../../common/i18n/i18n';

/**
 * One file to one stored image, in the import worker: the header is read first (type and size, so a
 * decompression bomb is refused before any decode), then the browser decodes it with its EXIF
 * orientation, downscaled to a bounded size, flattened on white and re-encoded as JPEG.
 */
export const STORED_LONGEST_SIDE = 256;

export async function processImageFile(file: FileBytes): Promise<ProcessedImage | { skip: string }> {
  const bytes = file instanceof Uint8Array ? file : new Uint8Array(await file.arrayBuffer());
  const header = readImageHeader(bytes, bytes.length);
  if (header === 'unsure') return { skip: i18n.t('importer:skip.unreadableHeader') };
  if ('refuse' in header) return { skip: header.refuse };
  if (isTruncated(header.type, bytes)) return { skip: i18n.t('importer:skip.truncated') };
  // Hashed before decoding, so a zip entry's bytes need not outlive the decode.
  const hash = toHex(await crypto.subtle.digest('SHA-256', bytes));

  // EXIF orientations 5–8 turn the picture a quarter: the stored copy is upright.
  const quarterTurn = header.orientation >= 5;
  const [uprightWidth, uprightHeight] = quarterTurn ? [header.height, header.width] : [header.width, header.height];
  const scale = Math.min(1, STORED_LONGEST_SIDE / Math.max(uprightWidth, uprightHeight));
  const targetWidth = Math.max(1, Math.round(uprightWidth * scale));
  const targetHeight = Math.max(1, Math.round(uprightHeight * scale));
  let bitmap: ImageBitmap;
  try {
    // A Blob, not the bytes: the browser sniffs the format from the content.
    bitmap = await createImageBitmap(file instanceof Blob ? file : new Blob([bytes]), {
      imageOrientation: 'from-image', resizeWidth: targetWidth, resizeHeight: targetHeight, resizeQuality: 'high',
    });
  } catch {
    return { skip: i18n.t('importer:skip.undecodable') };
  }
  const canvas = new OffscreenCanvas(targetWidth, targetHeight);
  // A CPU-backed canvas: encoding a small image from it is ~1.7x faster than reading it back from the GPU.
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, targetWidth, targetHeight);
  context.drawImage(bitmap, 0, 0, targetWidth, targetHeight);
  bitmap.close();
  const encoded = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
  return { image: { bytes: new Uint8Array(await encoded.arrayBuffer()), type: 'image/jpeg' }, width: targetWidth, height: targetHeight, hash };
}

function toHex(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
