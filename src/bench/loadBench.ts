import { type BackendName, DEFAULT_MODEL_FORM, DEFAULT_TRAINING_FORM, type DatasetManifest } from '../contract';
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { importerApi } from '../store/importerClient';
import { deleteDataset, loadImage, loadManifest } from '../persistence/datasets';
import { DEFAULT_SPLIT } from '../data/datasetEdits';
import { Engine } from '../engine/engine';
import type { EngineEvent, RunState } from '../engine/api';
import { toTrainConfig } from '../store/trainConfig';
import type { ImportOutcome, ImportProgress } from '../importer/api';
import { paintGradient } from './importBench';

/**
 * The load workload (issue #8): a 10,000-image import through the studio's importer and a 50-epoch
 * run of the studio's engine, with memory sampled all along, to show that neither grows without bound.
 * JS heaps and process memory are read by the driver (`window.thawBenchProbe`, Chrome DevTools protocol
 * and /proc) after a forced full GC: `performance.memory` is no use here, as Chromium without
 * `--enable-precise-memory-info` returns a bucketed value cached for 20 minutes, and the page is not
 * cross-origin isolated, so `performance.measureUserAgentSpecificMemory` does not exist.
 */

/** What the driver measures at one moment; null where it could not (no driver, not Linux, no such worker). */
export interface MemoryProbe {
  /** JS heap of the page after a full GC: V8 objects, ArrayBuffer contents and the Blink objects JS holds. */
  pageHeapMb: number | null;
  /** The same for the studio's import worker. */
  importWorkerHeapMb: number | null;
  /** Resident memory of this browser's renderer processes (page and its workers). */
  rendererRssMb: number | null;
  /** Resident memory of the GPU process, where SwiftShader keeps WebGL textures. */
  gpuRssMb: number | null;
}

export interface ImportSample extends MemoryProbe {
  /** Files the importer had processed when the sample was taken. */
  images: number;
  seconds: number;
}

export interface EpochSample extends MemoryProbe {
  /** 0 is the baseline, taken before training starts. */
  epoch: number;
  numTensors: number;
  numBytes: number;
  seconds: number;
}

export interface LoadOptions {
  backend: BackendName;
  images: number;
  epochs: number;
}

declare global {
  interface Window {
    /** Exposed by `scripts/bench.mjs`: forces a GC, then measures heaps and process memory. */
    thawBenchProbe?: (targets: { importWorker: boolean }) => Promise<MemoryProbe>;
  }
}

const NO_PROBE: MemoryProbe = { pageHeapMb: null, importWorkerHeapMb: null, rendererRssMb: null, gpuRssMb: null };

function probe(importWorker: boolean): Promise<MemoryProbe> {
  return window.thawBenchProbe ? window.thawBenchProbe({ importWorker }) : Promise.resolve(NO_PROBE);
}

/** Side of the generated images: small, like icons or thumbnails, so 10,000 of them import in minutes. */
const IMAGE_SIZE = 64;
const BIT_CELL = 4;

/**
 * Distinct small JPEGs: a gradient and the image's number written as a row of black and white cells,
 * so no two files are identical (the importer would keep duplicates once) whatever JPEG does to them.
 */
async function generateNumberedJpegs(count: number): Promise<Blob[]> {
  const canvas = new OffscreenCanvas(IMAGE_SIZE, IMAGE_SIZE);
  const context = canvas.getContext('2d')!;
  const bitsPerRow = IMAGE_SIZE / BIT_CELL;
  const bits = Math.max(1, Math.ceil(Math.log2(count)));
  const blobs: Blob[] = [];
  for (let i = 0; i < count; i++) {
    paintGradient(context, i, IMAGE_SIZE, IMAGE_SIZE);
    for (let bit = 0; bit < bits; bit++) {
      context.fillStyle = (i >> bit) & 1 ? '#fff' : '#000';
      context.fillRect((bit % bitsPerRow) * BIT_CELL, Math.floor(bit / bitsPerRow) * BIT_CELL, BIT_CELL, BIT_CELL);
    }
    blobs.push(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 }));
  }
  return blobs;
}

