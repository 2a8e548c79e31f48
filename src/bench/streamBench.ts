import { type BackendName, DEFAULT_OPTIMIZER, type DatasetManifest, type ModelSpec } from '../contract';
import * as tf from '@tensorflow/tfjs';
import { commitManifest, deleteDataset, loadImages, putImages } from '../persistence/datasets';
import { INDEXEDDB_MODEL_STORE } from '../persistence/modelCache';
import { buildModelFromCatalog } from '../models/catalog';
import { groupLayersIntoBlocks } from '../freeze/blocks';
import { FreezeState } from '../freeze/freezeState';
import { Trainer } from '../engine/trainer';
import { StreamingData } from '../engine/data/batches';
import { StoredPixels } from '../engine/data/storedPixels';
import { decodeToRgb, defaultDecodedCacheBytes } from '../engine/data/decodeImage';
import type { EngineEvent } from '../engine/api';
import { paintGradient } from './importBench';

/**
 * The stream workload (issue #17): stored 256-px JPEG datasets of 1,000 and 10,000 images trained
 * through the studio's streaming path (IndexedDB batched reads, decode, CPU cache, one batch on the
 * device at a time) with MobileNet v1 0.25, its top two blocks thawed; beside it, the same steps on
 * batches sliced from one resident tensor, as the engine did before.
 */
export interface StreamOptions {
  backend: BackendName;
  counts: number[];
  inputSize: number;
  batchSize: number;
  steps: number;
  modelBaseUrl: string;
}

export interface StreamArm {
  images: number;
  firstStepSeconds: number;
  /** Images per second over the steps after the first two (every image decoded from its stored copy). */
  imagesPerSecond: number;
  /** Device tensors and bytes at the step events half-way and at the end. */
  memory: { step: number; numTensors: number; numBytes: number }[];
  decodedCacheBytes: number;
  /** The page's JS heap after a full GC at the end of the arm (the engine runs in the page here), when the driver can measure it. */
  pageHeapMb: number | null;
}

export interface StreamResult {
  inputSize: number;
  batchSize: number;
  steps: number;
  arms: StreamArm[];
  residentImagesPerSecond: number;
  /** One batch read, decoded and uploaded, then one step on it: what the first step cannot be faster than. */
  oneBatchDecodePlusStepSeconds: number;
  summary: {
    stream_vs_resident_ratio: number;
    first_step_seconds: number;
    first_step_vs_one_batch: number;
    device_bytes_10k_vs_1k: number;
    tensors_10k_vs_1k: number;
  };
}

const WIDTH = 256;
const HEIGHT = 192;

async function generatePhotos(count: number): Promise<Uint8Array[]> {
  const canvas = new OffscreenCanvas(WIDTH, HEIGHT);
  const context = canvas.getContext('2d')!;
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    paintGradient(context, i, WIDTH, HEIGHT);
    context.fillStyle = '#fff';
    context.font = '32px sans-serif';
    context.fillText(`photo ${i}`, 10 + (i % 90), 40 + (i % 120));
    out.push(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 })).arrayBuffer()));
    if (i > 0 && i % 2000 === 0) console.log(`[bench] stream: ${i} / ${count} JPEGs generated`);
  }
  return out;
}

/** A stored dataset written as the importer writes one (records, then the manifest), 10 classes, 20% validation. */
async function storeDataset(id: string, photos: Uint8Array[]): Promise<DatasetManifest> {
  for (let start = 0; start < photos.length; start += 200) {
    await putImages(id, photos.slice(start, start + 200).map((bytes, k) => ({ id: start + k, image: { bytes, type: 'image/jpeg' } })));
  }
  const manifest: DatasetManifest = {
    version: 1, id, name: `bench stream ${photos.length}`, createdAt: Date.now(), updatedAt: Date.now(),
    classNames: Array.from({ length: 10 }, (_, c) => `class${c}`), nextImageId: photos.length,
    images: photos.map((_, i) => ({ id: i, path: `class${i % 10}/photo${i}.jpg`, classIndex: i % 10, hash: `h${i}`, width: WIDTH, height: HEIGHT, split: i % 5 === 0 ? 'validation' : 'train', givenSplit: false })),
    split: { seed: 1, validationPercent: 20, testPercent: 0 }, skipped: [], duplicates: [], storedBytes: photos.reduce((a, p) => a + p.length, 0),
  };
  await commitManifest(manifest);
  return manifest;
}

