import { createRng } from '../common/rng';
import { drawShapeImage, type ShapeClass } from './shapes';

/**
 * The built-in sample dataset: coloured shapes on textured backgrounds, generated from a seed so the
 * studio has real work to do with no download and no user data. Class = shape; colour, size, position,
 * rotation and background texture are nuisance variables the network must learn to ignore.
 */
export const SAMPLE_SHAPES: readonly ShapeClass[] = [
  { name: 'circle', inside: (_u, _v, dx, dy) => Math.hypot(dx, dy) <= 1 },
  { name: 'square', inside: (u, v) => Math.abs(u) <= 0.8 && Math.abs(v) <= 0.8 },
  // equilateral triangle pointing along +v, inscribed in the unit circle
  { name: 'triangle', inside: (u, v) => v >= -0.5 && v <= 1 && Math.abs(u) <= ((1 - v) / 1.5) * 0.866 },
  { name: 'cross', inside: (u, v) => (Math.abs(u) <= 0.3 && Math.abs(v) <= 1) || (Math.abs(v) <= 0.3 && Math.abs(u) <= 1) },
  { name: 'ring', inside: (_u, _v, dx, dy) => { const r = Math.hypot(dx, dy); return r <= 1 && r >= 0.55; } },
];

export const SAMPLE_CLASS_NAMES: readonly string[] = SAMPLE_SHAPES.map((s) => s.name);

export interface GeneratedImages {
  classNames: string[];
  imageSize: number;
  /** N x size x size x 3, RGB, row-major. */
  pixels: Uint8Array;
  labels: Int32Array;
}

export interface SampleOptions {
  seed: number;
  imageSize: number;
  imagesPerClass: number;
  imbalanced: boolean;
}

/** Per-class share kept in imbalanced mode: the largest class is 5x the smallest. */
const IMBALANCE_SHARES = [1, 0.6, 0.4, 0.3, 0.2];

export function sampleClassCounts(options: SampleOptions): number[] {
  return SAMPLE_CLASS_NAMES.map((_, c) =>
    options.imbalanced ? Math.max(2, Math.round(options.imagesPerClass * (IMBALANCE_SHARES[c] ?? 1))) : options.imagesPerClass,
  );
}

export function generateSampleDataset(options: SampleOptions): GeneratedImages {
  return generateShapeImages(SAMPLE_SHAPES, sampleClassCounts(options), options.seed, options.imageSize);
}

/** Draws `counts[c]` images of each shape class, class by class, from one seeded stream. */
export function generateShapeImages(shapes: readonly ShapeClass[], counts: readonly number[], seed: number, size: number): GeneratedImages {
  const total = counts.reduce((a, b) => a + b, 0);
  const pixels = new Uint8Array(total * size * size * 3);
  const labels = new Int32Array(total);
  const rng = createRng(seed);
  let index = 0;
  for (const [c, count] of counts.entries()) {
    const shape = shapes[c];
    if (!shape) throw new RangeError(`No shape for class ${c}: ${shapes.length} shapes for ${counts.length} classes`);
    for (let k = 0; k < count; k++) {
      drawShapeImage(pixels.subarray(index * size * size * 3, (index + 1) * size * size * 3), size, shape.inside, rng);
      labels[index] = c;
      index++;
    }
  }
  return { classNames: shapes.map((s) => s.name), imageSize: size, pixels, labels };
}
