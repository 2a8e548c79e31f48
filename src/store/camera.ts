import { errorMessage } from '../common/errors';
import { i18n } from '../common/i18n/i18n';

/**
 * The webcam as the studio uses it, on the page's thread: opening it (only on the user's click),
 * releasing it, and grabbing the centre square of the current video frame, either as a bitmap for
 * live prediction or as a lossless PNG for the importer (which makes the stored JPEG copy, as for files).
 */

/** Frames are grabbed at most this big: the stored copies are at most 256 px, and prediction resizes to the model's size. */
export const GRAB_SIDE = 256;

export async function openCamera(): Promise<MediaStream | { refused: string }> {
  if (!navigator.mediaDevices?.getUserMedia) {
    return { refused: i18n.t('store:camera.noCamera') };
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
  } catch (error) {
    return { refused: cameraRefusal(error) };
  }
}

/** What went wrong with the camera and what to do about it, from getUserMedia's error. */
export function cameraRefusal(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const after = i18n.t('store:camera.worksWithout');
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return i18n.t('store:camera.notAllowed', { after });
    case 'NotFoundError':
    case 'OverconstrainedError':
      return i18n.t('store:camera.notFound', { after });
    case 'NotReadableError':
    case 'AbortError':
      return i18n.t('store:camera.busy', { after });
    default:
      // The browser's own words for an unknown failure are quoted as they are.
      return i18n.t('store:camera.failed', { reason: errorMessage(error), after });
  }
}

/** Turns the camera off: every track stops, so the browser's camera light goes out. */
export function releaseCamera(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** The video's centre square and the side it is grabbed at (at most GRAB_SIDE). */
function centreSquare(video: HTMLVideoElement): { x: number; y: number; side: number; size: number } {
  const { videoWidth: width, videoHeight: height } = video;
  if (width < 1 || height < 1) throw new Error(i18n.t('store:camera.noPicture'));
  const side = Math.min(width, height);
  return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), side, size: Math.min(side, GRAB_SIDE) };
}

/** The centre square as a bitmap, for the engine worker (transferred there; it closes it). */
export function grabBitmap(video: HTMLVideoElement): Promise<ImageBitmap> {
  const { x, y, side, size } = centreSquare(video);
  return createImageBitmap(video, x, y, side, side, { resizeWidth: size, resizeHeight: size, resizeQuality: 'medium' });
}

let canvas: HTMLCanvasElement | null = null;

/** The centre square as a PNG file's bytes: lossless, so the importer's JPEG copy is the only lossy step, as for a photo. */
export function grabPng(video: HTMLVideoElement): Promise<Blob> {
  const { x, y, side, size } = centreSquare(video);
  canvas ??= document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (!context) throw new Error(i18n.t('store:camera.noCanvas'));
  context.drawImage(video, x, y, side, side, 0, 0, size, size);
  return new Promise((resolve, reject) => {
    canvas!.toBlob((blob) => (blob ? resolve(blob) : reject(new Error(i18n.t('store:camera.notEncoded')))), 'image/png');
  });
}

/** Frames per second over the last `windowMs`, from the times frames were answered. */
export class FrameRate {
  private times: number[] = [];

  constructor(private readonly windowMs = 2000) {}

  add(now: number): void {
    this.times.push(now);
    this.drop(now);
  }

  perSecond(now: number): number {
    this.drop(now);
    if (this.times.length < 2) return 0;
    const first = this.times[0]!;
    return ((this.times.length - 1) * 1000) / Math.max(1, now - first);
  }

  private drop(now: number): void {
    while (this.times.length > 0 && now - this.times[0]! > this.windowMs) this.times.shift();
  }
}
