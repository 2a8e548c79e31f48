import type { Rng } from '../common/rng';

/**
 * Procedural shape images: a filled shape on a striped, noisy background, in random colours, size,
 * position and rotation. The sample dataset and the built-in backbone's pretraining set are both drawn
 * with it, from disjoint sets of shapes.
 */

/**
 * Whether a point lies inside a shape. (u, v) are the point's coordinates in the shape's rotated frame
 * and (dx, dy) in the image's frame, both in units of the shape's radius, centred on the shape.
 */
export type ShapeTest = (u: number, v: number, dx: number, dy: number) => boolean;

export interface ShapeClass {
  name: string;
  inside: ShapeTest;
}

type Rgb = [number, number, number];

function randomColour(rng: Rng): Rgb {
  return [rng() * 255, rng() * 255, rng() * 255];
}

function contrastingColour(background: Rgb, rng: Rng): Rgb {
  for (let attempt = 0; attempt < 20; attempt++) {
    const colour = randomColour(rng);
    const distance = Math.hypot(colour[0] - background[0], colour[1] - background[1], colour[2] - background[2]);
    if (distance > 140) return colour;
  }
  return background.map((v) => 255 - v) as Rgb;
}

/** Draws one image of `shape` into `out` (size x size x 3 RGB). */
export function drawShapeImage(out: Uint8Array, size: number, shape: ShapeTest, rng: Rng): void {
  const background = randomColour(rng);
  const stripeAngle = rng() * Math.PI;
  const stripeFrequency = 0.15 + rng() * 0.6;
  const stripeAmplitude = 15 + rng() * 35;
  const noiseAmplitude = 10 + rng() * 25;
  const foreground = contrastingColour(background, rng);
  const radius = size * (0.2 + rng() * 0.13);
  const cx = size / 2 + (rng() - 0.5) * (size - 2 * radius) * 0.8;
  const cy = size / 2 + (rng() - 0.5) * (size - 2 * radius) * 0.8;
  const rotation = rng() * Math.PI * 2;
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  const dirX = Math.cos(stripeAngle);
  const dirY = Math.sin(stripeAngle);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Coordinates relative to the shape's centre, rotated into its frame, in units of the radius.
      const dx = (x + 0.5 - cx) / radius;
      const dy = (y + 0.5 - cy) / radius;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      const inside = shape(u, v, dx, dy);
      const offset = (y * size + x) * 3;
      const texture = stripeAmplitude * Math.sin((x * dirX + y * dirY) * stripeFrequency * 2) + (rng() - 0.5) * noiseAmplitude;
      // ch < 3: both colours are Rgb triples.
      for (let ch = 0; ch < 3; ch++) {
        const base = inside ? foreground[ch]! + (rng() - 0.5) * 20 : background[ch]! + texture;
        out[offset + ch] = Math.max(0, Math.min(255, Math.round(base)));
      }
    }
  }
}
