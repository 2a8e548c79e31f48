import { type BackendName, DEFAULT_OPTIMIZER, DEFAULT_TRAINING_FORM, type ModelSpec, type TrainConfig } from '../contract/index';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../engine/backend';
import { Trainer } from '../engine/trainer';
import type { TrainingData } from '../engine/data/batches';
import type { EngineEvent } from '../engine/api';
import { groupLayersIntoBlocks } from '../freeze/blocks';
import { FreezeState } from '../freeze/freezeState';
import { generateSampleDataset, generateShapeImages, type GeneratedImages } from '../data/sampleDataset';
import { stratifiedSplit } from '../data/split';
import { inMemoryTrainingData } from '../engine/data/inMemory';
import { toTrainConfig } from '../store/trainConfig';
import { buildSmallCnn } from '../models/smallCnn';
import { modelArtifacts } from '../models/modelArchive';
import { BUILT_IN_BACKBONE, modelOnBuiltInBackbone } from '../models/builtIn';
import type { ModelCard, TransferArm } from '../models/modelCard';
import { PRETRAIN_SHAPES } from '../data/pretrainShapes';

/**
 * `npm run pretrain`, in the page: pretrains the built-in backbone on generated shapes, then measures
 * how it transfers to the studio's sample dataset against the same architecture from scratch, with the
 * studio's own trainer and default settings. The driver (scripts/pretrain.mjs) writes the files.
 */
export interface PretrainOptions {
  backend: BackendName;
  imagesPerClass: number;
  epochs: number;
  seed: number;
  /** Epochs of each fine-tuning run in the comparison, and the seeds it is repeated with. */
  transferEpochs: number;
  transferSeeds: number[];
}

export interface PretrainResult {
  modelJson: object;
  weightsBase64: string;
  card: ModelCard;
}

/** The studio's default sample dataset: the comparison runs on exactly what a new user sees. */
const SAMPLE = { seed: 7, imageSize: BUILT_IN_BACKBONE.inputSize, imagesPerClass: 60, imbalanced: false, validationFraction: 0.2 };
const WIDTH = BUILT_IN_BACKBONE.scratchEquivalent.width;
const log = (text: string) => console.log(`[pretrain] ${text}`);

function splitData(images: GeneratedImages, validationFraction: number, seed: number): TrainingData {
  return inMemoryTrainingData(images, stratifiedSplit(images.labels, images.classNames.length, validationFraction, seed));
}

