import 'fake-indexeddb/auto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from './engine';
import { useCpuBackend } from './testSupport';

beforeAll(useCpuBackend);

const SAMPLE = { seed: 5, imageSize: 16, imagesPerClass: 8, imbalanced: false, validationFraction: 0.25 };
const MODEL = { architecture: 'small-cnn' as const, width: 4, dropout: 0.2, seed: 2 };

async function engineWithModel(): Promise<Engine> {
  const engine = new Engine();
  await engine.init('cpu');
  await engine.loadSampleDataset(SAMPLE);
  await engine.buildModel(MODEL);
  return engine;
}

/** A hand-written model.json: nothing is built to write it, so it can ask for anything. */
function hostileModelJson(layers: object[], inputShape: number[], weights: object[]): Uint8Array {
  const topology = {
    class_name: 'Sequential',
    config: { name: 'hostile', layers: [{ class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, ...inputShape], dtype: 'float32' } }, ...layers] },
  };
  return strToU8(JSON.stringify({ format: 'layers-model', modelTopology: topology, weightsManifest: [{ paths: ['weights.bin'], weights }] }));
}

describe('importing hostile models and archives', () => {
  it('refuses a config.json whose input size is not the model\'s own, naming the field', async () => {
    const engine = await engineWithModel();
    const files = unzipSync((await engine.exportModel({ format: 'thaw', source: 'current', metrics: [] })).bytes);
    const config = JSON.parse(strFromU8(files['config.json']!)) as { model: { inputSize: number } };
    config.model.inputSize = 30000;
    const tampered = zipSync({ ...files, 'config.json': strToU8(JSON.stringify(config)) });
    const before = await engine.modelSummary();
    await expect(engine.importModel(tampered)).rejects.toThrow(
      "The archive's config.json was refused: model.inputSize: 30000 is not a whole number from 16 to 512; "
      + "model.inputSize: 30000 is not the model's own input size: its model.json takes 16×16 px images",
    );
    expect(await engine.modelSummary()).toEqual(before);
  });

  it('refuses a topology that builds 3.2 G weight values, whatever the manifest says, naming the layer', async () => {
    const engine = await engineWithModel();
    const json = hostileModelJson([{ class_name: 'Dense', config: { name: 'huge', units: 56_569 } }], [56_569], [{ name: 'huge/bias', shape: [1], dtype: 'float32' }]);
    await expect(engine.importModel({ 'model.json': json, 'weights.bin': new Uint8Array(4) })).rejects.toThrow(
      /Layer "huge" \(Dense\) builds a weight of shape \[56569, 56569\] = 3,200,051,761 values \(over 50,000,000\)/,
    );
  });

  it('refuses a 65,536-filter convolution on 1024 px images, naming the layer and its output', async () => {
    const engine = await engineWithModel();
    const conv = { class_name: 'Conv2D', config: { name: 'wide', filters: 65_536, kernel_size: [1, 1], use_bias: false } };
    const json = hostileModelJson([conv], [1024, 1024, 3], [{ name: 'wide/kernel', shape: [1, 1, 3, 65_536], dtype: 'float32' }]);
    await expect(engine.importModel({ 'model.json': json, 'weights.bin': new Uint8Array(4 * 3 * 65_536) })).rejects.toThrow(
      /Layer "wide" \(Conv2D\) outputs \[batch, 1024, 1024, 65536\] = 68,719,476,736 values per image/,
    );
  });

  it('refuses a model the memory estimate says cannot train one image here, before building it', async () => {
    const source = await engineWithModel();
    const zip = (await source.exportModel({ format: 'thaw', source: 'current', metrics: [] })).bytes;
    const engine = await engineWithModel();
    await engine.setMemoryLimit(64 * 1024);
    await expect(engine.importModel(zip)).rejects.toThrow(
      /^This model would need about .+ to train one image at a time .+ more than the memory limit set in the studio \(64 KB\)\. Layer "\w+" \(\w+\) outputs \[/,
    );
  });
});
