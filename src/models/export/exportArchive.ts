import * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';
import { TEST_SCORE_NOTE, type EpochRow, type ExportFormat, type Preprocessing, type TestScore } from '../../contract';
import { layersArtifacts, layersModelFiles, WEIGHTS_FILE } from '../modelArchive';
import { TEACHABLE_MACHINE_RESCALE, withExportLayers } from './exportLayers';
import { DEMO_MODEL_FILE, DEMO_RUNTIME_FILE, demoPageFiles } from './demoPage';
import { onnxReadme } from './onnxReadme';
import { csvRow } from '../../common/csv';

export interface ArchiveContents {
  labels: string[];
  preprocessing: Preprocessing;
  /** Opaque to this module: the studio's model spec, training config and freeze state. */
  config: unknown;
  metrics: EpochRow[];
  /** The exported weights scored on the held-out test split; null when the dataset has none. */
  test: TestScore | null;
  /** Names the model in the demo page's title and the ONNX docs. */
  title: string;
}

export interface ExportDependencies {
  /** The tfjs runtime (tfjs's es2017 minified bundle, written as tf.min.js) the demo page carries beside it. */
  tfjsRuntime: () => Promise<Uint8Array>;
}

/** The version of Teachable Machine's library the export is checked against (its snippet loads tfjs 1.3.1). */
export const TEACHABLE_MACHINE_PACKAGE_VERSION = '0.8.5';

const json = (value: unknown) => strToU8(JSON.stringify(value, null, 2));

/**
 * One row per epoch; with a test score, two more columns and a last row `test` holding it alone, so
 * it never sits in an epoch's row as if it had been measured while training.
 */
export function metricsCsv(rows: EpochRow[], test: TestScore | null = null): string {
  const header = ['epoch', 'step', 'train_loss', 'train_accuracy', 'validation_loss', 'validation_accuracy', 'seconds'];
  const epochRow = (r: EpochRow) => [r.epoch, r.step, r.trainLoss, r.trainAccuracy, r.validationLoss, r.validationAccuracy, r.seconds];
  if (!test) return [csvRow(header), ...rows.map((r) => csvRow(epochRow(r)))].join('\n') + '\n';
  const testColumns = ['test_loss', 'test_accuracy_never_used_to_choose_anything'];
  return [
    csvRow([...header, ...testColumns]),
    ...rows.map((r) => csvRow([...epochRow(r), null, null])),
    csvRow(['test', null, null, null, null, null, null, test.loss, test.accuracy]),
  ].join('\n') + '\n';
}

/** metrics.json: the epochs, and the test score apart from them with the words it is shown with. */
function metricsJson(contents: ArchiveContents) {
  return { epochs: contents.metrics, test: contents.test ? { ...contents.test, note: TEST_SCORE_NOTE } : null };
}

/**
 * One export as the files of its zip, all made in memory first: a failure half-way leaves nothing behind.
 * The studio's model ends in logits; every format's copy ends in a softmax.
 */
export async function exportFiles(model: tf.LayersModel, contents: ArchiveContents, format: ExportFormat, dependencies: ExportDependencies): Promise<Record<string, Uint8Array>> {
  switch (format) {
    case 'thaw': return thawFiles(model, contents);
    case 'teachable-machine': return teachableMachineFiles(model, contents);
    case 'onnx': return onnxFiles(model, contents);
    case 'demo-page': return demoFiles(model, contents, await dependencies.tfjsRuntime());
  }
}

export async function exportArchive(model: tf.LayersModel, contents: ArchiveContents, format: ExportFormat, dependencies: ExportDependencies): Promise<Uint8Array> {
  const files = await exportFiles(model, contents, format, dependencies);
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, [bytes, { level: deflateLevel(name) }]])));
}

/**
 * The demo page's two large scripts are stored, not deflated. Deflating tfjs's 1.1 MB runtime took 75 ms, longer
 * than the whole tfjs export of MobileNet v1 0.25 at 224 px (45 ms), and deflating model.js (the weights as
 * base64) about 40 ms for a quarter of its size: stored, the demo zip is 2.2 MB instead of 1.1 MB and is made in
 * about the time of the tfjs zip (BENCHMARKS.md, export).
 */
const STORED_FILES = new Set([DEMO_RUNTIME_FILE, DEMO_MODEL_FILE]);
function deflateLevel(name: string): 0 | 6 {
  return STORED_FILES.has(name) ? 0 : 6;
}

async function withSoftmax(model: tf.LayersModel) {
  return layersModelFiles(withExportLayers(await layersArtifacts(model), { softmax: true }));
}

async function thawFiles(model: tf.LayersModel, contents: ArchiveContents): Promise<Record<string, Uint8Array>> {
  const { modelJson, weights } = await withSoftmax(model);
  return {
    'model.json': json(modelJson), [WEIGHTS_FILE]: weights,
    'labels.json': json(contents.labels),
    'preprocessing.json': json(contents.preprocessing),
    'config.json': json(contents.config),
    'metrics.json': json(metricsJson(contents)),
    'metrics.csv': strToU8(metricsCsv(contents.metrics, contents.test)),
  };
}

/**
 * Teachable Machine's library crops and resizes to metadata.imageSize with a canvas, scales x / 127 − 1 and
 * reads the outputs as probabilities: the copy gets a softmax, and a first layer turning its scale into the
 * studio's. The studio's config rides in userMetadata, so the zip imports back into the studio.
 */
async function teachableMachineFiles(model: tf.LayersModel, contents: ArchiveContents): Promise<Record<string, Uint8Array>> {
  const artifacts = withExportLayers(await layersArtifacts(model), { softmax: true, inputRescale: TEACHABLE_MACHINE_RESCALE });
  const { modelJson, weights } = layersModelFiles(artifacts);
  const metadata = {
    tfjsVersion: tf.version.tfjs, tmVersion: '2.4.7', packageVersion: TEACHABLE_MACHINE_PACKAGE_VERSION, packageName: '@teachablemachine/image',
    timeStamp: new Date().toISOString(), modelName: contents.title, labels: contents.labels,
    imageSize: contents.preprocessing.inputSize, grayscale: false,
    userMetadata: { exportedBy: 'Thaw', preprocessing: contents.preprocessing, thaw: contents.config },
  };
  return { 'model.json': json(modelJson), [WEIGHTS_FILE]: weights, 'metadata.json': json(metadata) };
}

/** The ONNX writer (and protobufjs) load only when someone asks for ONNX. */
async function onnxFiles(model: tf.LayersModel, contents: ArchiveContents): Promise<Record<string, Uint8Array>> {
  const { layersModelToOnnx, ONNX_OPSET } = await import('../onnx');
  const onnx = layersModelToOnnx(model, { labels: contents.labels, producerVersion: tf.version.tfjs, docString: contents.title });
  return {
    'model.onnx': onnx,
    'labels.json': json(contents.labels),
    'preprocessing.json': json(contents.preprocessing),
    'README.txt': strToU8(onnxReadme(contents.preprocessing.inputSize, ONNX_OPSET)),
  };
}

async function demoFiles(model: tf.LayersModel, contents: ArchiveContents, runtimeScript: Uint8Array): Promise<Record<string, Uint8Array>> {
  const { modelJson, weights } = await withSoftmax(model);
  return demoPageFiles({ modelJson, weights, labels: contents.labels, preprocessing: contents.preprocessing, runtimeScript, title: contents.title });
}
