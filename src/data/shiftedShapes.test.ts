import { describe, expect, it } from 'vitest';
import { generateSampleDataset } from './sampleDataset';
import { drawShiftedShapeImage, generateShiftedSample } from './shiftedShapes';
import { createRng } from '../common/rng';

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

  it('is drawn in another style: the shape is the busy patch it sits on, inverted (no flat fill, as MNIST-M draws digits)', () => {
    // One seeded image with the shape covering everything, one with no shape: the same patch, inverted.
    const everywhere = new Uint8Array(32 * 32 * 3);
    const nowhere = new Uint8Array(32 * 32 * 3);
    drawShiftedShapeImage(everywhere, 32, () => true, createRng(5));
    drawShiftedShapeImage(nowhere, 32, () => false, createRng(5));
    const unclamped = Array.from(nowhere.keys()).filter((i) => nowhere[i]! > 0 && nowhere[i]! < 255);
    expect(unclamped.length).toBeGreaterThan(nowhere.length * 0.9);
    for (const i of unclamped) expect(Math.abs(everywhere[i]! + nowhere[i]! - 255)).toBeLessThanOrEqual(1);
    // The source fills its shapes flat; the target's fills carry the patch's texture: the fine grain inside a
    // shape-covered target image is far above that of a flat fill (the source's fill noise is ±10).
    expect(edgeEnergy(everywhere, 32)).toBeGreaterThan(15);
  });
});
