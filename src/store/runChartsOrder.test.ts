import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CheckpointMeta, DatasetSummary, ModelSummary, SavedCheckpoints, TrainConfig } from '../contract';
import type { EngineListener, EpochEvent, RunState, StepEvent } from '../engine/api';
import type * as DbModule from '../persistence/db';
import { useActionError } from './actionError';
import type * as EngineSessionModule from './engineSession';

type EngineSessionModule = typeof EngineSessionModule;
type DbModule = typeof DbModule;

const STEPS_PER_EPOCH = 2;
const step = (n: number): StepEvent => ({
  type: 'step', epoch: Math.ceil(n / STEPS_PER_EPOCH), step: n, stepInEpoch: ((n - 1) % STEPS_PER_EPOCH) + 1, stepsPerEpoch: STEPS_PER_EPOCH,
  loss: 1, accuracy: 0.5, learningRate: 0.01, imagesPerSecond: 100, cachedFeatures: false,
});
const epoch = (n: number): EpochEvent => ({
  type: 'epoch', epoch: n, step: n * STEPS_PER_EPOCH, trainLoss: 1 / n, trainAccuracy: 0.5, validationLoss: 1, validationAccuracy: 0.5, validationClassAccuracy: [0.5, 0.5],
  seconds: 1, trainableParams: 1, totalParams: 1, blockWeightChange: {}, blockGradientNorm: {}, validationPredictions: [0, 1], validationConfidence: [0.9, 0.9],
});
const lastCheckpoint = (runId: string, n: number): CheckpointMeta => ({
  version: 1, kind: 'last', runId, savedAt: n, epoch: n, totalEpochs: 3, step: n * STEPS_PER_EPOCH, finished: false,
  validationLoss: 1, validationAccuracy: 0.5, datasetName: 'Sample shapes', modelName: 'm', sizeBytes: 1,
});

/** The engine's answers about its checkpoints, held back until the test lets each one go. */
const heldAnswers: ((checkpoints: SavedCheckpoints) => void)[] = [];
/** The run the fake engine plays; set by each test. */
let playRun: (listener: EngineListener, runId: string) => Promise<RunState> = () => Promise.resolve('finished');

const engine = {
  loadSampleDataset: vi.fn<() => Promise<DatasetSummary>>(),
  buildModel: vi.fn<() => Promise<ModelSummary>>(),
  memoryCheck: vi.fn(() => Promise.resolve(null)),
  modelSummary: vi.fn<() => Promise<ModelSummary>>(),
  savedCheckpoints: vi.fn(() => new Promise<SavedCheckpoints>((resolve) => { heldAnswers.push(resolve); })),
  train: vi.fn((_config: TrainConfig, listener: EngineListener, runId?: string) => playRun(listener, runId ?? '')),
};
vi.mock('./engineSession', async (importOriginal) => ({ ...await importOriginal<EngineSessionModule>(), engineApi: () => engine, engineRunning: () => true }));

/** Every run history the page stored, in order: how many epochs each held. */
const storedEpochs: number[][] = [];
vi.mock('../persistence/db', async (importOriginal) => ({
  ...await importOriginal<DbModule>(),
  saveRunHistory: vi.fn((record: { epochs: { epoch: number }[] }) => { storedEpochs.push(record.epochs.map((e) => e.epoch)); return Promise.resolve(); }),
}));
const { useStudio } = await import('./studioStore');

const SUMMARY = {
  source: { kind: 'sample', spec: { seed: 7, imageSize: 16, imagesPerClass: 5, imbalanced: false, validationFraction: 0.2 } }, imageSize: 16,
  name: 'Sample shapes', classNames: ['a', 'b'], trainCounts: [4, 4], validationCounts: [1, 1], testCounts: [0, 0], validationLabels: [0, 1], unreadable: [] } as unknown as DatasetSummary;
const MODEL = { name: 'm', inputShape: [16, 16, 3], blocks: [], totalParams: 1, trainableParams: 1 } satisfies ModelSummary;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeAll(async () => {
  vi.stubGlobal('location', { search: '' });
  engine.buildModel.mockResolvedValue(MODEL);
  engine.modelSummary.mockResolvedValue(MODEL);
  engine.loadSampleDataset.mockResolvedValue(SUMMARY);
  await useStudio.getState().loadSampleDataset({ imbalanced: false, seed: 7, imagesPerClass: 60 });
});

describe('the curves stored with a run', () => {
  it('are never replaced by older ones: the answer about an older checkpoint, arriving after the next epoch was stored, is not written', async () => {
    playRun = async (listener, runId) => {
      listener(step(1)); listener(step(2));
      await listener(epoch(1));
      listener({ type: 'checkpoint', kind: 'last', epoch: 1, saved: true });
      // The page asks which checkpoints exist; the engine, busy with epoch 2, answers only after that epoch.
      await settle();
      listener(step(3)); listener(step(4));
      await listener(epoch(2));
      expect(storedEpochs.at(-1)).toEqual([1, 2]);
      // The engine writes epoch 2's checkpoint now; the late answer still names epoch 1's.
      heldAnswers.shift()?.({ last: lastCheckpoint(runId, 1) });
      await settle();
      // A tab closed here resumes from epoch 2's checkpoint: its curves must still hold epoch 2.
      expect(storedEpochs.at(-1)).toEqual([1, 2]);
      listener({ type: 'checkpoint', kind: 'last', epoch: 2, saved: true });
      await settle();
      heldAnswers.shift()?.({ last: lastCheckpoint(runId, 2) });
      await settle();
      return 'finished';
    };
    const ended = await useStudio.getState().train();
    expect(useActionError.getState().error).toBeNull();
    expect(ended).toBe('finished');
    expect(storedEpochs).toEqual([[1], [1, 2], [1, 2]]);
    expect(useStudio.getState().checkpoints.last?.epoch).toBe(2);
  });
});
