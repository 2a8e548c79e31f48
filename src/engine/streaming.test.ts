import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from './trainer';
import { optimizerConfig, tinyModel, useCpuBackend } from './testSupport';
import { generateSampleDataset } from '../data/sampleDataset';
import { stratifiedSplit } from '../data/split';
import { inMemoryTrainingData } from './data/inMemory';
import { InMemoryPixels, type PixelSource } from './data/pixelSource';
import { StreamingData, type TrainingData } from './data/batches';
import { epochOrder } from './sampling';
import { createRng, deriveSeed } from '../common/rng';
import type { CacheEvent, EngineEvent, StepEvent } from './api';

beforeAll(useCpuBackend);

function sample(imagesPerClass: number) {
  const images = generateSampleDataset({ seed: 2, imageSize: 16, imagesPerClass, imbalanced: false });
  return { images, split: stratifiedSplit(images.labels, images.classNames.length, 0.2, 2) };
}

async function memoryAfterEachEpoch(imagesPerClass: number): Promise<{ tensors: number; bytes: number }[]> {
  const { images, split } = sample(imagesPerClass);
  // At 8 px (resized from the 16 px images on the device) so the 3,000-image arm stays quick on the CPU.
  const data = inMemoryTrainingData(images, split, 8);
  const { model, freeze } = tinyModel({ inputSize: 8 });
  const after: { tensors: number; bytes: number }[] = [];
  const trainer = new Trainer(model, freeze, data, { epochs: 2, batchSize: 32, seed: 1, optimizer: optimizerConfig() }, (event) => {
    if (event.type === 'epoch') after.push({ tensors: tf.memory().numTensors, bytes: tf.memory().numBytes });
  });
  await trainer.run();
  trainer.dispose();
  model.dispose();
  return after;
}

describe('streamed training data', () => {
  it('device tensors and bytes after each epoch do not depend on the number of images (300 vs 3,000)', async () => {
    const small = await memoryAfterEachEpoch(60);
    const large = await memoryAfterEachEpoch(600);
    expect(large).toEqual(small);
  }, 120_000);

  it('reads batches in the seeded order of each epoch, so a resumed run reads exactly the same batches', async () => {
    const { images, split } = sample(8);
    const streamed = inMemoryTrainingData(images, split);
    const asked: number[][] = [];
    const spy: TrainingData = Object.assign(Object.create(streamed) as StreamingData, {
      trainBatch: (positions: readonly number[]) => {
        asked.push([...positions]);
        return streamed.trainBatch(positions);
      },
    });
    const { model, freeze } = tinyModel();
    const trainer = new Trainer(model, freeze, spy, { epochs: 2, batchSize: 8, seed: 9, optimizer: optimizerConfig() });
    await trainer.run();
    trainer.dispose();
    model.dispose();
    const expected = [1, 2].flatMap((epoch) => {
      const order = epochOrder(streamed.trainLabels, 5, 'shuffle', createRng(deriveSeed(9, `shuffle/${epoch}`)));
      return Array.from({ length: Math.ceil(order.length / 8) }, (_, s) => order.slice(s * 8, (s + 1) * 8));
    });
    expect(asked).toEqual(expected);
  });

  it('skips images that cannot be read at training time and finishes the run; they count in no accuracy', async () => {
    const { images, split } = sample(8);
    const inner = new InMemoryPixels(images);
    const unreadable = new Set([split.train[0], split.train[1], split.validation[0]]);
    const holey: PixelSource = Object.assign(Object.create(inner) as InMemoryPixels, {
      read: async (indices: readonly number[]) => (await inner.read(indices)).map((image, k) => (unreadable.has(indices[k]) ? null : image)),
    });
    const data = new StreamingData(holey, split, images.labels, 5, 16);
    const { model, freeze } = tinyModel();
    const events: EngineEvent[] = [];
    const trainer = new Trainer(model, freeze, data, { epochs: 1, batchSize: 4, seed: 3, optimizer: optimizerConfig() }, (e) => events.push(e));
    expect(await trainer.run()).toBe('finished');
    const epoch = events.find((e) => e.type === 'epoch');
    expect(epoch?.type === 'epoch' && epoch.validationPredictions[0]).toBe(-1);
    const seen = events.filter((e): e is StepEvent => e.type === 'step');
    expect(seen.length).toBeGreaterThan(0);
    trainer.dispose();
    model.dispose();
  });

  it('keeps the frozen-feature cache in main memory when the device has no room, with the same losses', async () => {
    const run = async (featureCacheDeviceBytes: number) => {
      const { images, split } = sample(6);
      const { model, freeze } = tinyModel();
      ['stem', 'block1', 'block2', 'block3'].forEach((id) => freeze.setFrozen(id, true));
      const steps: StepEvent[] = [];
      const cache: CacheEvent[] = [];
      const trainer = new Trainer(model, freeze, inMemoryTrainingData(images, split), { epochs: 2, batchSize: 8, seed: 4, optimizer: optimizerConfig() }, (e) => {
        if (e.type === 'step') steps.push(e);
        if (e.type === 'cache') cache.push(e);
      }, { featureCacheDeviceBytes });
      const before = tf.memory().numTensors;
      await trainer.run();
      trainer.dispose();
      const leaked = tf.memory().numTensors - before;
      model.dispose();
      return { steps, cache, leaked };
    };
    const onDevice = await run(1e9);
    const onCpu = await run(0);
    expect(onCpu.steps.every((s) => s.cachedFeatures)).toBe(true);
    expect(onCpu.cache.at(-1)).toMatchObject({ finished: true, onDevice: false, done: 30, total: 30 });
    expect(onDevice.cache.at(-1)).toMatchObject({ finished: true, onDevice: true });
    // Progress counts up in batches of 2 × batch size, from 0 to the total, before the first step.
    expect(onCpu.cache.filter((e) => !e.finished).map((e) => e.done)).toEqual([0, 16, 25, 30]);
    onCpu.steps.forEach((s, i) => expect(s.loss).toBeCloseTo(onDevice.steps[i]!.loss, 5));
    expect(onCpu.leaked).toBe(0);
  });
});