/**
 * Takes one probe at a time, in order, without holding up the caller (the importer's progress callback,
 * the engine's listener); `describe` is read when the probe starts, so a probe that queued behind a slow
 * one is labelled with the moment it measured.
 */
function sampler<T extends MemoryProbe>(importWorker: boolean, describe: () => Omit<T, keyof MemoryProbe>) {
  const samples: T[] = [];
  let queue: Promise<void> = Promise.resolve();
  return {
    take(): void {
      queue = queue.then(async () => {
        const label = describe();
        // The cast joins the two halves T was split into; TypeScript cannot see that they make a T.
        samples.push({ ...label, ...(await probe(importWorker)) } as T);
      });
    },
    settled: () => queue.then(() => samples),
  };
}

/** Every stored image is read back from IndexedDB: the import is only done if all of them are there. */
async function countStoredImages(manifest: DatasetManifest): Promise<number> {
  let stored = 0;
  const chunk = 200;
  for (let start = 0; start < manifest.images.length; start += chunk) {
    const found = await Promise.all(manifest.images.slice(start, start + chunk).map((image) => loadImage(manifest.id, image.id)));
    stored += found.filter((image) => image !== undefined && image.bytes.length > 0).length;
  }
  return stored;
}

export interface LoadImportResult {
  images: number;
  imageSize: number;
  seconds: number;
  imagesPerSecond: number;
  /** Image records read back from IndexedDB after the import (must equal `images`). */
  storedImages: number;
  /** Mean size of a stored copy (the importer's JPEG re-encode). */
  storedBytesPerImage: number;
  /** From before the import (the files generated, the import worker not yet started) to its end. */
  samples: ImportSample[];
  /** Once the dataset is deleted and the import's files are garbage: what the import left behind. */
  afterImport: MemoryProbe;
}

interface ImportRun {
  outcome: ImportOutcome;
  seconds: number;
  samples: ImportSample[];
}

/**
 * Generates `count` files and imports them as the studio does (the import worker, IndexedDB), sampling
 * memory every tenth of the way; the files become garbage when this returns, as after a studio import.
 */
async function importGenerated(count: number): Promise<ImportRun> {
  console.log(`[bench] load: generating ${count} JPEGs ${IMAGE_SIZE}x${IMAGE_SIZE}`);
  const blobs = await generateNumberedJpegs(count);
  const files = blobs.map((file, i) => ({ path: `load/class${i % 10}/image${i}.jpg`, file }));
  console.log(`[bench] load: importing ${count} images through the import worker into IndexedDB`);
  const every = Math.max(1, Math.round(count / 10));
  let processed = 0;
  let nextSampleAt = every;
  const start = performance.now();
  const memory = sampler<ImportSample>(true, () => ({ images: processed, seconds: (performance.now() - start) / 1000 }));
  memory.take();
  const onProgress = (progress: ImportProgress) => {
    processed = progress.done;
    // The last report can come before the final write: the end is sampled once the import has returned.
    if (processed < nextSampleAt || processed >= count) return;
    nextSampleAt = (Math.floor(processed / every) + 1) * every;
    memory.take();
    console.log(`[bench] load: ${processed} / ${count} imported`);
  };
  const outcome = await importerApi().importFiles({ name: 'bench load', files, split: DEFAULT_SPLIT }, Comlink.proxy(onProgress));
  const seconds = (performance.now() - start) / 1000;
  processed = outcome.imported;
  memory.take();
  return { outcome, seconds, samples: await memory.settled() };
}

