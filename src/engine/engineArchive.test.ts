import 'fake-indexeddb/auto';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from './engine';
import type { EpochEvent } from './api';
import { optimizerConfig, useCpuBackend } from './testSupport';

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
    const last = epochs[1];
    const exported = await trained.exportModel({ format: 'thaw', source: 'current', metrics: epochs });
    expect(exported.fileName).toBe('thaw-small-cnn.zip');
    const files = unzipSync(exported.bytes);
    expect(JSON.parse(strFromU8(files['labels.json']))).toHaveLength(5);
    expect(JSON.parse(strFromU8(files['config.json']))).toMatchObject({ kind: 'thaw-model', model: { architecture: 'small-cnn', inputSize: 16 }, training: { epochs: 2 }, freeze: { frozen: ['block1'] } });
    expect(strFromU8(files['metrics.csv']).trim().split('\n')).toHaveLength(3);

    const fresh = await engineWithData();
    const imported = await fresh.importModel(exported.bytes);
    expect(imported.validationLoss).toBeCloseTo(last.validationLoss, 5);
    expect(imported.validationAccuracy).toBe(last.validationAccuracy);
    expect(imported.model.blocks.find((b) => b.id === 'block1')?.frozen).toBe(true);
    expect(imported.training?.epochs).toBe(2);
    // The imported model trains on: a further epoch runs from its weights.
    const more: EpochEvent[] = [];
    expect(await fresh.train({ epochs: 1, batchSize: 8, seed: 1, optimizer: optimizerConfig({ learningRate: 0.01 }) }, (e) => { if (e.type === 'epoch') more.push(e); })).toBe('finished');
    expect(more[0].trainLoss).toBeLessThan(epochs[0].trainLoss);

    const best = await trained.exportModel({ format: 'teachable-machine', source: 'best', metrics: [] });
    expect(best.fileName).toMatch(/^thaw-small-cnn-best-epoch-\d-teachable-machine\.zip$/);
    await expect(fresh.importModel(best.bytes)).rejects.toThrow(/Teachable Machine export/);
  });

  it('predicts the top classes of one image of any size, and refuses malformed pixels', async () => {
    const engine = await engineWithData();
    await engine.buildModel(MODEL);
    const [image] = await engine.validationImages([0]);
    const big = { width: 40, height: 40, rgb: new Uint8Array(40 * 40 * 3).fill(200) };
    for (const input of [image, big]) {
      const top = await engine.predict(input, 3);
      expect(top).toHaveLength(3);
      expect(top[0].probability).toBeGreaterThanOrEqual(top[1].probability);
      expect(top.reduce((sum, p) => sum + p.probability, 0)).toBeLessThanOrEqual(1 + 1e-6);
    }
    await expect(engine.predict({ width: 4, height: 4, rgb: new Uint8Array(5) }, 3)).rejects.toThrow(/malformed/);
  });
});
