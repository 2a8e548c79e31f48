import 'fake-indexeddb/auto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { TrainConfig } from '../contract';
import { fileSystemHandler } from '../models/testFiles';
import type { EngineEvent, EpochEvent } from './api';
import { optimizerConfig } from './testSupport';
import { Engine } from './engine';
import type * as BackendModule from './backend';
import type * as BuiltInModule from '../models/builtIn';

/**
 * An L2-SP run on the built-in backbone that survives a lost device and a reload: the resumed run pulls
 * toward the same w₀ as the run that was never interrupted, so its losses (penalty included) are the same.
 *
 * The GPU is a stand-in: the CPU backend registered under another name and reported as WebGL, whose
 * device loss the test triggers; once lost, reading any tensor left on it fails, as on a real lost context.
 */
const gpu = vi.hoisted(() => ({ lost: false, onLost: null as ((reason: string) => void) | null }));

vi.mock('./backend', async (original) => {
  const real = await original<typeof BackendModule>();
  return {
    ...real,
    selectBackend: async (preferred: 'webgpu' | 'webgl' | 'cpu' | null, exclude: string[] = []) => {
      if (preferred === 'cpu' || exclude.includes('webgl')) return real.selectBackend('cpu', exclude as never);
      await tf.setBackend('stand-in-gpu');
      return { name: 'webgl' as const, adapter: 'stand-in GPU (the CPU backend)', software: true, fallbacks: [] };
    },
    watchDeviceLoss: (name: string, onLost: (reason: string) => void) => { if (name === 'webgl') gpu.onLost = onLost; },
    forceDeviceLoss: () => { gpu.lost = true; gpu.onLost?.('context lost (simulated)'); },
    memoryLimits: (_name: string, limit: number | null) => real.memoryLimits('cpu', limit),
  };
});

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public/models/thaw-shapes-cnn');
vi.mock('../models/builtIn', async (original) => ({
  ...(await original<typeof BuiltInModule>()),
  loadBuiltInBackbone: async () => tf.loadLayersModel(fileSystemHandler(dir)),
  loadBuiltInSourceHead: async () => JSON.parse(await fs.promises.readFile(path.join(dir, 'source-head.json'), 'utf8')) as unknown,
}));

beforeAll(() => {
  const cpu = tf.findBackendFactory('cpu');
  if (!cpu) throw new Error('no CPU backend');
  tf.registerBackend('stand-in-gpu', () => {
    const backend = cpu() as tf.KernelBackend;
    const read = backend.read.bind(backend);
    const readSync = backend.readSync.bind(backend);
    const refuse = () => { if (gpu.lost) throw new Error('WebGL context lost: this tensor is gone'); };
    backend.read = async (dataId) => { refuse(); return read(dataId); };
    backend.readSync = (dataId) => { refuse(); return readSync(dataId); };
    return backend;
  });
  for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: 'stand-in-gpu' });
});

const DATASET = { seed: 4, imageSize: 32, imagesPerClass: 6, imbalanced: false, validationFraction: 0.25 };
const MODEL = { architecture: 'thaw-shapes-cnn' as const, width: 8, dropout: 0, seed: 2, inputSize: 32 };
const CONFIG: TrainConfig = {
  epochs: 3, batchSize: 8, seed: 3, optimizer: optimizerConfig({ name: 'sgd', momentum: 0.9, learningRate: 0.05 }),
  pretrainedPenalty: { kind: 'l2sp', strength: 0.5 },
};

async function engineWithModel(backend: 'webgl' | 'cpu') {
  const engine = new Engine();
  await engine.init(backend);
  await engine.loadSampleDataset(DATASET);
  await engine.buildModel(MODEL);
  await engine.applyPreset({ id: 'full-retraining' });
  return engine;
}

/** The last epoch event of each epoch (a resumed epoch is reported again). */
function lastOfEachEpoch(events: EngineEvent[]): Map<number, EpochEvent> {
  return new Map(events.filter((e): e is EpochEvent => e.type === 'epoch').map((e) => [e.epoch, e]));
}

describe('L2-SP / EWC runs that resume', () => {
  let reference: Map<number, EpochEvent>;

  beforeAll(async () => {
    const engine = await engineWithModel('cpu');
    const events: EngineEvent[] = [];
    expect(await engine.train(CONFIG, (e) => events.push(e))).toBe('finished');
    reference = lastOfEachEpoch(events);
    expect(reference.get(3)!.trainPenalty).toBeGreaterThan(0);
  }, 300_000);

  it('a lost device mid-run: the run goes on, on the next backend, toward the same w₀', async () => {
    gpu.lost = false;
    const engine = await engineWithModel('webgl');
    const events: EngineEvent[] = [];
    const state = await engine.train(CONFIG, (e) => {
      events.push(e);
      if (e.type === 'epoch' && e.epoch === 1 && !gpu.lost) void engine.simulateDeviceLoss();
    });
    const failure = events.find((e) => e.type === 'status' && e.state === 'failed');
    expect(failure).toBeUndefined();
    expect(state).toBe('finished');
    // The loss lands during epoch 1's end: the run resumes after epoch 1, or from the start when the
    // lost device also took the epoch's snapshot with it.
    const switched = events.find((e) => e.type === 'backend');
    expect(switched?.type === 'backend' && switched.info.name).toBe('cpu');
    const resumed = lastOfEachEpoch(events);
    for (const epoch of [1, 2, 3]) {
      expect(resumed.get(epoch)!.trainPenalty).toBeCloseTo(reference.get(epoch)!.trainPenalty!, 5);
      expect(resumed.get(epoch)!.trainLoss).toBeCloseTo(reference.get(epoch)!.trainLoss, 5);
      expect(resumed.get(epoch)!.sourceAccuracy).toBe(reference.get(epoch)!.sourceAccuracy);
    }
  }, 300_000);

  it('a reload: the checkpoint resumes with w₀ = the pretrained backbone, rebuilt from its source', async () => {
    const engine = await engineWithModel('cpu');
    const first: EngineEvent[] = [];
    expect(await engine.train(CONFIG, (e) => {
      first.push(e);
      if (e.type === 'epoch' && e.epoch === 1) void engine.stop();
    })).toBe('stopped');
    await vi.waitFor(() => expect(first.some((e) => e.type === 'checkpoint' && e.kind === 'last')).toBe(true));

    const reloaded = new Engine();
    await reloaded.init('cpu');
    const restored = await reloaded.restoreSavedRun();
    expect(restored.config.pretrainedPenalty).toEqual(CONFIG.pretrainedPenalty);
    const events: EngineEvent[] = [];
    expect(await reloaded.resumeSavedRun((e) => events.push(e))).toBe('finished');
    const resumed = lastOfEachEpoch(events);
    expect([...resumed.keys()]).toEqual([2, 3]);
    for (const epoch of [2, 3]) {
      expect(resumed.get(epoch)!.trainPenalty).toBeCloseTo(reference.get(epoch)!.trainPenalty!, 5);
      expect(resumed.get(epoch)!.trainLoss).toBeCloseTo(reference.get(epoch)!.trainLoss, 5);
    }
  }, 300_000);
});
