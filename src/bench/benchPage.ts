import { type BackendName, DEFAULT_OPTIMIZER } from '../contract';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../engine/backend';
import { Trainer } from '../engine/trainer';
import type { TrainingData } from '../engine/data/batches';
import { buildArchitecture } from '../models/catalog';
import { addClassifierHead } from '../models/head';
import { groupLayersIntoBlocks } from '../freeze/blocks';
import { FreezeState } from '../freeze/freezeState';
import { generateSampleDataset } from '../data/sampleDataset';
import { stratifiedSplit } from '../data/split';
import { inMemoryTrainingData } from '../engine/data/inMemory';
import { runImportBench } from './importBench';
import { runLoadBench } from './loadBench';
import { runStreamBench } from './streamBench';
import { runPhotosBench } from './photosBench';
import { runExportBench } from './exportBench';
import { runLiveBench } from './liveBench';
import { runRegularizersBench } from './regularizersBench';

/**
 * Fixed workloads for `npm run bench`, run in the page (not the worker) so the driver can call them.
 * Engine and bare loops run interleaved on the same model, batch and backend, so their ratio is fair.
 */
export interface WorkloadResult {
  name: string;
  imageSize: number;
  batchSize: number;
  params: number;
  engineStepsPerSecond: number;
  bareStepsPerSecond: number;
  engineImagesPerSecond: number;
  bareImagesPerSecond: number;
  engineVsBareRatio: number;
}

export interface BenchOptions {
  steps: number;
  mobilenetUrl: string | null;
  mobilenetImageSize: number;
  growthEpochs: number;
  /** Which of 'small', 'resnet', 'mobilenet', 'cache', 'growth', 'import', 'load', 'stream', 'photos', 'export', 'live', 'regularizers' to run. */
  workloads: string[];
  importImages: number;
  /** The load workload: images imported, then epochs trained. */
  loadImages: number;
  loadEpochs: number;
  /** The stream workload: dataset sizes, input size and steps per arm. */
  streamImages: number[];
  streamSize: number;
  streamSteps: number;
  /** The photos workload: the shared hymenoptera photos (paths under `photosBaseUrl`), or none when absent. */
  photoFiles: string[];
  photosBaseUrl: string;
  /** The live workload: seconds of frames alone, epochs of each training run. */
  liveSeconds: number;
  liveEpochs: number;
}

async function timeSteps(run: () => Promise<void>, steps: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < steps; i++) await run();
  return (performance.now() - start) / 1000;
}

async function compareLoops(name: string, model: tf.LayersModel, imageSize: number, batchSize: number, steps: number): Promise<WorkloadResult> {
  console.log(`[bench] ${name}: engine vs bare, ${steps} steps each`);
  const numClasses = model.outputs[0]?.shape[1] ?? 1;
  const freeze = new FreezeState(model, groupLayersIntoBlocks(model));
  const images = tf.randomUniform<tf.Rank.R4>([batchSize, imageSize, imageSize, 3], -1, 1);
  const labels = tf.tensor1d(Array.from({ length: batchSize }, (_, i) => i % numClasses), 'int32');
  const targets = tf.oneHot(labels, numClasses).toFloat();
  // The trainer here only takes steps on the batch above; its data object is a placeholder of the right classes.
  const placeholder = { classNames: Array.from({ length: numClasses }, (_, i) => `c${i}`), imageSize, pixels: new Uint8Array(imageSize * imageSize * 3), labels: new Int32Array(1) };
  const data: TrainingData = inMemoryTrainingData(placeholder, { train: [0], validation: [0] });
  const optimizer = { ...DEFAULT_OPTIMIZER, name: 'adam' as const, learningRate: 1e-4 };
  const trainer = new Trainer(model, freeze, data, { epochs: 1, batchSize, seed: 1, optimizer });
  const bareOptimizer = tf.train.adam(1e-4);
  const engineStep = async () => { await trainer.trainStep(images, labels); };
  const bareStep = async () => {
    const loss = bareOptimizer.minimize(() => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(targets, model.apply(images, { training: true }) as tf.Tensor), true);
    await loss!.data();
    loss!.dispose();
  };
  // Warm-up compiles every shader both loops need.
  await timeSteps(engineStep, 2);
  await timeSteps(bareStep, 2);
  const half = Math.max(1, Math.floor(steps / 2));
  let engineSeconds = 0;
  let bareSeconds = 0;
  for (let round = 0; round < 2; round++) {
    bareSeconds += await timeSteps(bareStep, half);
    engineSeconds += await timeSteps(engineStep, half);
  }
  trainer.dispose();
  bareOptimizer.dispose();
  tf.dispose([images, labels, targets]);
  const engineSps = (2 * half) / engineSeconds;
  const bareSps = (2 * half) / bareSeconds;
  return {
    name, imageSize, batchSize, params: model.countParams(),
    engineStepsPerSecond: engineSps, bareStepsPerSecond: bareSps,
    engineImagesPerSecond: engineSps * batchSize, bareImagesPerSecond: bareSps * batchSize,
    engineVsBareRatio: engineSps / bareSps,
  };
}

