import 'fake-indexeddb/auto';
import { strToU8 } from 'fflate';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatasetManifest } from '../contract';
import { buildSmallCnn } from '../models/smallCnn';
import { modelArtifacts } from '../models/modelArchive';
import { commitManifest } from '../persistence/datasets';
import { Engine } from './engine';
import { Trainer } from './trainer';
import { useCpuBackend } from './testSupport';

beforeAll(useCpuBackend);

const SAMPLE = { seed: 5, imageSize: 16, imagesPerClass: 8, imbalanced: false, validationFraction: 0.25 };
const MODEL = { architecture: 'small-cnn' as const, width: 4, dropout: 0.2, seed: 2 };
/** Only the manifest is read when a stored dataset loads: its images are never decoded here. */
const STORED_IMAGES = 5000;

function bigManifest(id: string): DatasetManifest {
  return {
    version: 1, id, name: 'many photos', createdAt: 1, updatedAt: 1, classNames: ['a', 'b', 'c'], nextImageId: STORED_IMAGES,
    images: Array.from({ length: STORED_IMAGES }, (_, n) => ({
      id: n, path: `c${n % 3}/${n}.jpg`, classIndex: n % 3, hash: `h${n}`, width: 256, height: 192,
      split: n % 5 === 0 ? 'validation' as const : 'train' as const, givenSplit: false,
    })),
    split: { seed: 1, validationPercent: 20, testPercent: 0 }, skipped: [], duplicates: [], storedBytes: STORED_IMAGES * 10_000,
  };
}

async function exportedZip(): Promise<Uint8Array> {
  const source = new Engine();
  await source.init('cpu');
  await source.loadSampleDataset(SAMPLE);
  await source.buildModel(MODEL);
  return (await source.exportModel({ format: 'thaw', source: 'current', metrics: [] })).bytes;
}

/** An engine that trained on a large stored dataset, then went back to the sample, as the studio does. */
async function engineBackOnTheSample(): Promise<Engine> {
  await commitManifest(bigManifest('big'));
  const engine = new Engine();
  await engine.init('cpu');
  await engine.loadStoredDataset('big');
  await engine.buildModel({ ...MODEL, inputSize: 64 });
  await engine.loadSampleDataset(SAMPLE);
  await engine.buildModel(MODEL);
  return engine;
}

describe('importing a model after switching from a stored dataset back to the sample', () => {
  it('a Thaw zip imports and scores on the sample', async () => {
    const zip = await exportedZip();
    const engine = await engineBackOnTheSample();
    const imported = await engine.importModel(zip);
    expect(Number.isFinite(imported.validationLoss)).toBe(true);
    expect(imported.modelSpec.inputSize).toBe(16);
  }, 60_000);

  it('a plain layers model becomes the backbone', async () => {
    const own = buildSmallCnn({ architecture: 'small-cnn', width: 4, inputSize: 16, numClasses: 10, dropout: 0, seed: 9 });
    const { modelJson, weights } = await modelArtifacts(own);
    own.dispose();
    const engine = await engineBackOnTheSample();
    const imported = await engine.importModel({ 'model.json': strToU8(JSON.stringify(modelJson)), 'weights.bin': weights });
    expect(imported.modelSpec.architecture).toBe('imported-backbone');
    expect(Number.isFinite(imported.validationLoss)).toBe(true);
  }, 60_000);

  it('a rebuild that lands while the import scores its model says so, instead of "Tensor is disposed"', async () => {
    const zip = await exportedZip();
    const engine = await engineBackOnTheSample();
    // Holds the import's scoring until a rebuild (the stored load's, in the studio) has replaced its model.
    let release = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    const original = Object.getOwnPropertyDescriptor(Trainer.prototype, 'evaluateValidation')?.value as (this: Trainer) => ReturnType<Trainer['evaluateValidation']>;
    const spy = vi.spyOn(Trainer.prototype, 'evaluateValidation').mockImplementationOnce(async function (this: Trainer) {
      await held;
      return original.call(this);
    });
    const importing = engine.importModel(zip);
    await vi.waitFor(() => expect(spy).toHaveBeenCalled());
    await engine.buildModel(MODEL);
    release();
    await expect(importing).rejects.toThrow('The model was replaced (a dataset switch or a rebuild) while the import was scoring it; import it again.');
    spy.mockRestore();
    // The studio is left with the rebuilt model, whole.
    expect((await engine.modelSummary()).inputShape).toEqual([16, 16, 3]);
  }, 60_000);
});
