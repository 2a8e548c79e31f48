import { createRng, deriveSeed, type Rng } from '../common/rng';
import type { ShapeClass } from './shapes';
import { SAMPLE_SHAPES, sampleClassCounts, type GeneratedImages, type SampleOptions } from './sampleDataset';

/**
 * The sample dataset's shifted target domain (as coloured digits are to digits): the same shape
 * classes, drawn in another style. Where the source draws a flat shape in one colour on a striped background
 * of a contrasting colour, the target draws it as MNIST-M draws MNIST's digits: a busy colourful patch
 * (soft blobs, stripes, noise) with the shape cut out of it in inverted colours. Labels exist for
 * evaluation only: a run never trains on them.
 */

type Rgb = [number, number, number];

/** A saturated colour of a random hue at the given lightness (0..1). */
function saturated(rng: Rng, lightness: number): Rgb {
  const hue = rng() * 6;
  const sector = Math.floor(hue);
  const f = hue - sector;
  const hi = 255 * lightness;
  const lo = hi * 0.15;
  const mid = lo + (hi - lo) * (sector % 2 === 0 ? f : 1 - f);
  const table: Rgb[] = [[hi, mid, lo], [mid, hi, lo], [lo, hi, mid], [lo, mid, hi], [mid, lo, hi], [hi, lo, mid]];
  return table[sector % 6] ?? [hi, lo, lo];
}

/**
 * Draws one shifted-style image of `shape` into `out` (size × size × 3 RGB), as MNIST-M draws digits: a
 * busy, colourful patch (soft blobs of saturated colour crossed by stripes and noise) fills the image, and
 * the shape is that same patch with its colours inverted (255 − value). No flat fill and no chosen
 * contrasting colour mark the shape: only the inversion of the texture it sits on.
 */
export function drawShiftedShapeImage(out: Uint8Array, size: number, shape: ShapeClass['inside'], rng: Rng): void {
  const base = saturated(rng, 0.3 + rng() * 0.6);
  const blobs = Array.from({ length: 5 }, () => ({ x: rng() * size, y: rng() * size, r: size * (0.15 + rng() * 0.3), colour: saturated(rng, 0.2 + rng() * 0.8), weight: 0.5 + rng() * 0.5 }));
  const radius = size * (0.2 + rng() * 0.13);
  const cx = size / 2 + (rng() - 0.5) * (size - 2 * radius) * 0.8;
  const cy = size / 2 + (rng() - 0.5) * (size - 2 * radius) * 0.8;
  const rotation = rng() * Math.PI * 2;
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  const stripeAngle = rng() * Math.PI;
  const stripeFrequency = 0.15 + rng() * 0.6;
  const stripeAmplitude = 20 + rng() * 30;
  const dirX = Math.cos(stripeAngle);
  const dirY = Math.sin(stripeAngle);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = (x + 0.5 - cx) / radius;
      const dy = (y + 0.5 - cy) / radius;
      const inside = shape(dx * cos + dy * sin, -dx * sin + dy * cos, dx, dy);
      const offset = (y * size + x) * 3;
      const stripes = stripeAmplitude * Math.sin((x * dirX + y * dirY) * stripeFrequency * 2);
      // The patch: the base colour blended with each blob by its Gaussian weight.
      let total = 1;
      const patch: Rgb = [...base];
      for (const b of blobs) {
        const w = b.weight * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (b.r * b.r)) * 3;
        for (let ch = 0; ch < 3; ch++) patch[ch] = patch[ch]! + w * b.colour[ch]!;
        total += w;
      }
      for (let ch = 0; ch < 3; ch++) {
        const value = patch[ch]! / total + stripes + (rng() - 0.5) * 30;
        out[offset + ch] = Math.max(0, Math.min(255, Math.round(inside ? 255 - value : value)));
      }
    }
  }
}

/** `counts[c]` shifted-style images of each class, from one seeded stream (the source's own layout). */
export function generateShiftedImages(shapes: readonly ShapeClass[], counts: readonly number[], seed: number, size: number): GeneratedImages {
  const total = counts.reduce((a, b) => a + b, 0);
  const pixels = new Uint8Array(total * size * size * 3);
  const labels = new Int32Array(total);
  const rng = createRng(seed);
  let index = 0;
  for (const [c, count] of counts.entries()) {
    const shape = shapes[c];
    if (!shape) throw new RangeError(`No shape for class ${c}: ${shapes.length} shapes for ${counts.length} classes`);
    for (let k = 0; k < count; k++) {
      drawShiftedShapeImage(pixels.subarray(index * size * size * 3, (index + 1) * size * size * 3), size, shape.inside, rng);
      labels[index] = c;
      index++;
    }
  }
  return { classNames: shapes.map((s) => s.name), imageSize: size, pixels, labels };
}

/** The sample dataset's classes drawn in the shifted style, same counts and label order: the domain-adaptation target. */
export function generateShiftedSample(options: SampleOptions): GeneratedImages {
  return generateShiftedImages(SAMPLE_SHAPES, sampleClassCounts(options), deriveSeed(options.seed, 'shifted'), options.imageSize);
}
