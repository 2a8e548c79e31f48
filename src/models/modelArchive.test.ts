import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync, zipSync, strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadArchive } from './modelArchive';
import { exportArchive as writeArchive, type ArchiveContents } from './export/exportArchive';
import { preprocessingFor, type ExportFormat } from '../contract';
import { tinyModel, useCpuBackend } from '../engine/testSupport';

beforeAll(useCpuBackend);

const CONTENTS: ArchiveContents = {
  labels: ['circle', 'square', 'triangle', 'star', 'cross'],
  preprocessing: preprocessingFor(16),
  config: { model: { architecture: 'small-cnn' } },
  title: 'tiny',
  test: null,
  metrics: [{ epoch: 1, step: 4, trainLoss: 1.5, trainAccuracy: 0.3, validationLoss: 1.4, validationAccuracy: 0.35, seconds: 2 }],
};

const NO_RUNTIME = { tfjsRuntime: () => Promise.reject(new Error('no runtime in this test')) };
const exportArchive = (model: tf.LayersModel, contents: ArchiveContents, format: ExportFormat) => writeArchive(model, contents, format, NO_RUNTIME);

function layersModelOf(files: Record<string, Uint8Array>): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(strFromU8(files['model.json']!)) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0]!.weights, weightData: files['weights.bin']!.slice().buffer,
  }));
}

/** max |softmax(studio(x / 127.5 − 1)) − export(x / divisor − 1)| over random pixels x. */
function probabilityDifference(studio: tf.LayersModel, exported: tf.LayersModel, divisor: number): number {
  return tf.tidy(() => {
    const pixels = tf.randomUniform([6, 16, 16, 3], 0, 255, 'float32', 7).round();
    const studioProbabilities = tf.softmax(studio.predict(pixels.div(127.5).sub(1)) as tf.Tensor2D);
    const exportProbabilities = exported.predict(pixels.div(divisor).sub(1)) as tf.Tensor2D;
    return studioProbabilities.sub(exportProbabilities).abs().max().dataSync()[0]!;
  });
}

function maxAbsDifference(a: tf.LayersModel, b: tf.LayersModel): number {
  return tf.tidy(() => {
    const x = tf.randomUniform([6, 16, 16, 3], -1, 1, 'float32', 5);
    return (a.predict(x) as tf.Tensor).sub(b.predict(x) as tf.Tensor).abs().max().dataSync()[0]!;
  });
}

