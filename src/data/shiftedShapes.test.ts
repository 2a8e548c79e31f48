import { describe, expect, it } from 'vitest';
import { generateSampleDataset } from './sampleDataset';
import { generateShiftedSample } from './shiftedShapes';

const options = { seed: 7, imageSize: 32, imagesPerClass: 20, imbalanced: false };

/** Mean absolute difference between horizontally adjacent pixels: the texture's fine grain. */
function edgeEnergy(pixels: Uint8Array, size: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i + 3 < pixels.length; i += 3) {
    if ((i / 3) % size === size - 1) continue;
    sum += Math.abs(pixels[i]! - pixels[i + 3]!);
    n++;
  }
  return sum / n;
}

describe('the shifted target domain of the sample dataset', () => {
  it('has the same classes, counts and label order as the source, and is reproducible from its seed', () => {
    const source = generateSampleDataset(options);
    const target = generateShiftedSample(options);
    expect(target.classNames).toEqual(source.classNames);
    expect(Array.from(target.labels)).toEqual(Array.from(source.labels));
    expect(generateShiftedSample(options).pixels).toEqual(target.pixels);
    expect(generateShiftedSample({ ...options, seed: 8 }).pixels).not.toEqual(target.pixels);
  });

  it('is drawn in another style: smooth blobs and checkered fills instead of noisy stripes', () => {
    const source = generateSampleDataset(options);
    const target = generateShiftedSample(options);
    // Measured: 15.6 (source) vs 8.6 (target) at seed 7.
    expect(edgeEnergy(target.pixels, 32)).toBeLessThan(edgeEnergy(source.pixels, 32) * 0.75);
  });
});