async function loadMobileNetWithHead(url: string, imageSize: number): Promise<tf.LayersModel> {
  const backbone = await tf.loadLayersModel(url);
  // The hosted model is fixed at 224 px; rebuild it at the benchmark's size from the same topology and weights.
  const json = (await (await fetch(url)).json()) as { modelTopology: { model_config: { config: { layers: { config: Record<string, unknown> }[] } } } };
  json.modelTopology.model_config.config.layers[0]!.config.batch_input_shape = [null, imageSize, imageSize, 3];
  const resized = await tf.models.modelFromJSON({ modelTopology: json.modelTopology } as unknown as tf.io.ModelJSON);
  resized.setWeights(backbone.getWeights());
  backbone.dispose();
  const features = resized.getLayer('conv_pw_13_relu').output as tf.SymbolicTensor;
  const logits = addClassifierHead(features, { numClasses: 5, dropout: 0, seed: 1 });
  return tf.model({ inputs: resized.inputs, outputs: logits, name: 'mobilenet_v1_025' });
}

/**
 * MobileNet frozen below the head, trained for whole epochs with the frozen-feature cache off and
 * on, same backend, same data: the speedup is uncached epoch time / cached epoch time (epochs ≥ 2,
 * the first cached epoch pays for building the cache and is reported separately).
 */
async function cachedEpochSpeedup(url: string, imageSize: number, images: number, epochs: number) {
  console.log(`[bench] cached vs uncached epochs: MobileNet frozen below the head, ${imageSize}px`);
  const perClass = Math.max(2, Math.ceil(images / 5 / 0.8));
  const sample = generateSampleDataset({ seed: 5, imageSize: 32, imagesPerClass: perClass, imbalanced: false });
  const split = stratifiedSplit(sample.labels, 5, 0.2, 5);
  const data = inMemoryTrainingData(sample, split, imageSize);
  const epochTimes = async (cacheFrozenFeatures: boolean) => {
    const model = await loadMobileNetWithHead(url, imageSize);
    const freeze = new FreezeState(model, groupLayersIntoBlocks(model));
    freeze.blocks.filter((b) => b.id !== 'head').forEach((b) => freeze.setFrozen(b.id, true));
    const seconds: number[] = [];
    let cachedSteps = 0;
    const trainer = new Trainer(model, freeze, data, { epochs, batchSize: 16, seed: 1, optimizer: DEFAULT_OPTIMIZER, cacheFrozenFeatures }, (e) => {
      if (e.type === 'epoch') seconds.push(e.seconds);
      if (e.type === 'step' && e.cachedFeatures) cachedSteps++;
    });
    await trainer.run();
    trainer.dispose();
    model.dispose();
    return { seconds, cachedSteps };
  };
  const uncached = await epochTimes(false);
  const cached = await epochTimes(true);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const uncachedEpoch = mean(uncached.seconds);
  const cachedEpoch = mean(cached.seconds.slice(1));
  return {
    trainImages: split.train.length, imageSize,
    uncachedEpochSeconds: uncached.seconds, cachedEpochSeconds: cached.seconds, cachedSteps: cached.cachedSteps,
    speedup: uncachedEpoch / cachedEpoch,
  };
}

