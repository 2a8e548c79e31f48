import { inputShapeOf, outputShapeOf } from './modelShape';
import { concatBytes } from '../common/bytes';
import { errorMessage } from '../common/errors';
import type { ArchiveFormat } from '../contract';
import * as tf from '@tensorflow/tfjs';
import { strFromU8 } from 'fflate';
import { readZipDirectory } from '../common/zip/zipDirectory';
import { readZipEntry } from '../common/zip/zipEntryReader';
import { withoutExportLayers, type LayersArtifacts } from './export/exportLayers';
import { validateLayersModelImport, type ImportSummary } from './importValidation';
import { i18n } from '../common/i18n/i18n';

export interface LoadedArchive {
  model: tf.LayersModel;
  labels: string[];
  inputSize: number;
  config: unknown;
  /** 'layers-model': a plain tfjs layers model, with neither Thaw's labels.json nor Teachable Machine's metadata.json. */
  format: ArchiveFormat | 'layers-model';
  warnings: string[];
}

export const WEIGHTS_FILE = 'weights.bin';
/** Zip bombs stop here: no model the studio can train comes near. */
const MAX_UNZIPPED_BYTES = 600 * 1024 * 1024;

/** A model as tfjs saves it: topology, weight specs and the weights' bytes. */
export async function layersArtifacts(model: tf.LayersModel): Promise<LayersArtifacts> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    captured = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts?.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) throw new Error('The model could not be serialised');
  const weightData = artifacts.weightData;
  return {
    modelTopology: artifacts.modelTopology as Record<string, unknown>,
    weightSpecs: artifacts.weightSpecs,
    weightData: new Uint8Array(weightData instanceof ArrayBuffer ? weightData : tf.io.concatenateArrayBuffers(weightData)),
  };
}

/** Saved artifacts as the two files of the tfjs layers format: model.json (topology + manifest naming weights.bin) and weights.bin. */
export function layersModelFiles(artifacts: LayersArtifacts): { modelJson: LayersModelJson; weights: Uint8Array } {
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: 'Thaw',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
  };
  return { modelJson, weights: artifacts.weightData };
}

export interface LayersModelJson {
  format: string;
  generatedBy: string;
  convertedBy: string;
  modelTopology: Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** A model as the two files of the tfjs layers format, exactly as the studio holds it (logits out). */
export async function modelArtifacts(model: tf.LayersModel): Promise<{ modelJson: LayersModelJson; weights: Uint8Array }> {
  return layersModelFiles(await layersArtifacts(model));
}

/**
 * Reads a zip (or the files of an unzipped folder) exported by Thaw or Teachable Machine. The model.json
 * is vetted before tfjs allocates anything, then `vet` (which throws to refuse); every problem comes back as one readable error.
 */
export async function loadArchive(input: Uint8Array | Record<string, Uint8Array>, vet: (summary: ImportSummary) => void = () => {}): Promise<LoadedArchive> {
  const files = input instanceof Uint8Array ? await unzipArchive(input) : stripFolders(input);
  const modelJsonBytes = files['model.json'];
  if (!modelJsonBytes) throw new Error(i18n.t('engine:import.noModelJson'));
  const modelJsonText = strFromU8(modelJsonBytes);
  const sizes = new Map(Object.entries(files).map(([name, bytes]) => [name, bytes.byteLength]));
  const vetted = validateLayersModelImport(modelJsonText, sizes);
  if (!vetted.ok) throw new Error(i18n.t('engine:import.modelJsonRefused', { reasons: vetted.errors.join('; ') }));
  // The caller's own check of what the topology builds (the engine's memory estimate), still before building.
  vet(vetted);
  const modelJson = JSON.parse(modelJsonText) as { modelTopology: object; weightsManifest: tf.io.WeightsManifestConfig };
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const shards = modelJson.weightsManifest.flatMap((group) => group.paths.map((p) => {
    const shard = files[baseName(p)];
    // validateLayersModelImport found every shard; a missing one here would be a bug, said plainly.
    if (!shard) throw new Error(i18n.t('engine:import.missingWeightFile', { file: p }));
    return shard;
  }));
  // The softmax (and Teachable Machine's input rescale) an export adds go: the studio's model ends in logits.
  const studioModel = withoutExportLayers({ modelTopology: modelJson.modelTopology as Record<string, unknown>, weightSpecs, weightData: concatBytes(shards) });
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: studioModel.modelTopology, weightSpecs: studioModel.weightSpecs, weightData: exactBuffer(studioModel.weightData),
  }));

  const inputShape = inputShapeOf(model);
  const inputSize = inputShape[1] ?? 0;
  const metadata = files['metadata.json'] ? parseJson(files['metadata.json'], 'metadata.json') as { labels?: unknown; userMetadata?: { thaw?: unknown } } : null;
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
  // A Teachable Machine zip the studio wrote carries its config in metadata.json's userMetadata.
  const config = files['config.json'] ? parseJson(files['config.json'], 'config.json') : metadata?.userMetadata?.thaw ?? null;
  return { model, labels, inputSize, config, format, warnings };
}

/**
 * The zip's files, read with the studio's one zip reader: sizes come from its directory and are bounded
 * before anything inflates, and each entry inflates only up to its declared size (a lying directory is
 * refused, not followed).
 */
async function unzipArchive(bytes: Uint8Array): Promise<Record<string, Uint8Array>> {
  const unreadable = (why: string, cause?: unknown) => new Error(i18n.t('engine:import.notZip', { reason: why }), { cause });
  const zip = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  let directory;
  try {
    directory = await readZipDirectory(zip);
  } catch (error) {
    throw unreadable(errorMessage(error), error);
  }
  const entries = directory.filter((entry) => !entry.name.endsWith('/'));
  const total = entries.reduce((sum, entry) => sum + entry.size, 0);
  if (total > MAX_UNZIPPED_BYTES) throw unreadable(`it unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB`);
  const files: Record<string, Uint8Array> = {};
  for (const entry of entries) {
    if (entry.flags & 1) throw unreadable(`${entry.name} is encrypted; unzip it with its password and choose its files`);
    if (entry.method !== 0 && entry.method !== 8) throw unreadable(`${entry.name} uses zip method ${entry.method}; zip it again with ordinary compression`);
    const read = await readZipEntry(zip, entry, { isCancelled: () => false });
    if ('skip' in read) throw unreadable(`${entry.name}: ${read.skip}`);
    files[entry.name] = read.bytes;
  }
  return stripFolders(files);
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
    throw new Error(i18n.t('engine:import.notJson', { file: name }));
  }
}


/** tfjs reads the whole ArrayBuffer: a view into a larger one is copied out. */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer;
}
