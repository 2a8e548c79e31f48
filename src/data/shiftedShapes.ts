import { createRng, deriveSeed, type Rng } from '../common/rng';
import type { ShapeClass } from './shapes';
import { SAMPLE_SHAPES, sampleClassCounts, type GeneratedImages, type SampleOptions } from './sampleDataset';

/**
 * The sample dataset's shifted target domain (as coloured digits are to digits): the same shape
 * classes, drawn in another style. Where the source draws a flat shape on a striped background in
 * random colours, the target draws the shape filled with a checkerboard texture on a background of
 * soft blobs, with the colour relation inverted (light shape on dark ground or the reverse, in
 * saturated hues). Labels exist for evaluation only: a run never trains on them.
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

/** Draws one shifted-style image of `shape` into `out` (size × size × 3 RGB). */
export function drawShiftedShapeImage(out: Uint8Array, size: number, shape: ShapeClass['inside'], rng: Rng): void {
  const darkGround = rng() < 0.5;
  const background = saturated(rng, darkGround ? 0.3 : 0.95);
  const foreground = saturated(rng, darkGround ? 0.95 : 0.3);
  const checker = 2 + Math.floor(rng() * 3);
  const blobs = Array.from({ length: 3 }, () => ({ x: rng() * size, y: rng() * size, r: size * (0.15 + rng() * 0.25), gain: (rng() - 0.5) * 90 }));
  const radius = size * (0.2 + rng() * 0.13);
  const cx = size / 2 + (rng() - 0.5) * (size - 2 * radius) * 0.8;
  const cy = size / 2 + (rng() - 0.5) * (size - 2 * radius) * 0.8;
  const rotation = rng() * Math.PI * 2;
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = (x + 0.5 - cx) / radius;
      const dy = (y + 0.5 - cy) / radius;
      const inside = shape(dx * cos + dy * sin, -dx * sin + dy * cos, dx, dy);
      const offset = (y * size + x) * 3;
      const blob = blobs.reduce((sum, b) => sum + b.gain * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (b.r * b.r)), 0);
      const checkerShade = (Math.floor(x / checker) + Math.floor(y / checker)) % 2 === 0 ? 1 : 0.7;
      for (let ch = 0; ch < 3; ch++) {
        const base = inside ? foreground[ch]! * checkerShade : background[ch]! + blob;
        out[offset + ch] = Math.max(0, Math.min(255, Math.round(base + (rng() - 0.5) * 12)));
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