/** Trains the sample model for several epochs and reports how many tensors each epoch leaves behind. */
async function tensorGrowth(epochs: number): Promise<{ perEpoch: number[]; growthPerEpoch: number }> {
  console.log(`[bench] tensor growth over ${epochs} epochs`);
  const sample = generateSampleDataset({ seed: 3, imageSize: 32, imagesPerClass: 16, imbalanced: false });
  const split = stratifiedSplit(sample.labels, 5, 0.25, 3);
  const data = inMemoryTrainingData(sample, split);
  const model = buildArchitecture({ architecture: 'small-cnn', width: 8, inputSize: 32, numClasses: 5, dropout: 0.2, seed: 1 });
  const freeze = new FreezeState(model, groupLayersIntoBlocks(model));
  const perEpoch: number[] = [];
  const trainer = new Trainer(model, freeze, data, { epochs, batchSize: 16, seed: 1, optimizer: DEFAULT_OPTIMIZER }, (e) => {
    if (e.type === 'epoch') perEpoch.push(tf.memory().numTensors);
  });
  await trainer.run();
  trainer.dispose();
  model.dispose();
  const first = perEpoch[0];
  const last = perEpoch.at(-1);
  const growthPerEpoch = first !== undefined && last !== undefined && perEpoch.length > 1 ? (last - first) / (perEpoch.length - 1) : 0;
  return { perEpoch, growthPerEpoch };
}

async function run(backend: BackendName, options: BenchOptions) {
  const info = await selectBackend(backend, ['webgpu', 'webgl', 'cpu'].filter((b) => b !== backend) as BackendName[]);
  const workloads: WorkloadResult[] = [];
  const wanted = (name: string) => options.workloads.includes(name);
  if (wanted('small')) {
    const small = buildArchitecture({ architecture: 'small-cnn', width: 8, inputSize: 32, numClasses: 5, dropout: 0.2, seed: 1 });
    workloads.push(await compareLoops('small-cnn w8 32px', small, 32, 32, options.steps));
    small.dispose();
  }
  if (wanted('resnet')) {
    const resnet = buildArchitecture({ architecture: 'mini-resnet', width: 8, inputSize: 32, numClasses: 5, dropout: 0.2, seed: 1 });
    workloads.push(await compareLoops('mini-resnet w8 32px', resnet, 32, 32, options.steps));
    resnet.dispose();
  }
  if (options.mobilenetUrl && wanted('mobilenet')) {
    const mobilenet = await loadMobileNetWithHead(options.mobilenetUrl, options.mobilenetImageSize);
    workloads.push(await compareLoops(`mobilenet-v1-0.25 ${options.mobilenetImageSize}px (all blocks trainable)`, mobilenet, options.mobilenetImageSize, 16, Math.max(2, Math.floor(options.steps / 2))));
    mobilenet.dispose();
  }
  const cached = options.mobilenetUrl && wanted('cache')
    ? await cachedEpochSpeedup(options.mobilenetUrl, options.mobilenetImageSize, 128, 3)
    : null;
  const growth = wanted('growth') ? await tensorGrowth(options.growthEpochs) : { perEpoch: [], growthPerEpoch: Number.NaN };
  const imports = wanted('import') ? await runImportBench(options.importImages) : null;
  // Last: its engine keeps its model and dataset tensors until the page closes.
  const load = wanted('load') ? await runLoadBench({ backend, images: options.loadImages, epochs: options.loadEpochs }) : null;
  const stream = options.mobilenetUrl && wanted('stream')
    ? await runStreamBench({
      backend, counts: options.streamImages, inputSize: options.streamSize, batchSize: 16, steps: options.streamSteps,
      modelBaseUrl: options.mobilenetUrl.replace(/mobilenet_v1_0\.25_224\/model\.json$/, ''),
    })
    : null;
  const photos = options.mobilenetUrl && wanted('photos') && options.photoFiles.length > 0
    ? await runPhotosBench({
      backend, files: options.photoFiles, baseUrl: options.photosBaseUrl, inputSize: 224,
      modelBaseUrl: options.mobilenetUrl.replace(/mobilenet_v1_0\.25_224\/model\.json$/, ''),
    })
    : null;
  const live = wanted('live') ? await runLiveBench(backend, options.liveSeconds, options.liveEpochs) : null;
  const regularizers = wanted('regularizers') ? await runRegularizersBench(options.steps) : null;
  let exports = null;
  if (options.mobilenetUrl && wanted('export')) {
    const mobilenet = await loadMobileNetWithHead(options.mobilenetUrl, 224);
    exports = await runExportBench(mobilenet, 'MobileNet v1 0.25 + head', 224);
    mobilenet.dispose();
  }
  return { backend: info, workloads, tensorGrowth: growth, cachedEpoch: cached, imports, load, stream, photos, exports, live, regularizers };
}

declare global {
  interface Window {
    thawBench: { run: typeof run };
  }
}

window.thawBench = { run };
document.getElementById('status')!.textContent = 'Benchmark page ready.';
