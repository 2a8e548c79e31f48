import { type Checkpoint, DEFAULT_OPTIMIZER } from '../contract';
import 'fake-indexeddb/auto';
import { createStore, set } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { deleteCheckpoints, loadCheckpoint, loadCheckpointMeta, saveCheckpoint } from './checkpoints';

function checkpoint(kind: 'last' | 'best', epoch: number): Checkpoint {
  return {
    meta: {
      version: 1, kind, runId: 'run-1', savedAt: 1, epoch, totalEpochs: 5, step: epoch * 10, finished: false,
      validationLoss: 0.5, validationAccuracy: 0.8, datasetName: 'Sample', modelName: 'Small CNN', sizeBytes: 24,
    },
    data: {
      dataset: { kind: 'sample', spec: { seed: 1, imageSize: 32, imagesPerClass: 10, imbalanced: false, validationFraction: 0.2 } },
      model: { architecture: 'small-cnn', width: 4, inputSize: 32, numClasses: 5, dropout: 0, seed: 1 },
      config: { epochs: 5, batchSize: 8, seed: 1, optimizer: DEFAULT_OPTIMIZER },
      snapshot: {
        epoch, step: epoch * 10,
        weights: [{ shape: [2, 2], values: Float32Array.from([1, 2, 3, 4.5]) }],
        optimizer: { config: DEFAULT_OPTIMIZER, slots: [{ weightIndex: 0, steps: 3, first: Float32Array.from([0.1, 0.2, 0.3, 0.4]) }] },
        callbacks: { best: { best: 0.5, bestEpoch: epoch } },
        freeze: { frozen: ['block1'], lrMultipliers: { block1: 0.5 } },
      },
    },
  };
}

describe('checkpoints in IndexedDB', () => {
  it('round-trips weights and optimizer state bit for bit, and lists meta without the data', async () => {
    await saveCheckpoint(checkpoint('last', 2));
    const loaded = await loadCheckpoint('last');
    expect(loaded?.data.snapshot.weights[0]?.values).toEqual(Float32Array.from([1, 2, 3, 4.5]));
    expect(loaded?.data.snapshot.optimizer.slots[0]?.first).toEqual(Float32Array.from([0.1, 0.2, 0.3, 0.4]));
    expect(loaded?.data.snapshot.freeze.frozen).toEqual(['block1']);
    expect((await loadCheckpointMeta('last'))?.epoch).toBe(2);
    expect(await loadCheckpointMeta('best')).toBeUndefined();
  });

  it('lists a damaged meta record as missing, and refuses a damaged checkpoint at read, naming the field', async () => {
    await saveCheckpoint(checkpoint('best', 1));
    const raw = createStore('thaw-checkpoints', 'checkpoints');
    await set('best:data', { snapshot: { weights: [{ shape: [3], values: Float32Array.from([1]) }] } }, raw);
    await expect(loadCheckpoint('best')).rejects.toThrow(/best checkpoint is damaged.*dataset: /);
    await set('best:meta', 'garbage', raw);
    expect(await loadCheckpointMeta('best')).toBeUndefined();
  });

  it('names the one wrong field of an otherwise good checkpoint', async () => {
    const good = checkpoint('last', 2);
    const raw = createStore('thaw-checkpoints', 'checkpoints');
    const wrong = (data: unknown) => set('last:data', data, raw);
    await saveCheckpoint(good);
    await wrong({ ...good.data, snapshot: { ...good.data.snapshot, weights: [{ shape: [3], values: Float32Array.from([1, 2, 3, 4.5]) }] } });
    await expect(loadCheckpoint('last')).rejects.toThrow('snapshot.weights[0].values: values do not match the shape');
    await wrong({ ...good.data, config: { ...good.data.config, batchSize: 0 } });
    await expect(loadCheckpoint('last')).rejects.toThrow('config.batchSize: must be ≥ 1 (got 0)');
    await wrong({ ...good.data, snapshot: { ...good.data.snapshot, optimizer: { ...good.data.snapshot.optimizer, slots: [{ weightIndex: 0, steps: 3, first: [0.1] }] } } });
    await expect(loadCheckpoint('last')).rejects.toThrow('snapshot.optimizer.slots[0].first: must be a Float32Array');
    await set('last:meta', { ...good.meta, epoch: 'two' }, raw);
    await expect(loadCheckpoint('last')).rejects.toThrow(/meta record.*epoch: must be a number/);
    await saveCheckpoint(good);
    expect((await loadCheckpoint('last'))?.data.snapshot.epoch).toBe(2);
  });

  it('deletes both checkpoints', async () => {
    await saveCheckpoint(checkpoint('last', 1));
    await saveCheckpoint(checkpoint('best', 1));
    await deleteCheckpoints();
    expect(await loadCheckpointMeta('last')).toBeUndefined();
    expect(await loadCheckpoint('best')).toBeUndefined();
  });
});
