import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkTrainingMemory, estimateTrainingMemory, modelActivations, type MemoryLimits, type TrainingShape } from './memoryEstimate';
import { Engine } from './engine';
import { Trainer } from './trainer';
import { disposeData, optimizerConfig, tinyData, tinyModel, useCpuBackend } from './testSupport';

beforeAll(useCpuBackend);
afterEach(() => vi.unstubAllGlobals());

const GB = 2 ** 30;
const LIMITS: MemoryLimits = { totalBytes: 1 * GB, totalSource: 'a test budget', largestTensorBytes: 512 * 2 ** 20, largestTensorSource: 'a test tensor limit' };

function shape(overrides: Partial<TrainingShape> = {}): TrainingShape {
  return {
    params: 1_000_000, activations: { elementsPerImage: 200_000, largestElementsPerImage: 40_000 },
    optimizer: { name: 'adam', momentum: 0 }, batchSize: 32, inputSize: 96, ...overrides,
  };
}

describe('memory estimate', () => {
  it('counts every layer output of one image, nested models layer by layer', () => {
    const inner = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [16, 16, 3], filters: 8, kernelSize: 3, padding: 'same' })] });
    const outer = tf.sequential({ layers: [inner, tf.layers.flatten(), tf.layers.dense({ units: 2 })] });
    // conv 16·16·8 = 2048, flatten 2048, dense 2.
    expect(modelActivations(outer)).toEqual({ elementsPerImage: 4098, largestElementsPerImage: 2048 });
    outer.dispose();
  });

  it('adds weights, gradients, optimizer slots, a batch of activations and one input batch; the dataset\'s size plays no part', () => {
    const adam = estimateTrainingMemory(shape());
    expect(adam.weightsBytes).toBe(8_000_000);
    expect(adam.optimizerBytes).toBe(8_000_000);
    expect(adam.activationBytesPerImage).toBe(200_000 * 4 * 8);
    expect(adam.activationBytes).toBe(32 * adam.activationBytesPerImage);
    expect(adam.inputBatchBytes).toBe(32 * 96 * 96 * 3 * 4 * 4);
    expect(adam.totalBytes).toBe(adam.weightsBytes + adam.optimizerBytes + adam.activationBytes + adam.inputBatchBytes);
    expect(estimateTrainingMemory(shape({ optimizer: { name: 'sgd', momentum: 0 } })).optimizerBytes).toBe(0);
    expect(estimateTrainingMemory(shape({ optimizer: { name: 'sgd', momentum: 0.9 } })).optimizerBytes).toBe(4_000_000);
  });

  it('lets a run that fits through', () => {
    expect(checkTrainingMemory(estimateTrainingMemory(shape()), LIMITS, 32, { inputSize: 96, inputSizes: null }).refusal).toBeNull();
  });

  it('refuses a batch that does not fit, naming the controls; the batch and input size it suggests fit while one more would not', () => {
    const check = checkTrainingMemory(estimateTrainingMemory(shape({ batchSize: 512 })), LIMITS, 512, { inputSize: 96, inputSizes: null });
    expect(check.refusal).toMatch(/^Training a batch of 512 at 96 px would need about \d+\.\d+ GB \(layer outputs: .*\), more than a test budget \(1\.00 GB\)\./);
    const suggested = Number(/Training › Batch size to (\d+) or less/.exec(check.refusal!)![1]);
    expect(estimateTrainingMemory(shape({ batchSize: suggested })).totalBytes).toBeLessThanOrEqual(LIMITS.totalBytes);
    expect(estimateTrainingMemory(shape({ batchSize: suggested + 1 })).totalBytes).toBeGreaterThan(LIMITS.totalBytes);
    // Activations grow with the input's area: the suggested size, scaled, fits at batch 512.
    const size = Number(/Model › Input size to (\d+) px or less/.exec(check.refusal!)![1]);
    const scaled = (s: number) => shape({ batchSize: 512, inputSize: s, activations: { elementsPerImage: 200_000 * (s / 96) ** 2, largestElementsPerImage: 40_000 * (s / 96) ** 2 } });
    expect(estimateTrainingMemory(scaled(size)).totalBytes).toBeLessThanOrEqual(LIMITS.totalBytes);
    expect(estimateTrainingMemory(scaled(size + 8)).totalBytes).toBeGreaterThan(LIMITS.totalBytes);
  });

  it('offers only the input sizes a pretrained backbone has', () => {
    const check = checkTrainingMemory(estimateTrainingMemory(shape({ batchSize: 512, inputSize: 224 })), LIMITS, 512, { inputSize: 224, inputSizes: [64, 96, 128, 160, 192, 224] });
    expect(check.refusal).toMatch(/Model › Input size to (64|96|128|160|192) px or less/);
  });

  it('says so when even one image per batch is too much, and when one tensor exceeds the device limit', () => {
    const huge = checkTrainingMemory(estimateTrainingMemory(shape({ params: 300_000_000, batchSize: 4 })), LIMITS, 4, { inputSize: 96, inputSizes: [96] });
    expect(huge.refusal).toContain('Even one image per batch at the smallest input size does not fit');
    const wide = shape({ activations: { elementsPerImage: 2_000_000, largestElementsPerImage: 1_500_000 }, batchSize: 100 });
    const check = checkTrainingMemory(estimateTrainingMemory(wide), { ...LIMITS, totalBytes: 100 * GB }, 100, { inputSize: 96, inputSizes: null });
    expect(check.refusal).toMatch(/^One layer output for a batch of 100 at 96 px would take 572\.2 MB, more than a test tensor limit \(512\.0 MB\)\. Set Training › Batch size to 89 or less, or set Model › Input size to 88 px or less\./);
  });

  it('the engine refuses to start a run above the memory the browser reports, with the estimate, and accepts the batch it suggests', async () => {
    vi.stubGlobal('navigator', { deviceMemory: 0.25 });
    const engine = new Engine();
    await engine.init('cpu');
    await engine.loadSampleDataset({ seed: 1, imageSize: 16, imagesPerClass: 40, imbalanced: false, validationFraction: 0.25 });
    await engine.buildModel({ architecture: 'small-cnn', width: 8, dropout: 0, seed: 1, inputSize: 128 });
    const config = { epochs: 1, batchSize: 150, seed: 1, optimizer: optimizerConfig() };
    const check = await engine.memoryCheck(config.batchSize, config.optimizer);
    expect(check.limits.totalSource).toBe('the 0.25 GB of memory this browser reports');
    expect(check.refusal).toMatch(/more than the 0\.25 GB of memory this browser reports \(256\.0 MB\)\. Set Training › Batch size to \d+ or less/);
    const before = tf.memory().numTensors;
    await expect(engine.train(config, () => {})).rejects.toThrow(check.refusal!);
    expect(tf.memory().numTensors).toBe(before);
    const fitting = Number(/Batch size to (\d+) or less/.exec(check.refusal!)![1]);
    expect((await engine.memoryCheck(fitting, config.optimizer)).refusal).toBeNull();
  }, 60_000);
});

