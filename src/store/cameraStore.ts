import { create } from 'zustand';
import * as Comlink from 'comlink';
import type { GradCamResult, Prediction } from '../contract';
import { errorMessage } from '../common/errors';
import { action } from './actionError';
import { engineApi } from './engineSession';
import { useDatasets } from './datasetsStore';
import { useStudio } from './studioStore';
import { FrameRate, grabBitmap, grabPng, openCamera, releaseCamera } from './camera';
import { i18n } from '../common/i18n/i18n';

/**
 * The camera panel's state: whether the camera is on (it turns on only on a click and is released
 * when the panel closes or the tab is hidden), recording frames into a class of a stored dataset, and
 * live prediction (frames go to the engine worker, which answers between training steps).
 */

/** Where recorded frames go: a class of a stored dataset, or a new dataset when `datasetId` is null. */
export interface CameraTarget {
  datasetId: string | null;
  className: string;
}

export type LiveSource = 'current' | 'best';

export const RECORD_RATES = { min: 1, max: 30, default: 10 } as const;
/** One held press keeps at most this many frames in memory before they are saved. */
export const MAX_FRAMES_PER_PRESS = 300;
/** Frames sent to the engine and not yet answered: one inferred, one waiting (a newer one replaces it there). */
const MAX_OUTSTANDING = 2;
/** The live heatmap is recomputed at most this often: a Grad-CAM costs a forward and a backward pass. */
const HEATMAP_INTERVAL_MS = 300;
/** After a failed live frame, the next one waits this long (a model being rebuilt, no best checkpoint yet). */
const RETRY_AFTER_ERROR_MS = 1000;

export interface CameraState {
  panelOpen: boolean;
  target: CameraTarget | null;
  camera: 'off' | 'starting' | 'on';
  stream: MediaStream | null;
  /** Why the camera is off (refused, not found, the tab was hidden), with what to do. */
  notice: string | null;
  rate: number;
  /** Frames of the press under way, not yet saved. */
  recording: { className: string; frames: number } | null;
  saving: { className: string; frames: number } | null;
  live: boolean;
  liveSource: LiveSource;
  predictions: Prediction[] | null;
  /** Answered live frames per second, and the last one's inference time in the engine. */
  fps: number;
  inferenceMs: number | null;
  liveError: string | null;
  /** Grad-CAM over the video for the top class, from the same weights as the live bars. */
  heatmapOn: boolean;
  liveHeatmap: Pick<GradCamResult, 'heat' | 'className' | 'blockName'> & { side: number } | null;

  openPanel: (target: CameraTarget | null) => void;
  closePanel: () => void;
  setTarget: (target: CameraTarget | null) => void;
  startCamera: () => Promise<void>;
  stopCamera: (notice?: string) => void;
  setRate: (rate: number) => void;
  /** Starts a held recording on `video`: one frame at once, then one per 1/rate s until `stopRecording`. */
  startRecording: (video: HTMLVideoElement) => void;
  stopRecording: () => Promise<void>;
  setLive: (on: boolean, video: HTMLVideoElement | null) => void;
  setLiveSource: (source: LiveSource) => void;
  setHeatmap: (on: boolean, video: HTMLVideoElement | null) => void;
}

/** The held press under way: its timer and the frames grabbed so far (PNG blobs, in order). */
let press: { timer: ReturnType<typeof setInterval>; grabs: Promise<Blob | null>[]; className: string } | null = null;
/** Stops the live loop under way, if any. */
let stopLiveLoop: (() => void) | null = null;
/** Stops the live heatmap loop under way, if any. */
let stopHeatmapLoop: (() => void) | null = null;

