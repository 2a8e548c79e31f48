import { inputShapeOf, outputShapeOf } from './modelShape';
import { errorMessage } from '../common/errors';
import type { ArchiveFormat, EpochRow, Preprocessing } from '../contract';
import * as tf from '@tensorflow/tfjs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { validateLayersModelImport } from './importValidation';

export interface ArchiveContents {
  labels: string[];
  preprocessing: Preprocessing;
  /** Opaque to this module: the studio's model spec, training config and freeze state. */
  config: unknown;
  metrics: EpochRow[];
}

export interface LoadedArchive {
  model: tf.LayersModel;
  labels: string[];
  inputSize: number;
  config: unknown;
  /** 'layers-model': a plain tfjs layers model, with neither Thaw's labels.json nor Teachable Machine's metadata.json. */
  format: ArchiveFormat | 'layers-model';
  warnings: string[];
}

const WEIGHTS_FILE = 'weights.bin';
/** Zip bombs stop here: no model the studio can train comes near. */
const MAX_UNZIPPED_BYTES = 600 * 1024 * 1024;

/** A model as the two files of the tfjs layers format: model.json (topology + manifest naming weights.bin) and weights.bin. */
export async function modelArtifacts(model: tf.LayersModel): Promise<{ modelJson: object; weights: Uint8Array }> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    captured = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts?.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) throw new Error('The model could not be serialised');
  const weightData = artifacts.weightData;
  const weights = new Uint8Array(weightData instanceof ArrayBuffer ? weightData : tf.io.concatenateArrayBuffers(weightData));
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: 'Thaw',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
  };
  return { modelJson, weights };
}

const json = (value: unknown) => strToU8(JSON.stringify(value, null, 2));

export function metricsCsv(rows: EpochRow[]): string {
  const header = 'epoch,step,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds';
  return [header, ...rows.map((r) => [r.epoch, r.step, r.trainLoss, r.trainAccuracy, r.validationLoss, r.validationAccuracy, r.seconds].join(','))].join('\n') + '\n';
}

export async function exportArchive(model: tf.LayersModel, contents: ArchiveContents, format: ArchiveFormat): Promise<Uint8Array> {
  const { modelJson, weights } = await modelArtifacts(model);
  const files: Record<string, Uint8Array> = { 'model.json': json(modelJson), [WEIGHTS_FILE]: weights };
  if (format === 'teachable-machine') {
    files['metadata.json'] = json({
      tfjsVersion: tf.version.tfjs, tmVersion: '2.4.7', packageVersion: '0.8.4', packageName: '@teachablemachine/image',
      timeStamp: new Date().toISOString(), userMetadata: { exportedBy: 'Thaw', preprocessing: contents.preprocessing },
      modelName: 'thaw-image-model', labels: contents.labels, imageSize: contents.preprocessing.inputSize,
    });
  } else {
    Object.assign(files, {
      'labels.json': json(contents.labels),
      'preprocessing.json': json(contents.preprocessing),
      'config.json': json(contents.config),
      'metrics.json': json(contents.metrics),
      'metrics.csv': strToU8(metricsCsv(contents.metrics)),
    });
  }
  return zipSync(files, { level: 6 });
}

/**
 * Reads a zip (or the files of an unzipped folder) exported by Thaw or Teachable Machine. The model.json
 * is vetted before tfjs allocates anything; every problem comes back as one readable error.
 */
export async function loadArchive(input: Uint8Array | Record<string, Uint8Array>): Promise<LoadedArchive> {
  const files = input instanceof Uint8Array ? unzipArchive(input) : stripFolders(input);
  const modelJsonBytes = files['model.json'];
  if (!modelJsonBytes) throw new Error('No model.json among the files: choose a model exported by Thaw or Teachable Machine, or a TensorFlow.js layers model (model.json and its weight files).');
  const modelJsonText = strFromU8(modelJsonBytes);
  const sizes = new Map(Object.entries(files).map(([name, bytes]) => [name, bytes.byteLength]));
  const vetted = validateLayersModelImport(modelJsonText, sizes);
  if (!vetted.ok) throw new Error(`The model.json was refused: ${vetted.errors.join('; ')}`);
  const modelJson = JSON.parse(modelJsonText) as { modelTopology: object; weightsManifest: tf.io.WeightsManifestConfig };
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const shards = modelJson.weightsManifest.flatMap((group) => group.paths.map((p) => {
    const shard = files[baseName(p)];
    // validateLayersModelImport found every shard; a missing one here would be a bug, said plainly.
    if (!shard) throw new Error(`The weight file ${p} named by model.json is missing`);
    return shard;
  }));
  const weightData = concatBytes(shards);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }));

  const inputShape = inputShapeOf(model);
  const inputSize = inputShape[1] ?? 0;
  const metadata = files['metadata.json'] ? parseJson(files['metadata.json'], 'metadata.json') as { labels?: unknown } : null;
  const labelsSource = files['labels.json'] ? parseJson(files['labels.json'], 'labels.json') : metadata?.labels;
  const outputs = outputShapeOf(model).at(-1) ?? 0;
  const format = files['labels.json'] ? 'thaw' : files['metadata.json'] ? 'teachable-machine' : 'layers-model';
  const warnings: string[] = [...vetted.warnings];
  let labels: string[];
  if (Array.isArray(labelsSource) && labelsSource.every((l) => typeof l === 'string') && labelsSource.length === outputs) {
    labels = labelsSource;
  } else {
    labels = Array.from({ length: outputs }, (_, i) => `class ${i + 1}`);
    // A plain layers model has no labels to find: it is imported as a backbone, its classifier replaced.
    if (format !== 'layers-model') warnings.push(`No usable label list (labels.json or metadata.json) for ${outputs} outputs; classes are numbered instead.`);
  }
  const config = files['config.json'] ? parseJson(files['config.json'], 'config.json') : null;
  return { model, labels, inputSize, config, format, warnings };
}

function unzipArchive(bytes: Uint8Array): Record<string, Uint8Array> {
  let total = 0;
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new Error(`it unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB`);
        return !file.name.endsWith('/');
      },
    });
  } catch (error) {
    throw new Error(`The file is not a readable zip archive (${errorMessage(error)}).`, { cause: error });
  }
  return stripFolders(unzipped);
}

/** An archive zipped with its folder ("run/model.json") reads like one without. */
function stripFolders(files: Record<string, Uint8Array>): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [baseName(name), bytes]));
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function parseJson(bytes: Uint8Array, name: string): unknown {
  try {
    return JSON.parse(strFromU8(bytes));
  } catch {
    throw new Error(`${name} in the archive is not valid JSON`);
  }
}

function concatBytes(parts: Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out.buffer;
}