describe('memory estimate against a measured training step', () => {
  it.each([
    ['small-cnn', 32, 16],
    ['small-cnn', 64, 8],
    ['mini-resnet', 32, 16],
  ] as const)('%s at %i px, batch %i: the estimate covers the step\'s measured peak without doubling it', async (architecture, inputSize, batchSize) => {
    const data = tinyData(inputSize, 5);
    const { model, freeze } = tinyModel({ architecture, width: 8, inputSize });
    const trainer = new Trainer(model, freeze, data, { epochs: 1, batchSize, seed: 1, optimizer: optimizerConfig({ name: 'adam' }) }, () => {});
    const images = data.trainImages.slice(0, batchSize);
    const labels = tf.tensor1d(Array.from(data.trainLabels.slice(0, batchSize)), 'int32');
    // The first step creates Adam's slots; the second is the steady state a run repeats.
    await trainer.trainStep(images, labels);
    const resident = tf.memory().numBytes;
    const { peakBytes } = await tf.profile(async () => { await trainer.trainStep(images, labels); });
    const estimate = estimateTrainingMemory({
      params: model.countParams(), activations: modelActivations(model), optimizer: { name: 'adam', momentum: 0 }, batchSize, inputSize,
    });
    const measuredStep = peakBytes - resident;
    expect(estimate.activationBytes).toBeGreaterThanOrEqual(measuredStep);
    expect(estimate.activationBytes).toBeLessThan(2 * measuredStep);
    trainer.dispose();
    tf.dispose([images, labels]);
    model.dispose();
    disposeData(data);
  }, 60_000);
});