export const useCamera = create<CameraState>()((set, get) => {
  const grabInto = (video: HTMLVideoElement) => {
    if (!press || press.grabs.length >= MAX_FRAMES_PER_PRESS) return;
    press.grabs.push(grabPng(video).catch(() => null));
    set({ recording: { className: press.className, frames: press.grabs.length } });
  };

  const saveFrames = action('camera', 'saveFrames', async (className: string, grabs: Promise<Blob | null>[]) => {
    const target = get().target;
    if (useDatasets.getState().importing) throw new Error(i18n.t('store:busy.importUnderWay'));
    const blobs = (await Promise.all(grabs)).filter((b): b is Blob => b !== null);
    if (blobs.length === 0) throw new Error(i18n.t('store:camera.noFrame'));
    set({ saving: { className, frames: blobs.length } });
    try {
      const stamp = Date.now();
      // Paths name the class folder, so a new dataset gets its class from the layout, as for a dropped folder.
      const files = blobs.map((file, i) => ({ path: `Camera/${className}/camera-${stamp}-${i + 1}.png`, file }));
      const datasets = useDatasets.getState();
      await datasets.importFiles(files, target?.datasetId ? { datasetId: target.datasetId, intoClass: className } : undefined, 'camera');
      const outcome = useDatasets.getState().lastImport;
      if (outcome?.status !== 'done' || !outcome.manifest) throw new Error(outcome?.message ?? i18n.t('store:camera.notSaved'));
      // A new dataset made by the first recording takes the next classes too.
      set({ target: { datasetId: outcome.manifest.id, className } });
    } finally {
      set({ saving: null });
    }
  });

  return {
    panelOpen: false,
    target: null,
    camera: 'off',
    stream: null,
    notice: null,
    rate: RECORD_RATES.default,
    recording: null,
    saving: null,
    live: false,
    liveSource: 'current',
    predictions: null,
    fps: 0,
    inferenceMs: null,
    liveError: null,
    heatmapOn: false,
    liveHeatmap: null,

    openPanel: (target) => set({ panelOpen: true, target, notice: null }),
    closePanel: () => {
      get().stopCamera();
      set({ panelOpen: false });
    },
    setTarget: (target) => set({ target }),

    startCamera: async () => {
      if (get().camera !== 'off') return;
      set({ camera: 'starting', notice: null });
      const opened = await openCamera();
      // The panel may have closed (or the tab been hidden) while the browser asked for permission.
      if (!get().panelOpen || get().camera !== 'starting') {
        if (!('refused' in opened)) releaseCamera(opened);
        return;
      }
      if ('refused' in opened) set({ camera: 'off', notice: opened.refused });
      else set({ camera: 'on', stream: opened });
    },

    stopCamera: (notice) => {
      const { stream } = get();
      if (press) void get().stopRecording();
      stopLiveLoop?.();
      stopHeatmapLoop?.();
      if (stream) releaseCamera(stream);
      set({ camera: 'off', stream: null, notice: notice ?? null, predictions: null, fps: 0, inferenceMs: null, live: false, heatmapOn: false, liveHeatmap: null });
    },

    setRate: (rate) => set({ rate: Math.min(RECORD_RATES.max, Math.max(RECORD_RATES.min, Math.round(rate) || RECORD_RATES.default)) }),

    startRecording: (video) => {
      const className = get().target?.className.trim() ?? '';
      if (press || get().saving || get().camera !== 'on' || !className) return;
      press = { timer: setInterval(() => grabInto(video), 1000 / get().rate), grabs: [], className };
      grabInto(video);
    },

    stopRecording: async () => {
      const done = press;
      if (!done) return;
      press = null;
      clearInterval(done.timer);
      set({ recording: null });
      await saveFrames(done.className, done.grabs);
    },

    setLive: (on, video) => {
      stopLiveLoop?.();
      set({ live: on && video !== null, predictions: null, fps: 0, inferenceMs: null, liveError: null });
      if (on && video) stopLiveLoop = runLiveLoop(video, () => get().liveSource, set);
    },

    setLiveSource: (source) => set({ liveSource: source, predictions: null, liveError: null, liveHeatmap: null }),

    setHeatmap: (on, video) => {
      stopHeatmapLoop?.();
      stopHeatmapLoop = null;
      set({ heatmapOn: on && video !== null, liveHeatmap: null, liveError: null });
      if (on && video) stopHeatmapLoop = runHeatmapLoop(video, () => get().liveSource, set);
    },
  };
});

