import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DomainAdaptation, TrainConfig } from '../contract';
import { Trainer } from './trainer';
import { disposeData, optimizerConfig, tinyData, tinyModel, useCpuBackend } from './testSupport';
import type { EngineEvent, EpochEvent } from './api';
import { generateShiftedSample } from '../data/shiftedShapes';
import type { GeneratedImages } from '../data/sampleDataset';
import { InMemoryPixels } from './data/pixelSource';
import { labelFreeSplit, targetDomain, type TargetDomain } from './data/targetDomain';
import { createRng, shuffleInPlace } from '../common/rng';

beforeAll(useCpuBackend);

function shiftedTarget(labels?: (original: Int32Array) => Int32Array): TargetDomain {
  const images: GeneratedImages = generateShiftedSample({ seed: 4, imageSize: 16, imagesPerClass: 8, imbalanced: false });
  const used = labels ? { ...images, labels: labels(images.labels) } : images;
  return targetDomain(new InMemoryPixels(used), used.labels, labelFreeSplit(used.labels.length, 0.25, 4), 16);
}

function config(adaptation: DomainAdaptation | undefined, overrides: Partial<TrainConfig> = {}): TrainConfig {
  return {
    epochs: 2, batchSize: 8, seed: 7, optimizer: optimizerConfig({ learningRate: 0.01 }),
    domainTarget: { kind: 'shiftedSample' }, ...(adaptation ? { domainAdaptation: adaptation } : {}), ...overrides,
  };
}

/** The same target, counting the batches read from its images. */
function countingReads(target: TargetDomain, reads: { unlabelled: number; evaluation: number }): TargetDomain {
  return {
    unlabelled: { ...target.unlabelled, count: target.unlabelled.count, batch: (positions) => { reads.unlabelled++; return target.unlabelled.batch(positions); } },
    evaluation: { ...target.evaluation, labels: target.evaluation.labels, batch: (start, end) => { reads.evaluation++; return target.evaluation.batch(start, end); } },
  };
}

const METHODS: DomainAdaptation[] = [{ method: 'mmd', strength: 1 }, { method: 'dann', strength: 1 }];

/** Trains a fresh tiny model (same seed every time) against `target`; returns its weights and epoch events. */
async function train(adaptation: DomainAdaptation | undefined, target: TargetDomain, prepare?: (m: ReturnType<typeof tinyModel>) => void, overrides: Partial<TrainConfig> = {}) {
  const data = tinyData(16, 8);
  const built = tinyModel();
  prepare?.(built);
  const events: EngineEvent[] = [];
  const trainer = new Trainer(built.model, built.freeze, data, config(adaptation, overrides), (e) => events.push(e), { target });
  try {
    const state = await trainer.run();
    const weights = await Promise.all(built.model.weights.map(async (w) => ({ name: w.originalName, values: Array.from(await w.read().data()) })));
    return { state, weights, epochs: events.filter((e): e is EpochEvent => e.type === 'epoch'), events };
  } finally {
    trainer.dispose();
    built.model.dispose();
    disposeData(data);
  }
}