/** Trains with the studio's trainer; returns the validation accuracy after each epoch. */
async function train(model: tf.LayersModel, freeze: FreezeState, data: TrainingData, config: TrainConfig, label: string): Promise<number[]> {
  const accuracies: number[] = [];
  const onEvent = (event: EngineEvent) => {
    if (event.type !== 'epoch') return;
    accuracies.push(event.validationAccuracy);
    log(`${label} epoch ${event.epoch}: train acc ${event.trainAccuracy.toFixed(3)}, val acc ${event.validationAccuracy.toFixed(3)} (${event.seconds.toFixed(1)} s)`);
  };
  const trainer = new Trainer(model, freeze, data, config, onEvent);
  const state = await trainer.run();
  trainer.dispose();
  if (state !== 'finished') throw new Error(`${label}: training ended ${state}`);
  return accuracies;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

async function run(options: PretrainOptions): Promise<PretrainResult> {
  const backend = await selectBackend(options.backend);
  log(`backend ${backend.name} (${backend.adapter})`);
  const started = performance.now();

  const counts = PRETRAIN_SHAPES.map(() => options.imagesPerClass);
  const pretrainImages = generateShapeImages(PRETRAIN_SHAPES, counts, options.seed, BUILT_IN_BACKBONE.inputSize);
  const pretrainData = splitData(pretrainImages, 0.1, options.seed);
  const pretrainSpec: ModelSpec = { architecture: 'small-cnn', width: WIDTH, inputSize: BUILT_IN_BACKBONE.inputSize, numClasses: PRETRAIN_SHAPES.length, dropout: 0.1, seed: options.seed };
  const pretrainModel = buildSmallCnn(pretrainSpec);
  const pretrainAccuracies = await train(pretrainModel, new FreezeState(pretrainModel, groupLayersIntoBlocks(pretrainModel)), pretrainData, {
    epochs: options.epochs, batchSize: 32, seed: options.seed,
    optimizer: { ...DEFAULT_OPTIMIZER, name: 'adam', learningRate: 0.003 },
    schedule: { kind: 'cosine', totalEpochs: options.epochs, minLr: 0 },
  }, 'pretraining');
  const pretrainSeconds = (performance.now() - started) / 1000;

  const backbone = tf.model({ inputs: pretrainModel.inputs, outputs: pretrainModel.getLayer(BUILT_IN_BACKBONE.featureLayer).output, name: 'thaw_shapes_cnn' });
  const { modelJson, weights } = await modelArtifacts(backbone);
  const parameters = backbone.countParams();
  pretrainModel.dispose();

  // The comparison: fine-tuning the backbone just saved (loaded back from its own files) vs scratch.
  const sample = generateSampleDataset(SAMPLE);
  const sampleData = splitData(sample, SAMPLE.validationFraction, SAMPLE.seed);
  const trainCounts = sample.classNames.map((_, c) => sampleData.trainLabels.filter((l) => l === c).length);
  const json = modelJson as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const curves: Record<TransferArm['strategy'], number[][]> = { scratch: [], 'feature-extraction': [], 'fine-tune-all': [] };
  for (const seed of options.transferSeeds) {
    const spec: ModelSpec = { architecture: 'small-cnn', width: WIDTH, inputSize: SAMPLE.imageSize, numClasses: sample.classNames.length, dropout: 0.2, seed };
    const config = toTrainConfig({ ...DEFAULT_TRAINING_FORM, epochs: options.transferEpochs, seed }, trainCounts);
    for (const strategy of ['scratch', 'feature-extraction', 'fine-tune-all'] as const) {
      let model: tf.LayersModel;
      if (strategy === 'scratch') {
        model = buildSmallCnn(spec);
      } else {
        const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((group) => group.weights), weightData: weights.slice().buffer }));
        model = await modelOnBuiltInBackbone(loaded, spec);
      }
      const freeze = new FreezeState(model, groupLayersIntoBlocks(model));
      if (strategy === 'feature-extraction') freeze.blocks.filter((b) => b.id !== 'head').forEach((b) => freeze.setFrozen(b.id, true));
      curves[strategy].push(await train(model, freeze, sampleData, config, `${strategy} seed ${seed}`));
      model.dispose();
    }
  }

  const labels: Record<TransferArm['strategy'], string> = {
    scratch: `Small CNN (width ${WIDTH}) from scratch`,
    'feature-extraction': 'Built-in backbone, frozen (feature extraction)',
    'fine-tune-all': 'Built-in backbone, every block trained (fine-tuning)',
  };
  const arms: TransferArm[] = (Object.keys(curves) as TransferArm['strategy'][]).map((strategy) => {
    const finals = curves[strategy].map((c) => c.at(-1) ?? Number.NaN);
    return {
      strategy, label: labels[strategy], finalValidationAccuracy: finals, meanFinalValidationAccuracy: mean(finals),
      meanValidationAccuracyByEpoch: (curves[strategy][0] ?? []).map((_, e) => mean(curves[strategy].map((c) => c[e] ?? Number.NaN))),
    };
  });
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const [scratch, frozen, tuned] = arms;
  if (!scratch || !frozen || !tuned) throw new Error('The transfer comparison needs its three arms');
  const validationAccuracy = pretrainAccuracies.at(-1) ?? Number.NaN;
  const card: ModelCard = {
    name: 'Thaw Shapes CNN',
    summary:
      `Pretrained on ${pretrainData.trainLabels.length.toLocaleString('en')} generated images of ${PRETRAIN_SHAPES.length} shapes, none of them a class of the sample dataset ` +
      `(${pct(validationAccuracy)} validation accuracy on that task). Fine-tuned for ${options.transferEpochs} epochs on the sample dataset with the studio's default settings, ` +
      `it reaches ${pct(frozen.meanFinalValidationAccuracy)} frozen and ${pct(tuned.meanFinalValidationAccuracy)} fully fine-tuned, against ${pct(scratch.meanFinalValidationAccuracy)} ` +
      `for the same architecture from scratch (mean of ${options.transferSeeds.length} seeds).`,
    architecture: `Small CNN, width ${WIDTH}: stem and three strided blocks of 3×3 convolution + BatchNorm + ReLU (the catalog's "Small CNN" at width ${WIDTH}), without its head`,
    parameters,
    inputSize: BUILT_IN_BACKBONE.inputSize,
    featureLayer: BUILT_IN_BACKBONE.featureLayer,
    preprocessing: `RGB resized to ${BUILT_IN_BACKBONE.inputSize}×${BUILT_IN_BACKBONE.inputSize} (bilinear), pixel / 127.5 − 1 (range [−1, 1]); other input sizes work, the convolutions do not depend on it`,
    pretraining: {
      dataset: `Thaw Shapes-10: coloured shapes on striped, noisy backgrounds, drawn by src/data/pretrainShapes.ts (seed ${options.seed})`,
      classes: PRETRAIN_SHAPES.map((s) => s.name),
      trainImages: pretrainData.trainLabels.length,
      validationImages: pretrainData.validationLabels.length,
      epochs: options.epochs,
      seed: options.seed,
      validationAccuracy,
      backend: `${backend.name} (${backend.adapter})`,
      seconds: Math.round(pretrainSeconds),
    },
    transfer: {
      dataset: `The studio's sample dataset (5 shapes, ${SAMPLE.imageSize} px, ${sampleData.trainLabels.length} training and ${sampleData.validationLabels.length} validation images, seed ${SAMPLE.seed})`,
      epochs: options.transferEpochs,
      seeds: options.transferSeeds,
      arms,
    },
    command: 'npm run pretrain',
    createdAt: new Date().toISOString(),
  };
  return { modelJson, weightsBase64: toBase64(weights), card };
}

declare global {
  interface Window {
    thawPretrain?: { run: (options: PretrainOptions) => Promise<PretrainResult> };
  }
}
window.thawPretrain = { run };
document.getElementById('status')!.textContent = 'Pretraining page ready: driven by npm run pretrain.';
