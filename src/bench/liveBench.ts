import { type BackendName, DEFAULT_OPTIMIZER } from '../contract';
import * as Comlink from 'comlink';
import type { EngineApi, LiveAnswer } from '../engine/api';

/**
 * The live workload (issue #20): the studio's engine in its own worker, fed camera-like frames as the
 * camera panel feeds it (ImageBitmaps transferred, at most two unanswered, a 30 frames/s source), alone
 * and while a run trains; and the same run without frames. Reports live frames/s with and without
 * training, training images/s with and without live prediction, and the page's longest task meanwhile.
 */
export interface LiveBenchResult {
  trainImages: number;
  inputSize: number;
  batchSize: number;
  liveFpsIdle: number;
  liveFpsTraining: number;
  trainingImagesPerSecond: number;
  trainingWithLiveImagesPerSecond: number;
  liveTrainingRatio: number;
  /** Images/s of each run, in the order they ran (alone, with, with, alone). */
  trainingRuns: { alone: number[]; withLive: number[] };
  /** Longest main-thread task (PerformanceObserver 'longtask', ≥ 50 ms) while both ran; 0 when there was none. */
  longestTaskMs: number;
  /** Largest lateness of a 10 ms timer on the main thread while both ran: finer than long tasks. */
  maxTimerLagMs: number;
  summary: { live_fps_idle: number; live_fps_training: number; live_training_ratio: number; live_main_longest_task_ms: number };
}

const SOURCE_FPS = 30;
const FRAME = { width: 640, height: 480 };
const MAX_OUTSTANDING = 2;

export async function runLiveBench(backend: BackendName, seconds: number, epochs: number): Promise<LiveBenchResult> {
  console.log(`[bench] live: frames to the engine worker, alone (${seconds} s), then ${epochs}-epoch runs without, with, with and without frames`);
  const worker = new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module', name: 'thaw-engine-bench' });
  const engine = Comlink.wrap<EngineApi>(worker);
  try {
    await engine.init(backend);
    const dataset = await engine.loadSampleDataset({ seed: 4, imageSize: 32, imagesPerClass: 64, imbalanced: false, validationFraction: 0.2 });
    await engine.buildModel({ architecture: 'small-cnn', width: 8, dropout: 0.2, seed: 1, inputSize: 32 });
    const trainImages = dataset.trainCounts.reduce((a, b) => a + b, 0);
    const config = { epochs, batchSize: 32, seed: 1, optimizer: DEFAULT_OPTIMIZER };
    // Warm-up: shaders for training and for prediction are compiled before any clock starts.
    await engine.train({ ...config, epochs: 1 }, Comlink.proxy(() => {}));
    const idle = await streamFrames(engine, () => sleep(seconds * 1000));
    // Runs without and with frames alternate (without, with, with, without), so a drift of the machine cancels out.
    const alone: number[] = [];
    const withLive: number[] = [];
    const during: number[] = [];
    const main = { longestTaskMs: 0, maxTimerLagMs: 0 };
    const runWithFrames = async () => {
      const lag = watchMainThread();
      const streamed = await streamFrames(engine, async () => { withLive.push((await timedRun(engine, config, trainImages)).imagesPerSecond); });
      const watched = lag.stop();
      during.push(streamed.fps);
      main.longestTaskMs = Math.max(main.longestTaskMs, watched.longestTaskMs);
      main.maxTimerLagMs = Math.max(main.maxTimerLagMs, watched.maxTimerLagMs);
    };
    alone.push((await timedRun(engine, config, trainImages)).imagesPerSecond);
    await runWithFrames();
    await runWithFrames();
    alone.push((await timedRun(engine, config, trainImages)).imagesPerSecond);
    const result = {
      trainImages, inputSize: 32, batchSize: config.batchSize,
      liveFpsIdle: idle.fps, liveFpsTraining: mean(during),
      trainingImagesPerSecond: mean(alone), trainingWithLiveImagesPerSecond: mean(withLive),
      liveTrainingRatio: mean(withLive) / mean(alone),
      trainingRuns: { alone, withLive },
      longestTaskMs: main.longestTaskMs, maxTimerLagMs: main.maxTimerLagMs,
    };
    return {
      ...result,
      summary: { live_fps_idle: result.liveFpsIdle, live_fps_training: result.liveFpsTraining, live_training_ratio: result.liveTrainingRatio, live_main_longest_task_ms: result.longestTaskMs },
    };
  } finally {
    worker.terminate();
  }
}

/** Trained images per second of wall time, from the run's start to its end (epoch ends included, as in the studio). */
async function timedRun(engine: Comlink.Remote<EngineApi>, config: Parameters<EngineApi['train']>[0], trainImages: number): Promise<{ imagesPerSecond: number }> {
  const started = performance.now();
  // Events come to the page as they do in the studio (a proxied listener), so the page's share of the work is real.
  const state = await engine.train(config, Comlink.proxy(() => {}));
  if (state !== 'finished') throw new Error(`The benchmark run ended ${state}`);
  return { imagesPerSecond: (trainImages * config.epochs) / ((performance.now() - started) / 1000) };
}

/**
 * A moving picture drawn at SOURCE_FPS; each new frame's centre square goes to the engine as the camera
 * panel sends it, unless two frames are already unanswered. Runs until `during` resolves.
 */
async function streamFrames(engine: Comlink.Remote<EngineApi>, during: () => Promise<void>): Promise<{ fps: number; answered: number }> {
  const canvas = new OffscreenCanvas(FRAME.width, FRAME.height);
  const context = canvas.getContext('2d')!;
  let outstanding = 0;
  let answered = 0;
  let frame = 0;
  let running = true;
  const started = performance.now();
  const send = async () => {
    outstanding++;
    try {
      const side = Math.min(FRAME.width, FRAME.height);
      const bitmap = await createImageBitmap(canvas, (FRAME.width - side) / 2, 0, side, side, { resizeWidth: 256, resizeHeight: 256 });
      const answer: LiveAnswer = await engine.predictFrame(Comlink.transfer(bitmap, [bitmap]), 3, 'current');
      if (answer.status === 'done') answered++;
    } finally {
      outstanding--;
    }
  };
  const timer = setInterval(() => {
    if (!running) return;
    frame++;
    context.fillStyle = `hsl(${(frame * 7) % 360} 70% 50%)`;
    context.fillRect(0, 0, FRAME.width, FRAME.height);
    context.fillStyle = '#fff';
    context.fillRect((frame * 11) % FRAME.width, 100, 120, 120);
    if (outstanding < MAX_OUTSTANDING) void send();
  }, 1000 / SOURCE_FPS);
  await during();
  running = false;
  clearInterval(timer);
  const elapsed = (performance.now() - started) / 1000;
  while (outstanding > 0) await sleep(10);
  return { fps: answered / elapsed, answered };
}

/** Long tasks and timer lateness on the page's thread until `stop`. */
function watchMainThread(): { stop: () => { longestTaskMs: number; maxTimerLagMs: number } } {
  let longestTaskMs = 0;
  let maxTimerLagMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestTaskMs = Math.max(longestTaskMs, entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxTimerLagMs = Math.max(maxTimerLagMs, now - last - 10);
    last = now;
  }, 10);
  return {
    stop: () => {
      observer.disconnect();
      clearInterval(timer);
      return { longestTaskMs, maxTimerLagMs };
    },
  };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