async function mobileNet(options: StreamOptions): Promise<{ model: tf.LayersModel; freeze: FreezeState }> {
  const spec: ModelSpec = { architecture: 'mobilenet-v1-0.25', width: 8, dropout: 0.2, seed: 1, inputSize: options.inputSize, numClasses: 10, modelBaseUrl: options.modelBaseUrl };
  const model = await buildModelFromCatalog(spec, undefined, INDEXEDDB_MODEL_STORE);
  const freeze = new FreezeState(model, groupLayersIntoBlocks(model));
  // The top two blocks below the head thawed, the rest frozen: a partial fine-tune.
  const blocks = freeze.blocks.map((b) => b.id);
  blocks.forEach((id, i) => freeze.setFrozen(id, i < blocks.length - 3));
  return { model, freeze };
}

function streamingData(manifest: DatasetManifest, inputSize: number): { data: StreamingData; pixels: StoredPixels } {
  const images = manifest.images;
  const pixels = new StoredPixels(images, (ids) => loadImages(manifest.id, ids), decodeToRgb, defaultDecodedCacheBytes(), inputSize);
  const split = { train: [] as number[], validation: [] as number[] };
  images.forEach((image, i) => (image.split === 'validation' ? split.validation : split.train).push(i));
  return { data: new StreamingData(pixels, split, Int32Array.from(images, (image) => image.classIndex), 10, inputSize), pixels };
}

/** `steps` steps of a run on the streamed dataset, stopped there; the cache stays off so nothing is decoded before step 1. */
async function streamArm(manifest: DatasetManifest, options: StreamOptions): Promise<StreamArm> {
  const { model, freeze } = await mobileNet(options);
  const { data, pixels } = streamingData(manifest, options.inputSize);
  const memory: StreamArm['memory'] = [];
  const stepTimes: number[] = [];
  let firstStepSeconds = 0;
  let trainer: Trainer | null = null;
  const started = performance.now();
  const onEvent = (event: EngineEvent) => {
    if (event.type !== 'step') return;
    const now = performance.now();
    if (event.step === 1) firstStepSeconds = (now - started) / 1000;
    stepTimes.push(now);
    if (event.step === Math.floor(options.steps / 2) || event.step === options.steps) {
      memory.push({ step: event.step, numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes });
    }
    if (event.step >= options.steps) trainer?.stop();
  };
  trainer = new Trainer(model, freeze, data, { epochs: 1, batchSize: options.batchSize, seed: 1, optimizer: DEFAULT_OPTIMIZER, cacheFrozenFeatures: false }, onEvent);
  await trainer.run();
  // Measured while the arm's decoded images are still held: heap ≈ constant + decoded cache.
  const pageHeapMb = window.thawBenchProbe ? (await window.thawBenchProbe({ importWorker: false })).pageHeapMb : null;
  trainer.dispose();
  model.dispose();
  const timed = stepTimes.slice(2);
  const seconds = ((timed.at(-1) ?? 0) - (timed[0] ?? 0)) / 1000;
  return {
    images: manifest.images.length, firstStepSeconds,
    imagesPerSecond: ((timed.length - 1) * options.batchSize) / Math.max(seconds, 1e-6),
    memory, decodedCacheBytes: pixels.cachedBytes, pageHeapMb,
  };
}

/** The same steps on batches sliced from one resident tensor: the whole data on the device, as the engine held it before. */
async function residentArm(options: StreamOptions): Promise<number> {
  const { model, freeze } = await mobileNet(options);
  const count = options.batchSize * 8;
  const resident = tf.randomUniform<tf.Rank.R4>([count, options.inputSize, options.inputSize, 3], -1, 1);
  const labels = Int32Array.from({ length: count }, (_, i) => i % 10);
  const { data } = streamingData({ ...EMPTY_MANIFEST }, options.inputSize);
  const trainer = new Trainer(model, freeze, data, { epochs: 1, batchSize: options.batchSize, seed: 1, optimizer: DEFAULT_OPTIMIZER });
  const step = async (s: number) => {
    const start = (s * options.batchSize) % count;
    const x = resident.slice(start, options.batchSize);
    const y = tf.tensor1d(labels.subarray(start, start + options.batchSize), 'int32');
    await trainer.trainStep(x, y);
    tf.dispose([x, y]);
  };
  await step(0);
  await step(1);
  const started = performance.now();
  for (let s = 2; s < options.steps; s++) await step(s);
  const seconds = (performance.now() - started) / 1000;
  trainer.dispose();
  model.dispose();
  resident.dispose();
  return ((options.steps - 2) * options.batchSize) / seconds;
}

