import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from './trainer';
import { disposeData, optimizerConfig, tinyData, tinyModel, useCpuBackend } from './testSupport';
import { planCache } from './featureCache';
import { valueAt } from './arrays';
import type { StepEvent } from './api';

beforeAll(useCpuBackend);

async function featureExtractionRun(cacheFrozenFeatures: boolean, thawAtStep?: number) {
  const data = tinyData(16, 6);
  const { model, freeze } = tinyModel({ dropout: 0.2 });
  ['stem', 'block1', 'block2', 'block3'].forEach((id) => freeze.setFrozen(id, true));
  const steps: StepEvent[] = [];
  const before = tf.memory().numTensors;
  const trainer = new Trainer(model, freeze, data, { epochs: 2, batchSize: 8, seed: 4, optimizer: optimizerConfig(), cacheFrozenFeatures }, (e) => {
    if (e.type !== 'step') return;
    steps.push(e);
    if (e.step === thawAtStep) freeze.setFrozen('block3', false);
  });
  await trainer.run();
  trainer.dispose();
  const leaked = tf.memory().numTensors - before;
  model.dispose();
  disposeData(data);
  return { steps, leaked };
}

describe('cached frozen features', () => {
  it('trains on cached features when the backbone is frozen, with the same losses as without the cache', async () => {
    const cached = await featureExtractionRun(true);
    const uncached = await featureExtractionRun(false);
    expect(cached.steps.every((s) => s.cachedFeatures)).toBe(true);
    expect(uncached.steps.some((s) => s.cachedFeatures)).toBe(false);
    expect(cached.steps.length).toBe(uncached.steps.length);
    cached.steps.forEach((s, i) => expect(s.loss).toBeCloseTo(valueAt(uncached.steps, i).loss, 4));
    expect(cached.leaked).toBe(0);
  });

  it('thawing a cached block drops the cache at the very next step', async () => {
    const { steps, leaked } = await featureExtractionRun(true, 2);
    expect(steps.slice(0, 2).every((s) => s.cachedFeatures)).toBe(true);
    // block3 thawed: the deepest clean cut is now below it, so later epochs cache at block2.
    expect(steps[2]?.cachedFeatures).toBe(false);
    expect(leaked).toBe(0);
  });

  it('cuts a mini-ResNet only where no skip connection crosses the boundary', () => {
    const { model, freeze } = tinyModel({ architecture: 'mini-resnet' });
    freeze.setFrozen('stem', true);
    freeze.setFrozen('stage1', true);
    const plan = planCache(model, freeze)!;
    expect(plan.prefixBlocks).toEqual(['stem', 'stage1']);
    expect(plan.prefixLayers.at(-1)?.name).toBe('stage1_out');
    freeze.setFrozen('stem', false);
    expect(planCache(model, freeze)).toBeNull();
    model.dispose();
  });
});