/** Imports `count` generated images into a new dataset, checks every one was stored, then deletes the dataset. */
async function importLoad(count: number): Promise<LoadImportResult> {
  const { outcome, seconds, samples } = await importGenerated(count);
  if (outcome.status !== 'done' || !outcome.manifest) throw new Error(`load import failed: ${outcome.message}`);
  const id = outcome.manifest.id;
  const manifest = await loadManifest(id);
  const storedImages = manifest ? await countStoredImages(manifest) : 0;
  await deleteDataset(id);
  if (await loadManifest(id)) throw new Error('load import: the dataset was not deleted');
  if (storedImages !== count) throw new Error(`load import: ${storedImages} of ${count} images stored (${outcome.skipped.length} skipped, ${outcome.duplicates.length} duplicates)`);
  const afterImport = await probe(true);
  return {
    images: count, imageSize: IMAGE_SIZE, seconds, imagesPerSecond: count / seconds,
    storedImages, storedBytesPerImage: outcome.manifest.storedBytes / count, samples, afterImport,
  };
}

/** The studio's start-up dataset (engineSession.ts's SAMPLE_DATASET) and model (the contract's DEFAULT_MODEL_FORM). */
const STUDIO_SAMPLE = { seed: 7, imageSize: 32, imagesPerClass: 60, imbalanced: false, validationFraction: 0.2 };
const { inputSize: _formInputSize, ...STUDIO_MODEL } = { ...DEFAULT_MODEL_FORM, seed: DEFAULT_TRAINING_FORM.seed };

export interface LoadTrainResult {
  epochs: number;
  trainImages: number;
  secondsPerEpoch: number;
  samples: EpochSample[];
}

/**
 * The studio's engine (the Engine class its worker runs, here in the page so its heap is the page's):
 * sample dataset, small CNN, the training form's defaults for `epochs` epochs, a checkpoint written
 * to IndexedDB at every epoch end as in the studio. Checkpoints are discarded at the end.
 */
