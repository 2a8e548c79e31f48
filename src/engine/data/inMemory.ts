import type { GeneratedImages } from '../../data/sampleDataset';
import { StreamingData } from './batches';
import { InMemoryPixels } from './pixelSource';

/** Generated images (the sample, the pretraining shapes) streamed batch by batch like any dataset. */
export function inMemoryTrainingData(images: GeneratedImages, split: { train: number[]; validation: number[] }, inputSize = images.imageSize): StreamingData {
  return new StreamingData(new InMemoryPixels(images), split, images.labels, images.classNames.length, inputSize);
}