describe('model archives', () => {
  it("writes the exported weights' test score apart from the epochs, with the words it is shown with", async () => {
    const { model } = tinyModel();
    const test = { loss: 0.8, accuracy: 0.625, images: 8, epoch: 1 };
    const files = unzipSync(await exportArchive(model, { ...CONTENTS, test }, 'thaw'));
    const metrics = JSON.parse(strFromU8(files['metrics.json']!)) as { epochs: unknown[]; test: unknown };
    expect(metrics.epochs).toEqual(CONTENTS.metrics);
    expect(metrics.test).toEqual({ ...test, note: 'test accuracy, never used to choose anything' });
    const csv = strFromU8(files['metrics.csv']!).trim().split('\n');
    expect(csv[0]).toBe('epoch,step,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds,test_loss,test_accuracy_never_used_to_choose_anything');
    expect(csv[1]).toBe('1,4,1.5,0.3,1.4,0.35,2,,');
    expect(csv[2]).toBe('test,,,,,,,0.8,0.625');
    model.dispose();
  });

  it('a Thaw zip reloads to the same predictions (max |Δ| < 1e-5) with its labels, config and metrics', async () => {
    const { model } = tinyModel({ dropout: 0.3 });
    const zip = await exportArchive(model, CONTENTS, 'thaw');
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['config.json', 'labels.json', 'metrics.csv', 'metrics.json', 'model.json', 'preprocessing.json', 'weights.bin']);
    expect(strFromU8(files['metrics.csv']!).split('\n')[1]).toBe('1,4,1.5,0.3,1.4,0.35,2');
    const loaded = await loadArchive(zip);
    expect(loaded.format).toBe('thaw');
    expect(loaded.labels).toEqual(CONTENTS.labels);
    expect(loaded.inputSize).toBe(16);
    expect(loaded.config).toEqual(CONTENTS.config);
    expect(maxAbsDifference(model, loaded.model)).toBeLessThan(1e-5);
    // The file itself ends in a softmax: probabilities that sum to 1, those of the studio's logits.
    const asWritten = await layersModelOf(files);
    expect(asWritten.layers.at(-1)!.name).toBe('thaw_export_softmax');
    expect(probabilityDifference(model, asWritten, 127.5)).toBeLessThan(1e-6);
    expect(JSON.parse(strFromU8(files['preprocessing.json']!))).toMatchObject({ inputSize: 16, crop: 'centre-square', scale: 'x/127.5-1', output: 'probabilities' });
    // What was read back is the studio's model again: logits, no export layers.
    expect(loaded.model.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    [model, loaded.model, asWritten].forEach((m) => m.dispose());
  });

  it('the Teachable Machine layout has model.json, weights.bin and metadata.json with the labels', async () => {
    const { model } = tinyModel();
    const zip = await exportArchive(model, CONTENTS, 'teachable-machine');
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
    const metadata: unknown = JSON.parse(strFromU8(files['metadata.json']!));
    expect(metadata).toMatchObject({ labels: CONTENTS.labels, imageSize: 16, packageName: '@teachablemachine/image' });
    // Fed as Teachable Machine's library feeds it (x / 127 − 1), it gives the studio's probabilities.
    const reloaded = await layersModelOf(files);
    expect(probabilityDifference(model, reloaded, 127)).toBeLessThan(1e-6);
    expect(probabilityDifference(model, reloaded, 127.5)).toBeGreaterThan(1e-6);
    const viaArchive = await loadArchive(zip);
    expect(viaArchive.labels).toEqual(CONTENTS.labels);
    expect(viaArchive.format).toBe('teachable-machine');
    expect(viaArchive.config).toEqual(CONTENTS.config);
    expect(maxAbsDifference(model, viaArchive.model)).toBeLessThan(1e-5);
    [model, reloaded, viaArchive.model].forEach((m) => m.dispose());
  });

  it('refuses what is not a model archive with a readable reason', async () => {
    await expect(loadArchive(strToU8('not a zip at all'))).rejects.toThrow(/not a readable zip archive/);
    await expect(loadArchive(zipSync({ 'notes.txt': strToU8('hello') }))).rejects.toThrow(/No model.json/);
    await expect(loadArchive(zipSync({ 'model.json': strToU8('{"modelTopology": 3}') }))).rejects.toThrow(/refused/);
  });

  it('stops inflating an entry at the size its zip directory declares (a lying directory is refused, not followed)', async () => {
    // 64 MB of zeros whose directory claims 1,000 bytes: the reader stops past 1,000 and names the entry.
    const zip = zipSync({ 'model.json': new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    const central = centralDirectoryAt(zip);
    new DataView(zip.buffer, zip.byteOffset).setUint32(central + 24, 1000, true);
    await expect(loadArchive(zip)).rejects.toThrow(/model\.json: its size in the zip directory is wrong/);
  });

  it('reads an archive zipped with its folder, and numbers classes when the labels are missing', async () => {
    const { model } = tinyModel();
    const files = unzipSync(await exportArchive(model, CONTENTS, 'thaw'));
    const nested = zipSync({ 'run-1/model.json': files['model.json']!, 'run-1/weights.bin': files['weights.bin']!, 'run-1/metadata.json': strToU8('{}') });
    const loaded = await loadArchive(nested);
    expect(loaded.format).toBe('teachable-machine');
    expect(loaded.labels).toEqual(['class 1', 'class 2', 'class 3', 'class 4', 'class 5']);
    expect(loaded.warnings.join(' ')).toMatch(/No usable label list/);
    loaded.model.dispose();
    // Without any label file it is a plain layers model (it will become a backbone): nothing to warn about.
    const plain = await loadArchive(zipSync({ 'model.json': files['model.json']!, 'weights.bin': files['weights.bin']! }));
    expect(plain.format).toBe('layers-model');
    expect(plain.warnings).toEqual([]);
    plain.model.dispose();
    model.dispose();
  });
});

/** Offset of the first central-directory record (signature PK\x01\x02). */
function centralDirectoryAt(zip: Uint8Array): number {
  const view = new DataView(zip.buffer, zip.byteOffset);
  for (let at = zip.length - 22; at >= 0; at--) if (view.getUint32(at, true) === 0x06054b50) return view.getUint32(at + 16, true);
  throw new Error('no end of central directory');
}
