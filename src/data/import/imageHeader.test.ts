import { describe, expect, it } from 'vitest';
import { readImageHeader } from './imageHeader';
import { isTruncated } from './imageEnd';

/** A PNG signature and IHDR claiming `width`×`height`, then `tail` (CRCs are not checked by the header reader). */
function pngHeader(width: number, height: number, tail: number[] = []): Uint8Array {
  const bytes = new Uint8Array(33 + tail.length);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 2, 0, 0, 0], 24);
  bytes.set(tail, 33);
  return bytes;
}
const IEND = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

describe('readImageHeader', () => {
  it('names AVIF and TIFF as formats the studio does not take, whatever the file is called', () => {
    const avif = new Uint8Array([0, 0, 0, 28, ...new TextEncoder().encode('ftypavif'), 0, 0, 0, 0]);
    expect(readImageHeader(avif, avif.length)).toEqual({ refuse: 'AVIF images are not supported by the studio: convert it to JPEG or PNG (any image editor exports them)' });
    const tiff = new Uint8Array([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]);
    expect(readImageHeader(tiff, tiff.length)).toEqual({ refuse: 'TIFF images are not supported by the studio: convert it to JPEG or PNG (any image editor exports them)' });
  });

  it('calls a header that claims far more pixels than its bytes can hold damaged; a plausible one passes', () => {
    expect(readImageHeader(pngHeader(9900, 9900), 700)).toEqual({ refuse: 'damaged: its header claims 9900×9900 px, far more than its 700 bytes can hold; copy or export it again from where it came' });
    expect(readImageHeader(pngHeader(9900, 9900), 20_000_000)).toMatchObject({ type: 'png', width: 9900, height: 9900 });
  });

  it('is unsure, not refusing, when it sees only the start of a larger file', () => {
    expect(readImageHeader(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]), 5_000_000)).toBe('unsure');
  });
});

describe('isTruncated', () => {
  it('accepts bytes after the end marker and refuses a file cut before it', () => {
    const complete = pngHeader(2, 2, [...IEND]);
    expect(isTruncated('png', complete)).toBe(false);
    expect(isTruncated('png', new Uint8Array([...complete, ...new TextEncoder().encode('video after the picture')]))).toBe(false);
    expect(isTruncated('png', complete.subarray(0, 30))).toBe(true);
  });

  it('finds a JPEG\'s EOI after its scan even with a video appended, and skips an EOI inside EXIF', () => {
    const exifWithThumbnailEnd = [0xff, 0xe1, 0, 6, 0xff, 0xd9, 0, 0];
    const scan = [0xff, 0xda, 0, 2, 0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56];
    const jpeg = [0xff, 0xd8, ...exifWithThumbnailEnd, ...scan, 0xff, 0xd9];
    expect(isTruncated('jpg', new Uint8Array(jpeg))).toBe(false);
    expect(isTruncated('jpg', new Uint8Array([...jpeg, 0, 0, 0, 24, ...new TextEncoder().encode('ftypmp42'), 1, 2, 3]))).toBe(false);
    expect(isTruncated('jpg', new Uint8Array([0xff, 0xd8, ...exifWithThumbnailEnd, ...scan]))).toBe(true);
  });
});