describe('domain adaptation in the training step', () => {
  let cleanup: (() => void)[] = [];
  afterEach(() => {
    cleanup.forEach((f) => f());
    cleanup = [];
  });

  for (const adaptation of METHODS) {
    it(`${adaptation.method}: target labels are never used in training (permuted labels give byte-identical weights)`, async () => {
      const permuted = (labels: Int32Array) => Int32Array.from(shuffleInPlace(Array.from(labels), createRng(99)));
      const honestTarget = shiftedTarget();
      const scrambledTarget = shiftedTarget(permuted);
      // The permutation does reach the labels the evaluation reads...
      expect(Array.from(scrambledTarget.evaluation.labels)).not.toEqual(Array.from(honestTarget.evaluation.labels));
      const honest = await train(adaptation, honestTarget);
      const scrambled = await train(adaptation, scrambledTarget);
      expect(honest.state).toBe('finished');
      // ...and not one bit of the trained weights.
      expect(scrambled.weights).toEqual(honest.weights);
    });

    it(`${adaptation.method}: the adaptation term changes the weights, and each epoch reports target accuracy and MMD`, async () => {
      const adapted = await train(adaptation, shiftedTarget());
      const sourceOnly = await train(undefined, shiftedTarget());
      expect(adapted.weights).not.toEqual(sourceOnly.weights);
      for (const epoch of adapted.epochs) {
        expect(epoch.targetAccuracy).toBeGreaterThanOrEqual(0);
        expect(epoch.targetAccuracy).toBeLessThanOrEqual(1);
        expect(epoch.mmd).toBeGreaterThanOrEqual(-1e-6);
        if (adaptation.method === 'dann') expect(epoch.domainAccuracy).toBeGreaterThanOrEqual(0);
        else expect(epoch.domainAccuracy).toBeUndefined();
      }
      // A source-only run with a target is scored the same way (its MMD too), with no domain classifier.
      expect(sourceOnly.epochs.every((e) => e.targetAccuracy !== undefined && e.mmd !== undefined && e.domainAccuracy === undefined)).toBe(true);
    });

    it(`${adaptation.method}: leaves no tensors behind (the count is flat across epochs)`, async () => {
      const data = tinyData(16, 6);
      const { model, freeze } = tinyModel();
      const counts: number[] = [];
      const before = tf.memory().numTensors;
      const trainer = new Trainer(model, freeze, data, config(adaptation, { epochs: 4 }), (e) => {
        if (e.type === 'epoch') counts.push(tf.memory().numTensors);
      }, { target: shiftedTarget() });
      cleanup.push(() => { model.dispose(); disposeData(data); });
      expect(await trainer.run()).toBe('finished');
      // Epoch 1 creates the optimizer's slots once; after that nothing may grow.
      expect(counts[2]).toBe(counts[1]);
      expect(counts[3]).toBe(counts[1]);
      trainer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    it(`${adaptation.method}: frozen blocks stay byte-identical, and the target batches pass through the frozen-feature cache's prefix`, async () => {
      const reference = tinyModel();
      const frozenId = reference.freeze.blocks[0]!.id;
      const before = await Promise.all(reference.model.weights.map(async (w) => Array.from(await w.read().data())));
      const frozenNames = new Set(reference.model.weights.filter((w) => reference.freeze.blockOfVariable((w.read() as tf.Variable).name) === frozenId).map((w) => w.originalName));
      reference.model.dispose();
      const run = await train(adaptation, shiftedTarget(), (m) => m.freeze.setFrozen(frozenId, true));
      expect(run.state).toBe('finished');
      expect(frozenNames.size).toBeGreaterThan(0);
      run.weights.forEach((w, i) => {
        if (frozenNames.has(w.name)) expect(w.values).toEqual(before[i]);
      });
      expect(run.events.some((e) => e.type === 'step' && e.cachedFeatures)).toBe(true);
    });

    it(`${adaptation.method}: the feature cache holds the target too (each target image read once), with the weights and scores of the uncached run`, async () => {
      const freezeFirst = (m: ReturnType<typeof tinyModel>) => m.freeze.setFrozen(m.freeze.blocks[0]!.id, true);
      const cachedReads = { unlabelled: 0, evaluation: 0 };
      const uncachedReads = { unlabelled: 0, evaluation: 0 };
      const cached = await train(adaptation, countingReads(shiftedTarget(), cachedReads), freezeFirst, { epochs: 3 });
      const uncached = await train(adaptation, countingReads(shiftedTarget(), uncachedReads), freezeFirst, { epochs: 3, cacheFrozenFeatures: false });
      const target = shiftedTarget();
      // Built once (batches of 16 = 2 × the batch size), then every step and every epoch's scoring read the cache.
      expect(cachedReads).toEqual({ unlabelled: Math.ceil(target.unlabelled.count / 16), evaluation: Math.ceil(target.evaluation.labels.length / 16) });
      expect(uncachedReads.unlabelled).toBeGreaterThan(cachedReads.unlabelled);
      expect(cached.weights).toEqual(uncached.weights);
      const scores = (run: typeof cached) => run.epochs.map((e) => [e.targetAccuracy, e.mmd, e.domainAccuracy]);
      expect(scores(cached)).toEqual(scores(uncached));
    });
  }

  it('refuses to align a frozen block, saying which and what to change', async () => {
    const run = train({ method: 'mmd', strength: 1 }, shiftedTarget(), (m) => m.freeze.blocks.filter((b) => b.id !== 'head').forEach((b) => m.freeze.setFrozen(b.id, true)));
    await expect(run).rejects.toThrow(/which is frozen.*Thaw that block/);
  });

  it('refuses adaptation with no target domain', () => {
    const data = tinyData(16, 4);
    const { model, freeze } = tinyModel();
    cleanup.push(() => { model.dispose(); disposeData(data); });
    expect(() => new Trainer(model, freeze, data, config({ method: 'dann', strength: 1 }))).toThrow(/needs a target domain/);
  });
});

describe('the target split', () => {
  it('is drawn without labels: disjoint, complete, and the same whatever the labels', () => {
    const split = labelFreeSplit(40, 0.25, 3);
    expect(split.evaluation).toHaveLength(10);
    expect(new Set([...split.train, ...split.evaluation]).size).toBe(40);
    expect(labelFreeSplit(40, 0.25, 3)).toEqual(split);
  });
});
