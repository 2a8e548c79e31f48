import { type BackendName, DEFAULT_TRAINING_FORM, type EpochRow, type ModelSpec, type TrainingForm } from '../contract';
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { importerApi } from '../store/importerClient';
import { deleteDataset, loadImages, loadManifest } from '../persistence/datasets';
import { INDEXEDDB_MODEL_STORE } from '../persistence/modelCache';
import { DEFAULT_SPLIT } from '../data/datasetEdits';
import { Engine } from '../engine/engine';
import type { EngineEvent, StepEvent } from '../engine/api';
import { StreamingData } from '../engine/data/batches';
import { range } from '../engine/arrays';
import { StoredPixels } from '../engine/data/storedPixels';
import { decodeToRgb, defaultDecodedCacheBytes } from '../engine/data/decodeImage';
import { buildModelFromCatalog } from '../models/catalog';
import { toTrainConfig } from '../store/trainConfig';
import { appendSteps, epochPoint } from '../store/chartSeries';
import { diagnose } from '../store/diagnosis';
import type { StrategyPreset } from '../freeze/presets';

/**
 * The photos workload (issue #17): real photos (the shared hymenoptera ants/bees, its own train/val
 * split) imported through the studio's importer and trained by the studio's engine with MobileNet v1
 * 0.25 at 224 px: feature extraction with the default settings, and the strongest preset (top blocks
 * thawed, mild augmentation). The reference: a plain GAP + Dense head trained on the same frozen
 * features outside the studio (tf.layers `fit`).
 */
export interface PhotosOptions {
  backend: BackendName;
  /** Paths under `baseUrl`, e.g. `train/ants/0013035.jpg`. */
  files: string[];
  baseUrl: string;
  modelBaseUrl: string;
  inputSize: number;
}

export interface PhotosArm {
  label: string;
  bestValidationAccuracy: number;
  finalValidationAccuracy: number;
  epochs: EpochRow[];
  /** The studio's own reading of the curves (an "Unstable training" banner is a failure here). */
  banners: string[];
  seconds: number;
}

export interface PhotosResult {
  trainImages: number;
  validationImages: number;
  inputSize: number;
  featureExtraction: PhotosArm;
  strongestPreset: PhotosArm;
  reference: { bestValidationAccuracy: number; finalValidationAccuracy: number; epochs: number };
}

const MODEL = { architecture: 'mobilenet-v1-0.25', width: 8, dropout: 0.2, seed: 1 } as const;

async function importPhotos(options: PhotosOptions): Promise<string> {
  console.log(`[bench] photos: importing ${options.files.length} photos through the studio importer`);
  const files = await Promise.all(options.files.map(async (file) => ({ path: `hymenoptera/${file}`, file: await (await fetch(`${options.baseUrl}${encodeURI(file)}`)).blob() })));
  const outcome = await importerApi().importFiles({ name: 'hymenoptera', files, split: DEFAULT_SPLIT }, Comlink.proxy(() => {}));
  if (outcome.status !== 'done' || !outcome.manifest) throw new Error(`photos: the import failed: ${outcome.message}`);
  return outcome.manifest.id;
}

async function trainArm(engine: Engine, options: PhotosOptions, trainCounts: number[], label: string, form: TrainingForm, preset: StrategyPreset): Promise<PhotosArm> {
  console.log(`[bench] photos: ${label}`);
  await engine.buildModel({ ...MODEL, inputSize: options.inputSize, modelBaseUrl: options.modelBaseUrl });
  await engine.applyPreset(preset);
  const epochs: EpochRow[] = [];
  const steps: StepEvent[] = [];
  const onEvent = (event: EngineEvent) => {
    if (event.type === 'step') steps.push(event);
    if (event.type === 'epoch') {
      epochs.push(epochPoint(event));
      console.log(`[bench] photos: ${label} epoch ${event.epoch}: val acc ${event.validationAccuracy.toFixed(3)} (${event.seconds.toFixed(1)} s)`);
    }
  };
  const started = performance.now();
  const state = await engine.train(toTrainConfig(form, trainCounts), onEvent);
  if (state !== 'finished') throw new Error(`photos: ${label} ended ${state}`);
  const accuracies = epochs.map((e) => e.validationAccuracy);
  return {
    label, epochs, seconds: (performance.now() - started) / 1000,
    bestValidationAccuracy: Math.max(...accuracies), finalValidationAccuracy: accuracies.at(-1) ?? Number.NaN,
    banners: diagnose(epochs, appendSteps([], steps)).map((d) => `${d.title}: ${d.evidence}`),
  };
}

