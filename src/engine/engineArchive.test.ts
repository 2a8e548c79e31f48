import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { buildSmallCnn } from '../models/smallCnn';
import { loadArchive, modelArtifacts } from '../models/modelArchive';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from './engine';
import type { EpochEvent } from './api';
import { optimizerConfig, useCpuBackend } from './testSupport';
import { valueAt } from './arrays';

beforeAll(useCpuBackend);

const DATASET = { seed: 5, imageSize: 16, imagesPerClass: 8, imbalanced: false, validationFraction: 0.25 };
const MODEL = { architecture: 'small-cnn' as const, width: 4, dropout: 0.2, seed: 2 };

async function engineWithData(): Promise<Engine> {
  const engine = new Engine();
  await engine.init('cpu');
  await engine.loadSampleDataset(DATASET);
  return engine;
}

describe('Engine export and import', () => {
  it('an exported zip, imported into a fresh studio, scores exactly what the trained model scored', async () => {
    const trained = await engineWithData();
    await trained.buildModel(MODEL);
    await trained.setBlockFrozen('block1', true);
    const epochs: EpochEvent[] = [];
    await trained.train({ epochs: 2, batchSize: 8, seed: 1, optimizer: optimizerConfig({ learningRate: 0.01 }) }, (e) => { if (e.type === 'epoch') epochs.push(e); });
    const last = valueAt(epochs, 1);
    const exported = await trained.exportModel({ format: 'thaw', source: 'current', metrics: epochs });
    expect(exported.fileName).toBe('thaw-small-cnn.zip');
    const files = unzipSync(exported.bytes);
    const text = (name: string) => strFromU8(files[name] ?? new Uint8Array());
    expect(JSON.parse(text('labels.json'))).toHaveLength(5);
    expect(JSON.parse(text('config.json'))).toMatchObject({ kind: 'thaw-model', model: { architecture: 'small-cnn', inputSize: 16 }, training: { epochs: 2 }, freeze: { frozen: ['block1'] } });
    expect(text('metrics.csv').trim().split('\n')).toHaveLength(3);
    // Taken now: the best checkpoint is one per origin, and the fresh studio's run below replaces it.
    const best = await trained.exportModel({ format: 'teachable-machine', source: 'best', metrics: [] });

    const fresh = await engineWithData();
    const imported = await fresh.importModel(exported.bytes);
    expect(imported.validationLoss).toBeCloseTo(last.validationLoss, 5);
    expect(imported.validationAccuracy).toBe(last.validationAccuracy);
    expect(imported.model.blocks.find((b) => b.id === 'block1')?.frozen).toBe(true);
    expect(imported.training?.epochs).toBe(2);
    // The imported model trains on: a further epoch runs from its weights.
    const more: EpochEvent[] = [];
    expect(await fresh.train({ epochs: 1, batchSize: 8, seed: 1, optimizer: optimizerConfig({ learningRate: 0.01 }) }, (e) => { if (e.type === 'epoch') more.push(e); })).toBe('finished');
    expect(valueAt(more, 0).trainLoss).toBeLessThan(valueAt(epochs, 0).trainLoss);

    // The best checkpoint's Teachable Machine zip imports back too, scoring what that epoch scored.
    const bestEpoch = Number(/^thaw-small-cnn-best-epoch-(\d)-teachable-machine\.zip$/.exec(best.fileName)?.[1]);
    const fromTeachableMachine = await fresh.importModel(best.bytes);
    expect(fromTeachableMachine.validationLoss).toBeCloseTo(valueAt(epochs, bestEpoch - 1).validationLoss, 5);
    expect(fromTeachableMachine.model.blocks.find((b) => b.id === 'block1')?.frozen).toBe(true);
  });

  it('a plain TensorFlow.js layers model (model.json + weights) becomes a frozen backbone with a new head, and trains', async () => {
    // Someone's own CNN, with a 10-class classifier the studio must replace.
    const own = buildSmallCnn({ architecture: 'small-cnn', width: 4, inputSize: 16, numClasses: 10, dropout: 0, seed: 9 });
    const { modelJson, weights } = await modelArtifacts(own);
    const backboneWeights = valueAt(own.getLayer('block2_conv').getWeights(), 0).dataSync().slice();
    const engine = await engineWithData();
    await engine.buildModel(MODEL);
    const imported = await engine.importModel({ 'my model/model.json': strToU8(JSON.stringify(modelJson)), 'my model/weights.bin': weights });
    expect(imported.modelSpec).toMatchObject({ architecture: 'imported-backbone', inputSize: 16, importedBackbone: { featureLayer: 'block3_relu', inputSize: 16 } });
    expect(imported.warnings[0]).toMatch(/is now the backbone: cut after layer "block3_relu" \(2×2×32 features\), with a new head for 5 classes/);
    expect(imported.model.blocks.map((b) => [b.id, b.frozen])).toEqual([['stem', true], ['block1', true], ['block2', true], ['block3', true], ['head', false]]);
    expect(imported.model.blocks.find((b) => b.id === 'head')!.params).toBe((32 + 1) * 5);
    const epochs: EpochEvent[] = [];
    expect(await engine.train({ epochs: 1, batchSize: 8, seed: 1, optimizer: optimizerConfig({ learningRate: 0.01 }) }, (e) => { if (e.type === 'epoch') epochs.push(e); })).toBe('finished');
    expect(epochs).toHaveLength(1);
    // The pretrained weights came across, and stayed put while frozen.
    const exported = await engine.exportModel({ format: 'thaw', source: 'current', metrics: epochs });
    const reloaded = await loadArchive(exported.bytes);
    expect(valueAt(reloaded.model.getLayer('block2_conv').getWeights(), 0).dataSync()).toEqual(backboneWeights);
    reloaded.model.dispose();
    own.dispose();

    const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [12], units: 3 })] });
    const denseFiles = await modelArtifacts(dense);
    await expect(engine.importModel({ 'model.json': strToU8(JSON.stringify(denseFiles.modelJson)), 'weights.bin': denseFiles.weights }))
      .rejects.toThrow('This model cannot be used as a backbone: it must take one RGB image input');
    expect((await engine.modelSummary()).blocks.at(-1)!.params).toBe((32 + 1) * 5);
  });

  it('predicts the top classes of one image of any size, and refuses malformed pixels', async () => {
    const engine = await engineWithData();
    await engine.buildModel(MODEL);
    const image = valueAt(await engine.validationImages([0]), 0);
    const big = { width: 40, height: 40, rgb: new Uint8Array(40 * 40 * 3).fill(200) };
    for (const input of [image, big]) {
      const top = await engine.predict(input, 3);
      expect(top).toHaveLength(3);
      expect(valueAt(top, 0).probability).toBeGreaterThanOrEqual(valueAt(top, 1).probability);
      expect(top.reduce((sum, p) => sum + p.probability, 0)).toBeLessThanOrEqual(1 + 1e-6);
    }
    await expect(engine.predict({ width: 4, height: 4, rgb: new Uint8Array(5) }, 3)).rejects.toThrow(/malformed/);
  });
});
