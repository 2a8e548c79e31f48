import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIMIZER, type BackendInfo, type DatasetSummary, type ModelSummary, type RunRecord } from '../contract';
import type { EngineEvent, EpochEvent, StepEvent } from '../engine/api';
import { onRunRecorded, RunRecorder, type RecorderOptions, type RunStart } from './runRecorder';

const STEPS_PER_EPOCH = 4;

const step = (n: number, loss = 1): StepEvent => ({
  type: 'step', epoch: Math.ceil(n / STEPS_PER_EPOCH), step: n, stepInEpoch: ((n - 1) % STEPS_PER_EPOCH) + 1, stepsPerEpoch: STEPS_PER_EPOCH,
  loss, accuracy: 0.5, learningRate: 0.01, imagesPerSecond: 100, cachedFeatures: false,
});

const epoch = (n: number, validationLoss = 1): EpochEvent => ({
  type: 'epoch', epoch: n, step: n * STEPS_PER_EPOCH, trainLoss: 1 / n, trainAccuracy: 0.5, validationLoss, validationAccuracy: 0.4, validationClassAccuracy: [0.5, 0.25], seconds: 2,
  trainableParams: 50, totalParams: 100, blockWeightChange: { stem: 0, head: 0.25 }, blockGradientNorm: { head: 3 },
  validationPredictions: [0, 1], validationConfidence: [0.9, 0.6],
});

const model: ModelSummary = {
  name: 'small_cnn', inputShape: [32, 32, 3], totalParams: 100, trainableParams: 50,
  blocks: [
    { id: 'stem', name: 'Stem', layers: [], params: 50, trainableParams: 0, frozen: true, lrMultiplier: 1 },
    { id: 'head', name: 'Head', layers: [], params: 50, trainableParams: 50, frozen: false, lrMultiplier: 1 },
  ],
};

const dataset: DatasetSummary = {
  source: { kind: 'sample', spec: { seed: 7, imageSize: 32, imagesPerClass: 10, imbalanced: false, validationFraction: 0.2 } },
  name: 'Sample shapes', classNames: ['a', 'b'], imageSize: 32, trainCounts: [8, 8], validationCounts: [2, 2], testCounts: [0, 0], validationLabels: [0, 1, 0, 1], unreadable: [],
};

const webgl: BackendInfo = { name: 'webgl', adapter: 'SwiftShader', software: true, fallbacks: [] };

const start: RunStart = {
  id: 'run-1', label: 'Small CNN, adam lr 0.01, 3 epochs', config: { epochs: 3, batchSize: 4, seed: 1, optimizer: DEFAULT_OPTIMIZER },
  dataset, model, modelName: 'Small CNN (from scratch)', backend: webgl,
};

/** A recorder on a hand-turned clock, writing its record into `saved`. */
function recorder(options: Partial<RecorderOptions> = {}, run = start) {
  const clock = { ms: 0 };
  const saved: RunRecord[] = [];
  const r = RunRecorder.start(run, {
    plannedEpochs: 3, now: () => clock.ms, save: async (record) => { saved.push(record); }, ...options,
  });
  return { r, clock, saved };
}

function feed(r: RunRecorder, events: EngineEvent[]) {
  return events.flatMap((event) => r.handle(event, model));
}