async function trainLoad(backend: BackendName, epochs: number): Promise<LoadTrainResult> {
  console.log(`[bench] load: ${epochs} epochs of the studio's engine on the sample dataset`);
  const engine = new Engine();
  await engine.init(backend);
  const dataset = await engine.loadSampleDataset(STUDIO_SAMPLE);
  await engine.buildModel(STUDIO_MODEL);
  let epoch = 0;
  let tensors = tf.memory();
  const start = performance.now();
  const memory = sampler<EpochSample>(false, () => ({ epoch, numTensors: tensors.numTensors, numBytes: tensors.numBytes, seconds: (performance.now() - start) / 1000 }));
  memory.take();
  let failure: string | null = null;
  const onEvent = (event: EngineEvent) => {
    if (event.type === 'status' && event.state === 'failed') failure = event.message ?? 'no reason given';
    if (event.type !== 'epoch') return;
    // Read here, inside the epoch event, where the trainer holds no per-step tensors: the same point every epoch.
    epoch = event.epoch;
    tensors = tf.memory();
    memory.take();
    if (event.epoch % 10 === 0) console.log(`[bench] load: epoch ${event.epoch} / ${epochs}, ${tensors.numTensors} tensors`);
  };
  const config = toTrainConfig({ ...DEFAULT_TRAINING_FORM, epochs }, dataset.trainCounts);
  let state: RunState;
  try {
    state = await engine.train(config, onEvent);
  } finally {
    await engine.discardCheckpoints();
  }
  const seconds = (performance.now() - start) / 1000;
  const samples = await memory.settled();
  // The listener set `failure`; TypeScript cannot see that through the closure and narrows it to null.
  const reason = failure as string | null;
  if (state !== 'finished') throw new Error(`load training ended ${state}${reason ? `: ${reason}` : ''}`);
  return { epochs, trainImages: dataset.trainCounts.reduce((a, b) => a + b, 0), secondsPerEpoch: seconds / epochs, samples };
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((a, p) => a + p.x, 0) / n;
  const meanY = points.reduce((a, p) => a + p.y, 0) / n;
  const covariance = points.reduce((a, p) => a + (p.x - meanX) * (p.y - meanY), 0);
  const variance = points.reduce((a, p) => a + (p.x - meanX) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}

type Measured<T> = (sample: T) => number | null;

/** Fewer points than this after warm-up give no slope: the verdict then says so instead of guessing. */
const MIN_SLOPE_POINTS = 3;

/**
 * Slope of a measure over the second half of the samples after warm-up, where start-up allocations
 * are over and only steady growth remains; null if unmeasured or too few samples.
 */
function steadySlope<T>(samples: T[], warmUp: number, x: (s: T) => number, y: Measured<T>): number | null {
  const steady = samples.slice(warmUp);
  const half = steady.slice(Math.floor(steady.length / 2));
  if (half.length < MIN_SLOPE_POINTS || half.some((s) => y(s) === null)) return null;
  return slope(half.map((s) => ({ x: x(s), y: y(s)! })));
}

/** Last sample minus the first one after warm-up; null if unmeasured. */
function growth<T>(samples: T[], warmUp: number, y: Measured<T>): number | null {
  const first = samples[Math.min(warmUp, samples.length - 1)];
  const last = samples.at(-1);
  if (first === undefined || last === undefined) return null;
  const a = y(first);
  const b = y(last);
  return a === null || b === null ? null : b - a;
}

/** The page's heap and the import worker's: the importer's memory lives in both. */
const importHeap: Measured<MemoryProbe> = (s) => (s.pageHeapMb === null || s.importWorkerHeapMb === null ? null : s.pageHeapMb + s.importWorkerHeapMb);

/**
 * The rule for `load_bounded`: no tensor left behind per epoch, and over the steady second half of
 * each phase, JS heap (after a forced GC, ArrayBuffer contents included) and process memory rising
 * by less than these least-squares slopes. Each limit sits between what the studio legitimately holds
 * and the smallest leak worth catching (BENCHMARKS.md gives the measured figures behind each):
 * the import's own bookkeeping is ~0.1 KB per image (its manifest entry), a kept stored copy would be
 * ~1.2 KB and a kept 64×64 decode 16 KB; one checkpoint snapshot of the small CNN (weights and Adam
 * state) is ~290 KB, so keeping one per epoch would show.
 */
const LOAD_LIMITS = {
  importHeapKbPerImage: 0.5,
  importRssKbPerImage: 8,
  trainHeapKbPerEpoch: 100,
  trainRssKbPerEpoch: 256,
  trainGpuRssKbPerEpoch: 256,
};

export interface LoadSummary {
  load_import_images: number;
  load_import_seconds: number;
  load_import_images_per_s: number;
  load_import_rss_growth_mb: number | null;
  load_import_heap_growth_mb: number | null;
  /** Renderer memory once the import is over and its dataset deleted, minus before it started. */
  load_import_rss_left_mb: number | null;
  load_import_heap_slope_kb_per_image: number | null;
  load_import_rss_slope_kb_per_image: number | null;
  load_train_epochs: number;
  load_train_seconds_per_epoch: number;
  load_train_tensor_growth: number;
  load_train_heap_growth_mb: number | null;
  load_train_rss_growth_mb: number | null;
  load_train_gpu_rss_growth_mb: number | null;
  load_train_heap_slope_kb_per_epoch: number | null;
  load_train_rss_slope_kb_per_epoch: number | null;
  load_train_gpu_rss_slope_kb_per_epoch: number | null;
  load_bounded: boolean;
  /** Each part of the rule that failed, or could not be measured; empty when bounded. */
  load_unbounded_reasons: string[];
}

type LoadFigures = Omit<LoadSummary, 'load_bounded' | 'load_unbounded_reasons'>;

const KB_PER_MB = 1024;
const toKb = (mb: number | null) => (mb === null ? null : mb * KB_PER_MB);

function importFigures(imported: LoadImportResult) {
  const samples = imported.samples;
  // Warm-up: the first sample is taken before the import worker exists; the second, a tenth of the way in.
  const warmUp = 1;
  const start = samples[0]?.rendererRssMb ?? null;
  const left = imported.afterImport.rendererRssMb;
  return {
    load_import_images: imported.storedImages,
    load_import_seconds: imported.seconds,
    load_import_images_per_s: imported.imagesPerSecond,
    load_import_rss_growth_mb: growth(samples, warmUp, (s) => s.rendererRssMb),
    load_import_heap_growth_mb: growth(samples, warmUp, importHeap),
    load_import_rss_left_mb: start === null || left === null ? null : left - start,
    load_import_heap_slope_kb_per_image: toKb(steadySlope(samples, warmUp, (s) => s.images, importHeap)),
    load_import_rss_slope_kb_per_image: toKb(steadySlope(samples, warmUp, (s) => s.images, (s) => s.rendererRssMb)),
  };
}

function trainFigures(trained: LoadTrainResult) {
  const samples = trained.samples;
  // Warm-up: the first epoch creates the optimizer's state and the backend's texture pool; counting starts at epoch 2's end.
  const warmUp = Math.max(0, samples.findIndex((s) => s.epoch >= 2));
  const perEpoch = (y: Measured<EpochSample>) => toKb(steadySlope(samples, warmUp, (s) => s.epoch, y));
  return {
    load_train_epochs: trained.epochs,
    load_train_seconds_per_epoch: trained.secondsPerEpoch,
    load_train_tensor_growth: (samples.at(-1)?.numTensors ?? 0) - (samples[warmUp]?.numTensors ?? 0),
    load_train_heap_growth_mb: growth(samples, warmUp, (s) => s.pageHeapMb),
    load_train_rss_growth_mb: growth(samples, warmUp, (s) => s.rendererRssMb),
    load_train_gpu_rss_growth_mb: growth(samples, warmUp, (s) => s.gpuRssMb),
    load_train_heap_slope_kb_per_epoch: perEpoch((s) => s.pageHeapMb),
    load_train_rss_slope_kb_per_epoch: perEpoch((s) => s.rendererRssMb),
    load_train_gpu_rss_slope_kb_per_epoch: perEpoch((s) => s.gpuRssMb),
  };
}

function unboundedReasons(f: LoadFigures): string[] {
  const reasons: string[] = [];
  const limit = (name: keyof LoadFigures, max: number) => {
    const value = f[name];
    if (value === null) reasons.push(`${name} not measured (no driver, not Linux, or too few samples)`);
    else if (value > max) reasons.push(`${name} ${value.toFixed(2)} > ${max}`);
  };
  if (f.load_train_tensor_growth !== 0) reasons.push(`load_train_tensor_growth ${f.load_train_tensor_growth} ≠ 0`);
  limit('load_import_heap_slope_kb_per_image', LOAD_LIMITS.importHeapKbPerImage);
  limit('load_import_rss_slope_kb_per_image', LOAD_LIMITS.importRssKbPerImage);
  limit('load_train_heap_slope_kb_per_epoch', LOAD_LIMITS.trainHeapKbPerEpoch);
  limit('load_train_rss_slope_kb_per_epoch', LOAD_LIMITS.trainRssKbPerEpoch);
  limit('load_train_gpu_rss_slope_kb_per_epoch', LOAD_LIMITS.trainGpuRssKbPerEpoch);
  return reasons;
}

function summarise(imported: LoadImportResult, trained: LoadTrainResult): LoadSummary {
  const figures: LoadFigures = { ...importFigures(imported), ...trainFigures(trained) };
  const reasons = unboundedReasons(figures);
  return { ...figures, load_bounded: reasons.length === 0, load_unbounded_reasons: reasons };
}

export interface LoadBenchResult {
  import: LoadImportResult;
  train: LoadTrainResult;
  summary: LoadSummary;
}

export async function runLoadBench(options: LoadOptions): Promise<LoadBenchResult> {
  const imported = await importLoad(options.images);
  const trained = await trainLoad(options.backend, options.epochs);
  return { import: imported, train: trained, summary: summarise(imported, trained) };
}
