import type { TrainConfig } from '../contract';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from './trainer';
import { disposeData, optimizerConfig, tinyData, tinyModel, useCpuBackend } from './testSupport';
import type { EngineEvent, EpochEvent } from './api';
import { valueAt } from './arrays';

beforeAll(useCpuBackend);

/** With every block frozen nothing changes (not even BN statistics): validation loss is exactly flat. */
async function runWith(config: Partial<TrainConfig>, options: { freezeAll?: boolean } = {}): Promise<EngineEvent[]> {
  const data = tinyData(16, 4);
  const { model, freeze } = tinyModel();
  if (options.freezeAll) freeze.blocks.forEach((b) => freeze.setFrozen(b.id, true));
  const events: EngineEvent[] = [];
  const trainer = new Trainer(model, freeze, data, { epochs: 3, batchSize: 10, seed: 1, optimizer: optimizerConfig(), ...config }, (e) => events.push(e));
  await trainer.run();
  trainer.dispose();
  model.dispose();
  disposeData(data);
  return events;
}

const epochsOf = (events: EngineEvent[]) => events.filter((e): e is EpochEvent => e.type === 'epoch');

describe('callbacks in the training loop', () => {
  it('early stopping ends the run after `patience` epochs without improvement and says so', async () => {
    const events = await runWith({
      epochs: 6, optimizer: optimizerConfig({ learningRate: 0 }),
      callbacks: { earlyStopping: { monitor: 'validationLoss', patience: 1, minDelta: 1e-3, restoreBestWeights: true } },
    }, { freezeAll: true });
    expect(epochsOf(events)).toHaveLength(2);
    expect(events.some((e) => e.type === 'callback' && e.kind === 'early-stop' && e.epoch === 2)).toBe(true);
    expect(events[events.length - 1]).toEqual({ type: 'status', state: 'finished' });
  });

  it('ReduceLROnPlateau lowers the learning rate reported at the next steps', async () => {
    const events = await runWith({
      optimizer: optimizerConfig({ learningRate: 1e-9 }),
      callbacks: { reduceLrOnPlateau: { monitor: 'validationLoss', factor: 0.5, patience: 0, minLr: 0, cooldown: 0, minDelta: 1e-3 } },
    }, { freezeAll: true });
    const drop = events.find((e) => e.type === 'callback' && e.kind === 'lr-drop');
    expect(drop && drop.type === 'callback' ? drop.epoch : -1).toBe(2);
    const ratesInEpoch3 = events.filter((e) => e.type === 'step' && e.epoch === 3).map((e) => (e.type === 'step' ? e.learningRate : 0));
    expect(ratesInEpoch3.every((r) => Math.abs(r - 0.5e-9) < 1e-18)).toBe(true);
  });

  it('gradual unfreezing starts from the head and thaws the top block after each epoch; frozen blocks move exactly 0', async () => {
    const events = await runWith({ epochs: 2, callbacks: { gradualUnfreezing: { everyEpochs: 1 } } });
    const freezes = events.filter((e) => e.type === 'freeze').map((e) => (e.type === 'freeze' ? `${e.blockId}:${e.frozen ? 'frozen' : 'thawed'}@${e.epoch}` : ''));
    expect(freezes.slice(0, 4)).toEqual(['stem:frozen@0', 'block1:frozen@0', 'block2:frozen@0', 'block3:frozen@0']);
    expect(freezes).toContain('block3:thawed@1');
    expect(freezes).toContain('block2:thawed@2');
    const epochs = epochsOf(events);
    const [first, second] = [valueAt(epochs, 0), valueAt(epochs, 1)];
    expect(first.blockWeightChange.stem).toBe(0);
    expect(first.blockWeightChange.block3).toBe(0);
    expect(first.blockWeightChange.head).toBeGreaterThan(0);
    expect(first.blockGradientNorm.block3).toBe(0);
    expect(second.blockWeightChange.block3).toBeGreaterThan(0);
    expect(second.blockWeightChange.stem).toBe(0);
    expect(first.trainableParams).toBeLessThan(second.trainableParams);
    expect(first.validationPredictions.length).toBeGreaterThan(0);
  });
});

describe('loss options', () => {
  it('class weights scale each example’s loss; gradient clipping bounds the update', async () => {
    const data = tinyData(16, 2);
    const { model, freeze } = tinyModel();
    const labels = tf.tensor1d(data.trainLabels, 'int32');
    const base = { epochs: 1, batchSize: 8, seed: 1 };
    const plain = new Trainer(model, freeze, data, { ...base, optimizer: optimizerConfig({ learningRate: 0 }) });
    const weighted = new Trainer(model, freeze, data, { ...base, optimizer: optimizerConfig({ learningRate: 0 }), classWeights: [3, 3, 3, 3, 3] });
    const plainLoss = (await plain.trainStep(data.trainImages, labels)).loss;
    const weightedLoss = (await weighted.trainStep(data.trainImages, labels)).loss;
    expect(weightedLoss).toBeCloseTo(3 * plainLoss, 4);

    const before = model.trainableWeights.map((w) => w.read().clone());
    const clipped = new Trainer(model, freeze, data, { ...base, optimizer: optimizerConfig({ name: 'sgd', momentum: 0, learningRate: 1 }), clipNorm: 1e-3 });
    await clipped.trainStep(data.trainImages, labels);
    const moved = tf.tidy(() => valueAt(tf.addN(model.trainableWeights.map((w, i) => w.read().sub(valueAt(before, i)).square().sum())).sqrt().dataSync(), 0));
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThanOrEqual(1e-3 * 1.0001);
    [plain, weighted, clipped].forEach((t) => t.dispose());
    tf.dispose([labels, ...before]);
    model.dispose();
    disposeData(data);
  });

  it('refuses class weights that do not fit the classes, before any step', () => {
    const data = tinyData(16, 2);
    const { model, freeze } = tinyModel();
    const base = { epochs: 1, batchSize: 8, seed: 1, optimizer: optimizerConfig() };
    expect(() => new Trainer(model, freeze, data, { ...base, classWeights: [1, 2] })).toThrow('Class weights: 2 given for 5 classes');
    expect(() => new Trainer(model, freeze, data, { ...base, classWeights: [1, 1, -1, 1, 1] })).toThrow(/finite numbers ≥ 0/);
    expect(() => new Trainer(model, freeze, data, { ...base, classWeights: [0, 0, 0, 0, 0] })).toThrow(/at least one class/);
    model.dispose();
    disposeData(data);
  });
});

describe('a non-finite loss', () => {
  it('pauses the run with a clear message and withholds the update, so the weights stay finite', async () => {
    const data = tinyData(16, 4);
    const { model, freeze } = tinyModel();
    let message = '';
    let trainer: Trainer | null = null;
    trainer = new Trainer(model, freeze, data, { epochs: 50, batchSize: 8, seed: 1, optimizer: optimizerConfig({ name: 'sgd', momentum: 0, learningRate: 1e30 }) }, (e) => {
      if (e.type === 'status' && e.state === 'paused' && e.message) {
        message = e.message;
        trainer!.stop();
      }
    });
    expect(await trainer.run()).toBe('stopped');
    expect(message).toMatch(/^Loss became (NaN|Infinity) at step \d+; the update was withheld and the run paused/);
    const finite = tf.tidy(() => model.trainableWeights.every((w) => w.read().isFinite().all().dataSync()[0] === 1));
    expect(finite).toBe(true);
    trainer.dispose();
    model.dispose();
    disposeData(data);
  });
});