describe('run recorder: engine events → charts, progress and record', () => {
  it('starts training with empty charts and writes a running record at once', async () => {
    const { r, saved } = recorder();
    expect(r.view).toMatchObject({ runState: 'training', runMessage: null, progress: null, steps: [], epochs: [], markers: [] });
    await r.finish('stopped', 50);
    expect(saved.map((s) => s.status)).toEqual(['running', 'stopped']);
    expect(saved[0]).toMatchObject({ id: 'run-1', datasetName: 'Sample shapes', split: '16 train / 4 validation, seeded stratified split (seed 7)', backend: 'webgl' });
  });

  it('holds step events until flushed, then draws them with the progress line and an ETA from the mean step time', () => {
    const { r, clock } = recorder();
    expect(feed(r, [step(1), step(2)])).toEqual([]);
    expect(r.view.steps).toEqual([]);
    clock.ms = 2000;
    expect(r.flush()).toBe(true);
    expect(r.view.steps.map((p) => p.step)).toEqual([1, 2]);
    // 2 steps in 2 s: 1 s a step, 10 of the 12 planned steps to go.
    expect(r.view.progress).toEqual({
      epoch: 1, epochs: 3, stepInEpoch: 2, stepsPerEpoch: STEPS_PER_EPOCH, imagesPerSecond: 100, cachedFeatures: false, etaSeconds: 10,
    });
    expect(r.flush()).toBe(false);
  });

  it('an epoch flushes the steps, adds its row, block activity and predictions, records it, and asks for the charts to be saved', () => {
    const { r } = recorder();
    const effects = feed(r, [step(1), step(2), step(3), step(4), epoch(1)]);
    expect(effects).toEqual([{ type: 'saveCharts', step: 4, epoch: 1 }]);
    expect(r.view.steps).toHaveLength(4);
    expect(r.view.epochs).toEqual([{ epoch: 1, step: 4, trainLoss: 1, trainAccuracy: 0.5, validationLoss: 1, validationAccuracy: 0.4, validationClassAccuracy: [0.5, 0.25], seconds: 2 }]);
    expect(r.view.blockActivity).toEqual({ stem: { weightChange: 0, gradientNorm: 0 }, head: { weightChange: 0.25, gradientNorm: 3 } });
    expect(r.view.validationPredictions).toEqual([0, 1]);
    expect(r.record.epochs).toEqual([{ epoch: 1, trainLoss: 1, trainAccuracy: 0.5, validationLoss: 1, validationAccuracy: 0.4, validationClassAccuracy: [0.5, 0.25], seconds: 2 }]);
    expect(r.record.trainableParamsEnd).toBe(50);
  });

  it('marks freezes and thaws by block name and callbacks by message, keeping only the latest best epoch', () => {
    const { r } = recorder();
    const effects = feed(r, [
      step(1), { type: 'freeze', step: 1, epoch: 1, blockId: 'stem', frozen: false },
      { type: 'callback', kind: 'best', epoch: 1, step: 4, message: 'best epoch 1', values: { epoch: 1 } },
      { type: 'callback', kind: 'lr-drop', epoch: 2, step: 8, message: 'lr ×0.1', values: { factor: 0.1 } },
      { type: 'callback', kind: 'best', epoch: 2, step: 8, message: 'best epoch 2', values: { epoch: 2 } },
    ]);
    expect(effects).toEqual([{ type: 'refreshModel' }]);
    expect(r.view.steps).toHaveLength(1);
    expect(r.view.markers).toEqual([
      { step: 1, label: 'thawed Stem', kind: 'thaw', block: 'Stem' },
      // Worded by the page from the kind and the figures, in its language (the engine's English is for logs).
      { step: 8, label: 'learning rate ×0.1 (plateau)', kind: 'lr-drop' },
      { step: 8, label: 'best epoch so far (2)', kind: 'best' },
    ]);
    // The record keeps every event, the chart only the latest best.
    expect(r.record.events.map((e) => e.label)).toEqual(['thawed Stem', 'best epoch 1', 'lr ×0.1', 'best epoch 2']);
  });

  it('a backend switch drops what is trained again after the recovery point, marks it, and tells the studio', () => {
    const { r } = recorder();
    feed(r, [step(1), step(2), step(3), step(4), epoch(1), step(5), step(6)]);
    const other: BackendInfo = { ...webgl, name: 'cpu' };
    const effects = feed(r, [{ type: 'backend', info: other, message: 'The WebGPU device was lost', resumeEpoch: 1, resumeStep: 4 }]);
    expect(effects).toEqual([{ type: 'refreshModel' }, { type: 'backend', info: other }, { type: 'notice', message: 'The WebGPU device was lost' }]);
    expect(r.view.steps.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(r.view.epochs.map((e) => e.epoch)).toEqual([1]);
    expect(r.view.markers).toEqual([{ step: 4, label: 'switched to cpu', kind: 'backend' }]);
  });

  it('a status shows the engine\'s state and words; checkpoints are passed on, or a notice when one could not be written', () => {
    const { r } = recorder();
    feed(r, [{ type: 'status', state: 'paused', message: 'Out of memory at step 3' }]);
    expect(r.view).toMatchObject({ runState: 'paused', runMessage: 'Out of memory at step 3' });
    feed(r, [{ type: 'status', state: 'training' }]);
    expect(r.view).toMatchObject({ runState: 'training', runMessage: null });
    expect(feed(r, [{ type: 'checkpoint', kind: 'last', epoch: 1, saved: true }])).toEqual([{ type: 'checkpointSaved', kind: 'last' }]);
    expect(feed(r, [{ type: 'checkpoint', kind: 'best', epoch: 1, saved: false }]))
      .toEqual([{ type: 'notice', message: 'The best checkpoint could not be saved.' }]);
  });

  it('records the test score apart from the epochs, and a failed scoring as a notice', async () => {
    const { r, saved } = recorder();
    const scores = { final: { loss: 0.5, accuracy: 0.75, images: 4, epoch: 1 }, best: { loss: 0.6, accuracy: 0.5, images: 4, epoch: 1 } };
    expect(feed(r, [epoch(1), { type: 'test', scores }])).toEqual([{ type: 'saveCharts', step: 4, epoch: 1 }]);
    expect(r.view.test).toEqual(scores);
    expect(r.view.epochs[0]).not.toHaveProperty('test');
    await r.finish('finished', 50);
    expect(saved.at(-1)?.test).toEqual(scores);
    const other = recorder().r;
    expect(feed(other, [{ type: 'test', scores: null, message: 'The test split could not be scored: x' }]))
      .toEqual([{ type: 'notice', message: 'The test split could not be scored: x' }]);
    expect(other.view.testMessage).toBe('The test split could not be scored: x');
  });

  it('the charts saved with a checkpoint stop at its step and epoch', () => {
    const { r } = recorder();
    feed(r, [step(1), step(2), step(3), step(4), epoch(1), { type: 'callback', kind: 'best', epoch: 1, step: 4, message: 'best', values: { epoch: 1 } }, step(5), step(6), epoch(2)]);
    const charts = r.chartsToSave(4, 1);
    expect(charts?.steps.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(charts?.epochs.map((e) => e.epoch)).toEqual([1]);
    expect(charts?.markers.map((m) => m.label)).toEqual(['best epoch so far (1)']);
  });

  it('never hands out charts older than ones already handed out for storing: a late checkpoint answer cannot drop an epoch', () => {
    const { r } = recorder();
    feed(r, [step(1), step(2), step(3), step(4), epoch(1), step(5), step(6), step(7), step(8), epoch(2)]);
    expect(r.chartsToSave(8, 2)?.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    // The answer about epoch 1's checkpoint, arriving after epoch 2's charts went to storage.
    expect(r.chartsToSave(4, 1)).toBeNull();
    // Epoch 2's own checkpoint saves the same point again (with its markers): allowed.
    expect(r.chartsToSave(8, 2)?.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    feed(r, [step(9), step(10), step(11), step(12), epoch(3)]);
    expect(r.chartsToSave(12, 3)?.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it('how the run ended: a finished call draws its last steps; a crash cut it short with a message', () => {
    const { r } = recorder();
    feed(r, [step(1)]);
    r.ended('finished');
    expect(r.view.steps).toHaveLength(1);
    expect(r.view.runState).toBe('finished');
    const crashed = recorder().r;
    crashed.failed('cut short');
    expect(crashed.view).toMatchObject({ runState: 'failed', runMessage: 'cut short' });
  });

  it('a resumed run continues its charts and record: the ETA counts only this session\'s steps, later epochs are dropped', async () => {
    const first = recorder();
    feed(first.r, [step(1), step(2), step(3), step(4), epoch(1), step(5), step(6), step(7), step(8), epoch(2)]);
    await first.r.finish('failed', 50);
    const charts = first.r.chartsToSave(4, 1) ?? undefined;
    const clock = { ms: 0 };
    const saved: RunRecord[] = [];
    const resumed = RunRecorder.continue(first.r.record, 1, { plannedEpochs: 3, charts, now: () => clock.ms, save: async (record) => { saved.push(record); } });
    expect(resumed.id).toBe('run-1');
    expect(resumed.view.steps.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(resumed.record).toMatchObject({ status: 'running', endedAt: null });
    expect(resumed.record.epochs.map((e) => e.epoch)).toEqual([1]);
    feed(resumed, [step(5), step(6)]);
    clock.ms = 1000;
    resumed.flush();
    // 2 steps this session in 1 s, 6 of 12 to go.
    expect(resumed.view.progress?.etaSeconds).toBe(3);
    expect(resumed.view.steps.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    await resumed.finish('finished', 50);
    expect(saved.map((record) => record.status)).toEqual(['running', 'finished']);
  });

  it('every update of the record reaches the listeners (the experiments table)', async () => {
    const seen: string[] = [];
    const stop = onRunRecorded((run) => seen.push(`${run.status}:${run.epochs.length}`));
    const { r } = recorder();
    feed(r, [step(1), epoch(1)]);
    await r.finish('finished', 50);
    stop();
    expect(seen).toEqual(['running:0', 'running:1', 'finished:1']);
  });

  it('a failed write is not fatal: later writes still happen', async () => {
    const saved: string[] = [];
    let fail = true;
    const r = RunRecorder.start(start, {
      plannedEpochs: 3, now: () => 0,
      save: async (record) => {
        if (fail) { fail = false; throw new Error('quota'); }
        saved.push(record.status);
      },
    });
    await r.finish('finished', 50);
    expect(saved).toEqual(['finished']);
  });
});
