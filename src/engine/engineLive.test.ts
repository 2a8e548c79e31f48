import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImagePreview, TrainConfig } from '../contract';
import { Engine } from './engine';
import type { EngineEvent, LiveAnswer } from './api';
import { optimizerConfig, useCpuBackend } from './testSupport';

beforeAll(useCpuBackend);

const DATASET = { seed: 6, imageSize: 16, imagesPerClass: 6, imbalanced: false, validationFraction: 0.25 };
const MODEL = { architecture: 'small-cnn' as const, width: 4, dropout: 0, seed: 2 };
const CONFIG: TrainConfig = { epochs: 2, batchSize: 4, seed: 1, optimizer: optimizerConfig({ learningRate: 0.01 }) };

/** Node has no ImageBitmap: a test frame is an image with a close() the engine must call. */
interface TestFrame { image: ImagePreview; closed: boolean; close(): void }

function frame(width: number, height: number, value: number): TestFrame {
  const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * value) % 256);
  return { image: { width, height, rgb }, closed: false, close() { this.closed = true; } };
}

async function engineWithModel(): Promise<Engine> {
  const engine = new Engine(undefined, async (f) => (f as unknown as TestFrame).image);
  await engine.init('cpu');
  await engine.loadSampleDataset(DATASET);
  await engine.buildModel(MODEL);
  return engine;
}

const asBitmap = (f: TestFrame) => f as unknown as ImageBitmap;

describe('Live prediction of camera frames', () => {
  it('gives the same classes as predicting the picture, closes the frame, and leaks no tensor', async () => {
    const engine = await engineWithModel();
    const f = frame(24, 18, 7);
    const before = tf.memory().numTensors;
    const answer = await engine.predictFrame(asBitmap(f), 3, 'current');
    expect(tf.memory().numTensors).toBe(before);
    expect(f.closed).toBe(true);
    expect(answer.status).toBe('done');
    if (answer.status !== 'done') return;
    expect(answer.source).toBe('current');
    expect(answer.predictions).toEqual(await engine.predict(f.image, 3));
  });

  it('answers frames while a run trains, between its steps, and then from the best checkpoint', async () => {
    const engine = await engineWithModel();
    const events: EngineEvent[] = [];
    const answers: { answer: LiveAnswer; afterStep: number }[] = [];
    const lastStep = () => events.filter((e) => e.type === 'step').length;
    const sent: Promise<void>[] = [];
    const run = engine.train(CONFIG, (event) => {
      events.push(event);
      // A frame at each step, as the camera would send them.
      if (event.type === 'step') {
        sent.push(engine.predictFrame(asBitmap(frame(20, 20, event.step)), 2, 'current').then((answer) => { answers.push({ answer, afterStep: lastStep() }); }));
      }
    });
    expect(await run).toBe('finished');
    await Promise.all(sent);
    const steps = lastStep();
    const done = answers.filter((a) => a.answer.status === 'done');
    // Answered during the run, not only after it.
    expect(done.some((a) => a.afterStep < steps)).toBe(true);
    expect(done.every((a) => a.answer.status === 'done' && a.answer.predictions.length === 2)).toBe(true);
    const best = await engine.predictFrame(asBitmap(frame(20, 20, 3)), 5, 'best');
    expect(best.status === 'done' && best.source === 'best' && best.predictions.length === 5).toBe(true);
  });

  it('refuses the best checkpoint when there is none, saying what to do', async () => {
    const engine = await engineWithModel();
    await engine.discardCheckpoints();
    const f = frame(10, 10, 1);
    await expect(engine.predictFrame(asBitmap(f), 1, 'best')).rejects.toThrow(/no best checkpoint yet.*predict from the current model/);
    expect(f.closed).toBe(true);
  });
});
