import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PretrainedPenalty, SourceHead, TrainConfig } from '../contract';
import { pretrainedPenalty, type PenaltyAnchors } from './pretrainedPenalty';
import { disposeData, optimizerConfig, tinyData, tinyModel, useCpuBackend } from './testSupport';
import { Trainer } from './trainer';
import { backboneVariables, ForgettingSupport } from './forgetting';
import type { EngineEvent, EpochEvent } from './api';
import { createRng } from '../common/rng';

beforeAll(useCpuBackend);

const rng = createRng(5);
const randomValues = (n: number) => Array.from({ length: n }, () => rng() * 2 - 1);

/** Two variables with anchors and Fisher values, and one (a head's) without. */
function fixture(kind: PretrainedPenalty['kind'], strength: number) {
  const [nameA, nameB] = [`pen_a_${kind}`, `pen_b_${kind}`];
  const a = tf.variable(tf.tensor2d(randomValues(6), [2, 3]), true, nameA);
  const b = tf.variable(tf.tensor1d(randomValues(4)), true, nameB);
  const head = tf.variable(tf.tensor1d(randomValues(3)), true, `pen_head_${kind}`);
  const weights = new Map<string, tf.Tensor>([[nameA, tf.tensor2d(randomValues(6), [2, 3])], [nameB, tf.tensor1d(randomValues(4))]]);
  const fisher = new Map<string, tf.Tensor>([[nameA, tf.tensor2d(randomValues(6).map(Math.abs), [2, 3])], [nameB, tf.tensor1d(randomValues(4).map(Math.abs))]]);
  const anchors: PenaltyAnchors = { config: { kind, strength }, weights, fisher, blockOf: (name) => (name === nameA ? 'block1' : 'block2') };
  const dispose = () => tf.dispose([a, b, head, ...weights.values(), ...fisher.values()]);
  return { variables: [a, b, head], anchors, dispose };
}

async function penaltyValue(anchors: PenaltyAnchors, variables: tf.Variable[]): Promise<number> {
  const value = tf.tidy(() => pretrainedPenalty(anchors, variables) ?? tf.scalar(0));
  const [v] = await value.data();
  value.dispose();
  return v ?? Number.NaN;
}

describe('L2-SP and EWC penalties', () => {
  for (const kind of ['l2sp', 'ewc'] as const) {
    it(`${kind}: the gradient equals central finite differences, and the head (no anchor) gets none`, async () => {
      const { variables: fixtureVariables, anchors, dispose } = fixture(kind, 0.7);
      const variables: tf.Variable[] = fixtureVariables;
      const before = tf.memory().numTensors;
      const { value, grads } = tf.variableGrads(() => pretrainedPenalty(anchors, variables)!, variables);
      value.dispose();
      const headGradient = grads[`pen_head_${kind}`];
      expect(headGradient ? Array.from(await headGradient.data()) : [0, 0, 0]).toEqual([0, 0, 0]);
      const h = 1e-3;
      for (const v of variables.slice(0, 2)) {
        const analytic = Array.from(await grads[v.name]!.data());
        const values = Array.from(await v.data());
        for (let i = 0; i < values.length; i++) {
          const at = async (delta: number) => {
            tf.tidy(() => { v.assign(tf.tensor(values.map((x, j) => (j === i ? x + delta : x)), v.shape)); });
            return penaltyValue(anchors, variables);
          };
          const numeric = ((await at(h)) - (await at(-h))) / (2 * h);
          expect(analytic[i]).toBeCloseTo(numeric, 2);
        }
        tf.tidy(() => { v.assign(tf.tensor(values, v.shape)); });
      }
      tf.dispose(grads);
      expect(tf.memory().numTensors).toBe(before);
      dispose();
    });
  }

  it('has the closed form: L2-SP λ·Σ(w − w₀)², EWC λ/2·Σ F·(w − w₀)², over the chosen blocks only', async () => {
    const w = tf.variable(tf.tensor1d([1, 2]), true, 'pen_w');
    const anchors = (kind: PretrainedPenalty['kind'], blocks?: string[]): PenaltyAnchors => ({
      config: { kind, strength: 2, blocks }, weights: new Map([['pen_w', tf.tensor1d([0, 0])]]),
      fisher: new Map([['pen_w', tf.tensor1d([3, 0.5])]]), blockOf: () => 'block1',
    });
    expect(await penaltyValue(anchors('l2sp'), [w])).toBeCloseTo(2 * (1 + 4), 5);
    expect(await penaltyValue(anchors('ewc'), [w])).toBeCloseTo((2 / 2) * (3 * 1 + 0.5 * 4), 5);
    expect(pretrainedPenalty(anchors('l2sp', ['block2']), [w])).toBeNull();
    w.dispose();
  });
});

