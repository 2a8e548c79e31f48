import { DEFAULT_OPTIMIZER, type ModelSpec, type OptimizerConfig } from '../contract';
import * as tf from '@tensorflow/tfjs';
import { generateSampleDataset } from '../data/sampleDataset';
import { stratifiedSplit } from '../data/split';
import { buildArchitecture } from '../models/catalog';
import { groupLayersIntoBlocks } from '../freeze/blocks';
import { FreezeState } from '../freeze/freezeState';
import { residentTensors, type ResidentTensors } from './tensors';
import type { TrainingData } from './data/batches';
import { inMemoryTrainingData } from './data/inMemory';

/** Shared fixtures for unit tests: tiny sample data and tiny models on the CPU backend. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Streamed training data for the trainer, with the same images resident as tensors for tests that take steps by hand. */
export function tinyData(imageSize = 16, imagesPerClass = 12, seed = 1): TrainingData & ResidentTensors {
  const sample = generateSampleDataset({ seed, imageSize, imagesPerClass, imbalanced: false });
  const split = stratifiedSplit(sample.labels, sample.classNames.length, 0.25, seed);
  const streamed = inMemoryTrainingData(sample, split);
  const resident = residentTensors(sample, split);
  // The streamed object's methods stay bound to it; the tensors ride along for hand-made steps.
  return Object.assign(streamed, { trainImages: resident.trainImages, validationImages: resident.validationImages });
}

export function tinyModel(overrides: Partial<ModelSpec> = {}): { model: tf.LayersModel; freeze: FreezeState } {
  const model = buildArchitecture({
    architecture: 'small-cnn', width: 4, inputSize: 16, numClasses: 5, dropout: 0, seed: 3, ...overrides,
  });
  return { model, freeze: new FreezeState(model, groupLayersIntoBlocks(model)) };
}

export function optimizerConfig(overrides: Partial<OptimizerConfig> = {}): OptimizerConfig {
  return { ...DEFAULT_OPTIMIZER, ...overrides };
}

export function disposeData(data: ResidentTensors): void {
  tf.dispose([data.trainImages, data.validationImages]);
}
