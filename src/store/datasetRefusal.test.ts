import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatasetSummary, ImportedModel, ModelSummary } from '../contract';
import { useActionError } from './actionError';
import type * as EngineSessionModule from './engineSession';

type EngineSessionModule = typeof EngineSessionModule;

/** The engine as the store sees it, faked: only what these tests call. */
const engine = {
  loadStoredDataset: vi.fn<(id: string) => Promise<DatasetSummary>>(),
  loadSampleDataset: vi.fn<() => Promise<DatasetSummary>>(),
  buildModel: vi.fn<() => Promise<ModelSummary>>(),
  importModel: vi.fn<() => Promise<ImportedModel>>(),
  memoryCheck: vi.fn(() => Promise.resolve(null)),
};
vi.mock('./engineSession', async (importOriginal) => ({ ...await importOriginal<EngineSessionModule>(), engineApi: () => engine }));
const { useStudio } = await import('./studioStore');

const SUMMARY = { name: 'Sample shapes', classNames: ['a', 'b'], trainCounts: [4, 4], validationCounts: [1, 1] } as unknown as DatasetSummary;
const MODEL = { name: 'm', inputShape: [16, 16, 3], blocks: [], totalParams: 1, trainableParams: 1 } satisfies ModelSummary;

beforeAll(() => {
  // The model build reads the page's URL (a ?modelBase= override).
  vi.stubGlobal('location', { search: '' });
  engine.buildModel.mockResolvedValue(MODEL);
});

describe('a dataset the engine refuses', () => {
  it('turns Train off with the reason while the engine still holds the previous dataset, until a dataset loads', async () => {
    engine.loadSampleDataset.mockResolvedValue(SUMMARY);
    await useStudio.getState().loadSampleDataset({ imbalanced: false, seed: 7, imagesPerClass: 60 });
    engine.loadStoredDataset.mockRejectedValueOnce(new Error('This dataset has fewer than two classes: there is nothing to tell apart'));
    await useStudio.getState().loadStoredDataset('one-class', 'Cats only');
    expect(useStudio.getState().datasetRefusal).toBe('“Cats only” could not be loaded for training: This dataset has fewer than two classes: there is nothing to tell apart. '
      + 'The engine still holds “Sample shapes”, so Train is off until a dataset loads: fix this dataset (classes, split) or pick another.');
    expect(await useStudio.getState().train()).toBe('failed');
    expect(useActionError.getState().error).toMatchObject({ part: 'run', message: expect.stringMatching(/^“Cats only” could not be loaded/) as unknown });
    await useStudio.getState().loadSampleDataset({ imbalanced: false, seed: 7, imagesPerClass: 60 });
    expect(useStudio.getState().datasetRefusal).toBeNull();
  });

  it('an import waits for a dataset load under way, so the load\'s rebuild never lands while the import scores', async () => {
    let finishLoad = (_: DatasetSummary) => {};
    engine.loadStoredDataset.mockReturnValueOnce(new Promise((resolve) => { finishLoad = resolve; }));
    engine.importModel.mockRejectedValueOnce(new Error('not a model'));
    const loading = useStudio.getState().loadStoredDataset('big', 'Many photos');
    const importing = useStudio.getState().importModel([{ name: 'model.zip', bytes: new Uint8Array(1) }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(engine.importModel).not.toHaveBeenCalled();
    finishLoad(SUMMARY);
    await Promise.all([loading, importing]);
    expect(engine.importModel).toHaveBeenCalledTimes(1);
    expect(engine.buildModel.mock.invocationCallOrder.at(-1)).toBeLessThan(engine.importModel.mock.invocationCallOrder[0]!);
  });
});