/** A stand-in source head on the tiny model's block3 features (32 channels at width 4). */
function tinyHead(): SourceHead {
  return {
    featureLayer: 'block3_relu', classes: Array.from({ length: 10 }, (_, i) => `shape${i}`), features: 32,
    kernel: randomValues(320), bias: randomValues(10),
    fit: { seed: 1, imagesPerClass: 1, trainAccuracy: 0.5, heldOutAccuracy: 0.5, command: 'test' },
  };
}

describe('EWC in a run', () => {
  let cleanup: (() => void)[] = [];
  afterEach(() => { cleanup.forEach((f) => f()); cleanup = []; });

  it('never changes a frozen block (its Fisher included), pulls the thawed ones, reports the penalty and source accuracy, leaves no tensors', async () => {
    const data = tinyData(16, 6);
    const { model, freeze } = tinyModel();
    // The run is on "the built-in backbone" as far as the source task goes: its feature layer and a head for it.
    const stage = { spec: { architecture: 'thaw-shapes-cnn' as const, width: 4, inputSize: 16, numClasses: 5, dropout: 0, seed: 3 }, model, freeze };
    const before = tf.memory().numTensors;
    const support = new ForgettingSupport(async () => tinyHead());
    support.capture(model, freeze, true);
    freeze.setFrozen('stem', true);
    const frozenBefore = backboneVariables(freeze).filter((v) => freeze.blockOfVariable(v.name) === 'stem').map((v) => Array.from(v.dataSync()));
    const config: TrainConfig = { epochs: 3, batchSize: 8, seed: 2, optimizer: optimizerConfig({ learningRate: 0.01 }), pretrainedPenalty: { kind: 'ewc', strength: 50 } };
    const events: EngineEvent[] = [];
    const counts: number[] = [];
    const hooks = await support.hooksFor(stage, config, (e) => events.push(e));
    const trainer = new Trainer(model, freeze, data, config, (e) => {
      events.push(e);
      if (e.type === 'epoch') counts.push(tf.memory().numTensors);
    }, { penalty: hooks.penalty, sourceAccuracy: hooks.sourceAccuracy });
    cleanup.push(() => { model.dispose(); disposeData(data); });
    expect(await trainer.run()).toBe('finished');
    const fisherEvents = events.filter((e) => e.type === 'fisher');
    expect(fisherEvents.at(-1)).toMatchObject({ finished: true, done: 60, total: 60 });
    const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
    for (const e of epochs) {
      expect(e.sourceAccuracy).toBeGreaterThanOrEqual(0);
      expect(e.sourceAccuracy).toBeLessThanOrEqual(1);
    }
    // The weights start at w₀: the first steps have no penalty to speak of, later ones do.
    expect(epochs.at(-1)!.trainPenalty).toBeGreaterThan(0);
    const frozenAfter = backboneVariables(freeze).filter((v) => freeze.blockOfVariable(v.name) === 'stem').map((v) => Array.from(v.dataSync()));
    expect(frozenAfter).toEqual(frozenBefore);
    const thawed = backboneVariables(freeze).find((v) => freeze.blockOfVariable(v.name) === 'block3')!;
    expect(tf.tidy(() => tf.sub(thawed, hooks.penalty!.weights.get(thawed.name)!).abs().max().dataSync()[0])).toBeGreaterThan(0);
    expect(counts[2]).toBe(counts[1]);
    trainer.dispose();
    hooks.dispose();
    // The Fisher is cached: a second run's hooks compute nothing.
    const again: EngineEvent[] = [];
    const second = await support.hooksFor(stage, config, (e) => again.push(e));
    expect(again).toEqual([]);
    second.dispose();
    support.dispose();
    // Anchors, source task and every run's Fisher tensors are gone with the support.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('L2-SP keeps the backbone nearer its pretrained weights than the same run without it', async () => {
    const distances: number[] = [];
    for (const strength of [0, 5]) {
      const data = tinyData(16, 6);
      const { model, freeze } = tinyModel();
      const support = new ForgettingSupport(async () => tinyHead());
      support.capture(model, freeze, true);
      const stage = { spec: { architecture: 'small-cnn' as const, width: 4, inputSize: 16, numClasses: 5, dropout: 0, seed: 3 }, model, freeze };
      const config: TrainConfig = { epochs: 2, batchSize: 8, seed: 2, optimizer: optimizerConfig({ learningRate: 0.01 }), ...(strength > 0 ? { pretrainedPenalty: { kind: 'l2sp', strength } } : {}) };
      const anchors = backboneVariables(freeze).map((v) => tf.keep(v.clone()));
      const hooks = await support.hooksFor(stage, config, () => {});
      const trainer = new Trainer(model, freeze, data, config, () => {}, { penalty: hooks.penalty });
      await trainer.run();
      distances.push(tf.tidy(() => tf.addN(backboneVariables(freeze).map((v, i) => tf.sum(tf.square(tf.sub(v, anchors[i]!))))).dataSync()[0]!));
      trainer.dispose();
      hooks.dispose();
      support.dispose();
      tf.dispose(anchors);
      model.dispose();
      disposeData(data);
    }
    expect(distances[1]).toBeLessThan(distances[0]! * 0.8);
  });

  it('refuses L2-SP on a model without pretrained weights, and EWC without a source task, saying what to pick', async () => {
    const { model, freeze } = tinyModel();
    const support = new ForgettingSupport(async () => tinyHead());
    const stage = { spec: { architecture: 'small-cnn' as const, width: 4, inputSize: 16, numClasses: 5, dropout: 0, seed: 3 }, model, freeze };
    const config = (kind: PretrainedPenalty['kind']): TrainConfig => ({ epochs: 1, batchSize: 8, seed: 1, optimizer: optimizerConfig(), pretrainedPenalty: { kind, strength: 1 } });
    await expect(support.hooksFor(stage, config('l2sp'), () => {})).rejects.toThrow(/has none\. Pick the built-in backbone/);
    support.capture(model, freeze, true);
    await expect(support.hooksFor(stage, config('ewc'), () => {})).rejects.toThrow(/Use L2-SP, or pick the built-in backbone/);
    const l2sp = await support.hooksFor(stage, config('l2sp'), () => {});
    expect(l2sp.penalty?.weights.size).toBe(backboneVariables(freeze).length);
    expect(l2sp.sourceAccuracy).toBeUndefined();
    l2sp.dispose();
    support.dispose();
    model.dispose();
  });

  it('after a lost device, the model rebuilt on the next backend gets the same w₀ and Fisher, without the old tensors', async () => {
    const spec = { architecture: 'thaw-shapes-cnn' as const, width: 4, inputSize: 16, numClasses: 5, dropout: 0, seed: 3 };
    const lost = tinyModel();
    const support = new ForgettingSupport(async () => tinyHead());
    support.capture(lost.model, lost.freeze, true);
    const w0 = backboneVariables(lost.freeze).map((v) => Array.from(v.dataSync()));
    const config: TrainConfig = { epochs: 1, batchSize: 8, seed: 1, optimizer: optimizerConfig(), pretrainedPenalty: { kind: 'ewc', strength: 10 } };
    const first = await support.hooksFor({ spec, ...lost }, config, () => {});
    const fisher = backboneVariables(lost.freeze).map((v) => Array.from(first.penalty!.fisher!.get(v.name)!.dataSync()));
    first.dispose();
    // What the device took with it: the old model (its weights were trained away from w₀ first).
    tf.tidy(() => backboneVariables(lost.freeze).forEach((v) => v.assign(tf.zerosLike(v))));
    const lostNames = backboneVariables(lost.freeze).map((v) => v.name);
    const rebuilt = tinyModel({ seed: 9 });
    support.moveTo(lost.model, rebuilt.model);
    lost.model.dispose();
    const events: EngineEvent[] = [];
    const again = await support.hooksFor({ spec, ...rebuilt }, config, (e) => events.push(e));
    // The rebuilt model's variables have other names: w₀ and F follow them by position.
    const variables = backboneVariables(rebuilt.freeze);
    expect(variables[0]!.name).not.toBe(lostNames[0]);
    expect(variables.map((v) => Array.from(again.penalty!.weights.get(v.name)!.dataSync()))).toEqual(w0);
    expect(variables.map((v) => Array.from(again.penalty!.fisher!.get(v.name)!.dataSync()))).toEqual(fisher);
    expect(events).toEqual([]);
    expect(await again.sourceAccuracy!()).toBeGreaterThanOrEqual(0);
    again.dispose();
    // A model the anchor never belonged to still gets none.
    const other = tinyModel();
    await expect(support.hooksFor({ spec, ...other }, config, () => {})).rejects.toThrow(/has none/);
    support.dispose();
    rebuilt.model.dispose();
    other.model.dispose();
  });
});
