import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync, zipSync, strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportArchive, loadArchive, type ArchiveContents } from './modelArchive';
import { tinyModel, useCpuBackend } from '../engine/testSupport';

beforeAll(useCpuBackend);

const CONTENTS: ArchiveContents = {
  labels: ['circle', 'square', 'triangle', 'star', 'cross'],
  preprocessing: { inputSize: 16, channels: 'RGB', resize: 'bilinear', scale: 'x/127.5-1' },
  config: { model: { architecture: 'small-cnn' } },
  metrics: [{ epoch: 1, step: 4, trainLoss: 1.5, trainAccuracy: 0.3, validationLoss: 1.4, validationAccuracy: 0.35, seconds: 2 }],
};

function maxAbsDifference(a: tf.LayersModel, b: tf.LayersModel): number {
  return tf.tidy(() => {
    const x = tf.randomUniform([6, 16, 16, 3], -1, 1, 'float32', 5);
    return (a.predict(x) as tf.Tensor).sub(b.predict(x) as tf.Tensor).abs().max().dataSync()[0]!;
  });
}

describe('model archives', () => {
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
    model.dispose();
    loaded.model.dispose();
  });

  it('the Teachable Machine layout has model.json, weights.bin and metadata.json with the labels', async () => {
    const { model } = tinyModel();
    const zip = await exportArchive(model, CONTENTS, 'teachable-machine');
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
    const metadata: unknown = JSON.parse(strFromU8(files['metadata.json']!));
    expect(metadata).toMatchObject({ labels: CONTENTS.labels, imageSize: 16, packageName: '@teachablemachine/image' });
    const modelJson = JSON.parse(strFromU8(files['model.json']!)) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0]!.weights, weightData: files['weights.bin']!.slice().buffer,
    }));
    expect(maxAbsDifference(model, reloaded)).toBeLessThan(1e-5);
    const viaArchive = await loadArchive(zip);
    expect(viaArchive.labels).toEqual(CONTENTS.labels);
    expect(viaArchive.format).toBe('teachable-machine');
    [model, reloaded, viaArchive.model].forEach((m) => m.dispose());
  });

  it('refuses what is not a model archive with a readable reason', async () => {
    await expect(loadArchive(strToU8('not a zip at all'))).rejects.toThrow(/not a readable zip archive/);
    await expect(loadArchive(zipSync({ 'notes.txt': strToU8('hello') }))).rejects.toThrow(/No model.json/);
    await expect(loadArchive(zipSync({ 'model.json': strToU8('{"modelTopology": 3}') }))).rejects.toThrow(/refused/);
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