const EMPTY_MANIFEST: DatasetManifest = {
  version: 1, id: 'none', name: 'none', createdAt: 0, updatedAt: 0, classNames: Array.from({ length: 10 }, (_, c) => `class${c}`), nextImageId: 1,
  images: [{ id: 0, path: 'none', classIndex: 0, hash: 'none', width: 1, height: 1, split: 'train', givenSplit: false }],
  split: { seed: 1, validationPercent: 0, testPercent: 0 }, skipped: [], duplicates: [], storedBytes: 0,
};

/** One uncached batch read, decoded, uploaded and stepped on, after a warm-up step. */
async function oneBatchDecodePlusStep(manifest: DatasetManifest, options: StreamOptions): Promise<number> {
  const { model, freeze } = await mobileNet(options);
  const { data } = streamingData(manifest, options.inputSize);
  const trainer = new Trainer(model, freeze, data, { epochs: 1, batchSize: options.batchSize, seed: 1, optimizer: DEFAULT_OPTIMIZER });
  const stepOn = async (first: number) => {
    const positions = Array.from({ length: options.batchSize }, (_, i) => first + i);
    const { images, kept } = await data.trainBatch(positions);
    if (!images) throw new Error('stream bench: a batch could not be read');
    const y = tf.tensor1d(Int32Array.from(kept, (k) => data.trainLabels[positions[k] ?? 0] ?? 0), 'int32');
    await trainer.trainStep(images, y);
    tf.dispose([images, y]);
  };
  await stepOn(0);
  const started = performance.now();
  await stepOn(options.batchSize * 4);
  const seconds = (performance.now() - started) / 1000;
  trainer.dispose();
  model.dispose();
  return seconds;
}

export async function runStreamBench(options: StreamOptions): Promise<StreamResult> {
  const largest = Math.max(...options.counts);
  console.log(`[bench] stream: generating ${largest} JPEGs ${WIDTH}x${HEIGHT}`);
  const photos = await generatePhotos(largest);
  const arms: StreamArm[] = [];
  let oneBatch = 0;
  for (const count of [...options.counts].sort((a, b) => a - b)) {
    const id = `bench-stream-${count}-${Date.now()}`;
    console.log(`[bench] stream: storing ${count} images, then ${options.steps} steps at ${options.inputSize} px, batch ${options.batchSize}`);
    const manifest = await storeDataset(id, photos.slice(0, count));
    try {
      arms.push(await streamArm(manifest, options));
      if (count === largest) oneBatch = await oneBatchDecodePlusStep(manifest, options);
    } finally {
      await deleteDataset(id);
    }
  }
  console.log('[bench] stream: the resident reference');
  const residentImagesPerSecond = await residentArm(options);
  const small = arms[0];
  const large = arms.at(-1);
  const lastOf = (arm: StreamArm | undefined) => arm?.memory.at(-1);
  const streamed = Math.min(...arms.map((a) => a.imagesPerSecond));
  const first = large?.firstStepSeconds ?? Number.NaN;
  return {
    inputSize: options.inputSize, batchSize: options.batchSize, steps: options.steps, arms, residentImagesPerSecond,
    oneBatchDecodePlusStepSeconds: oneBatch,
    summary: {
      stream_vs_resident_ratio: streamed / residentImagesPerSecond,
      first_step_seconds: first,
      first_step_vs_one_batch: first / oneBatch,
      device_bytes_10k_vs_1k: (lastOf(large)?.numBytes ?? Number.NaN) / (lastOf(small)?.numBytes ?? Number.NaN),
      tensors_10k_vs_1k: (lastOf(large)?.numTensors ?? Number.NaN) / (lastOf(small)?.numTensors ?? Number.NaN),
    },
  };
}