/**
 * Sends the video's frames to the engine as it draws them, never more than MAX_OUTSTANDING unanswered;
 * answers update the bars and the frame rate. Returns the function that stops it.
 */
function runLiveLoop(video: HTMLVideoElement, source: () => LiveSource, set: (partial: Partial<CameraState>) => void): () => void {
  let stopped = false;
  let outstanding = 0;
  let pausedUntil = 0;
  const rate = new FrameRate();
  const send = async () => {
    outstanding++;
    try {
      const frame = await grabBitmap(video);
      if (stopped) { frame.close(); return; }
      const from = source();
      const answer = await engineApi().predictFrame(Comlink.transfer(frame, [frame]), 3, from);
      if (stopped || answer.status === 'skipped' || answer.source !== source()) return;
      const now = performance.now();
      rate.add(now);
      set({ predictions: answer.predictions, fps: rate.perSecond(now), inferenceMs: answer.inferenceMs, liveError: null });
    } catch (error) {
      if (stopped) return;
      pausedUntil = performance.now() + RETRY_AFTER_ERROR_MS;
      set({ liveError: errorMessage(error), predictions: null, fps: 0 });
    } finally {
      outstanding--;
    }
  };
  const onFrame = () => {
    if (stopped) return;
    if (outstanding < MAX_OUTSTANDING && performance.now() >= pausedUntil && video.videoWidth > 0) void send();
    nextFrame();
  };
  // requestVideoFrameCallback fires once per new camera frame; requestAnimationFrame is the fallback.
  const nextFrame = () => {
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(onFrame);
    else requestAnimationFrame(onFrame);
  };
  nextFrame();
  return () => { stopped = true; };
}

/**
 * Grad-CAM of the latest frame for its top class, one at a time and at most every HEATMAP_INTERVAL_MS, at the
 * block chosen for heatmaps elsewhere in the studio (the last feature map by default). Returns its stop function.
 */
function runHeatmapLoop(video: HTMLVideoElement, source: () => LiveSource, set: (partial: Partial<CameraState>) => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = (delay: number) => { if (!stopped) timer = setTimeout(() => void once(), delay); };
  const once = async () => {
    const started = performance.now();
    try {
      if (video.videoWidth === 0) return next(HEATMAP_INTERVAL_MS);
      const frame = await grabBitmap(video);
      if (stopped) { frame.close(); return; }
      const request = { classIndex: null, blockId: useStudio.getState().heatmapBlockId, source: source() };
      const result = await engineApi().gradCamFrame(Comlink.transfer(frame, [frame]), request);
      if (stopped) return;
      set({ liveHeatmap: { heat: result.heat, side: result.picture.width, className: result.className, blockName: result.blockName } });
      next(Math.max(0, HEATMAP_INTERVAL_MS - (performance.now() - started)));
    } catch (error) {
      if (stopped) return;
      set({ liveError: i18n.t('store:camera.heatmapFailed', { reason: errorMessage(error) }), liveHeatmap: null });
      next(RETRY_AFTER_ERROR_MS);
    }
  };
  next(0);
  return () => { stopped = true; clearTimeout(timer); };
}

/** The camera is released when the tab is hidden, and says why. */
export function releaseCameraWhenHidden(): () => void {
  const onVisibility = () => {
    if (document.visibilityState === 'hidden' && useCamera.getState().camera !== 'off') {
      useCamera.getState().stopCamera(i18n.t('store:camera.hidden'));
    }
  };
  document.addEventListener('visibilitychange', onVisibility);
  return () => document.removeEventListener('visibilitychange', onVisibility);
}