/** GAP features of the frozen backbone for every image of a split, centre-cropped at the input size as the studio does. */
async function gapFeatures(datasetId: string, options: PhotosOptions): Promise<{ train: { x: tf.Tensor2D; y: tf.Tensor2D }; validation: { x: tf.Tensor2D; y: tf.Tensor2D } }> {
  const manifest = await loadManifest(datasetId);
  if (!manifest) throw new Error('photos: the dataset went missing');
  const spec: ModelSpec = { ...MODEL, inputSize: options.inputSize, numClasses: 2, modelBaseUrl: options.modelBaseUrl };
  const model = await buildModelFromCatalog(spec, undefined, INDEXEDDB_MODEL_STORE);
  const gap = model.layers.find((layer) => layer.getClassName() === 'GlobalAveragePooling2D');
  if (!gap) throw new Error('photos: no global average pooling in the model');
  const backbone = tf.model({ inputs: model.inputs, outputs: gap.output });
  const images = manifest.images.filter((image) => image.split !== 'test');
  const pixels = new StoredPixels(images, (ids) => loadImages(datasetId, ids), decodeToRgb, defaultDecodedCacheBytes(), options.inputSize);
  const split = { train: [] as number[], validation: [] as number[] };
  images.forEach((image, i) => (image.split === 'validation' ? split.validation : split.train).push(i));
  const data = new StreamingData(pixels, split, Int32Array.from(images, (image) => image.classIndex), 2, options.inputSize);
  const features = async (count: number, batchAt: (start: number, end: number) => ReturnType<StreamingData['validationBatch']>, labels: Int32Array) => {
    const parts: tf.Tensor[] = [];
    const kept: number[] = [];
    for (let start = 0; start < count; start += 32) {
      const batch = await batchAt(start, Math.min(count, start + 32));
      if (!batch.images) continue;
      const input = batch.images;
      parts.push(tf.tidy(() => backbone.predict(input) as tf.Tensor));
      input.dispose();
      kept.push(...batch.kept.map((k) => labels[start + k] ?? 0));
    }
    const x = tf.concat(parts) as tf.Tensor2D;
    tf.dispose(parts);
    return { x, y: tf.tidy(() => tf.oneHot(tf.tensor1d(kept, 'int32'), 2).toFloat() as tf.Tensor2D) };
  };
  const train = await features(split.train.length, (start, end) => data.trainBatch(range(start, end)), data.trainLabels);
  const validation = await features(split.validation.length, (start, end) => data.validationBatch(start, end), data.validationLabels);
  model.dispose();
  return { train, validation };
}

/** A plain GAP + Dense softmax head on frozen features, Adam 1e-3, batch 32: the textbook feature-extraction baseline. */
async function referenceHead(datasetId: string, options: PhotosOptions, epochs: number): Promise<PhotosResult['reference']> {
  console.log('[bench] photos: the reference, a Dense head on frozen GAP features (tf.layers fit)');
  const { train, validation } = await gapFeatures(datasetId, options);
  const head = tf.sequential({ layers: [tf.layers.dense({ inputShape: [train.x.shape[1]], units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })] });
  head.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const history = await head.fit(train.x, train.y, { epochs, batchSize: 32, shuffle: true, validationData: [validation.x, validation.y], verbose: 0 });
  const accuracies = (history.history.val_acc ?? history.history.val_accuracy ?? []).map(Number);
  tf.dispose([train.x, train.y, validation.x, validation.y]);
  head.dispose();
  return { bestValidationAccuracy: Math.max(...accuracies), finalValidationAccuracy: accuracies.at(-1) ?? Number.NaN, epochs };
}

export async function runPhotosBench(options: PhotosOptions): Promise<PhotosResult> {
  const datasetId = await importPhotos(options);
  try {
    const engine = new Engine();
    await engine.init(options.backend);
    const dataset = await engine.loadStoredDataset(datasetId);
    const featureExtraction = await trainArm(engine, options, dataset.trainCounts, 'feature extraction, default settings', DEFAULT_TRAINING_FORM, { id: 'feature-extraction' });
    const strongestPreset = await trainArm(engine, options, dataset.trainCounts, 'top 2 blocks thawed, mild augmentation, 10 epochs, lr 0.001',
      { ...DEFAULT_TRAINING_FORM, augmentation: 'mild', epochs: 10, learningRate: 0.001 }, { id: 'fine-tune-top', blocks: 2 });
    await engine.discardCheckpoints();
    const reference = await referenceHead(datasetId, options, 50);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    return { trainImages: sum(dataset.trainCounts), validationImages: sum(dataset.validationCounts), inputSize: options.inputSize, featureExtraction, strongestPreset, reference };
  } finally {
    await deleteDataset(datasetId);
  }
}
