import { createRng, type Rng } from '../engine/rng';

/**
 * The built-in sample dataset: coloured shapes on textured backgrounds, generated from a seed so the
 * studio has real work to do with no download and no user data. Class = shape; colour, size, position,
 * rotation and background texture are nuisance variables the network must learn to ignore.
 */
export const SAMPLE_CLASS_NAMES = ['circle', 'square', 'triangle', 'cross', 'ring'] as const;

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
    options.imbalanced ? Math.max(2, Math.round(options.imagesPerClass * IMBALANCE_SHARES[c])) : options.imagesPerClass,
  );
}

export function generateSampleDataset(options: SampleOptions): GeneratedImages {
  const { imageSize: size } = options;
  const counts = sampleClassCounts(options);
  const total = counts.reduce((a, b) => a + b, 0);
  const pixels = new Uint8Array(total * size * size * 3);
  const labels = new Int32Array(total);
  const rng = createRng(options.seed);
  let index = 0;
  for (let c = 0; c < counts.length; c++) {
    for (let k = 0; k < counts[c]; k++) {
      drawImage(pixels.subarray(index * size * size * 3, (index + 1) * size * size * 3), size, c, rng);
      labels[index] = c;
      index++;
    }
  }
  return { classNames: [...SAMPLE_CLASS_NAMES], imageSize: size, pixels, labels };
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

function drawImage(out: Uint8Array, size: number, shapeClass: number, rng: Rng): void {
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
      const inside = insideShape(shapeClass, u, v, dx, dy);
      const offset = (y * size + x) * 3;
      const texture = stripeAmplitude * Math.sin((x * dirX + y * dirY) * stripeFrequency * 2) + (rng() - 0.5) * noiseAmplitude;
      for (let ch = 0; ch < 3; ch++) {
        const base = inside ? foreground[ch] + (rng() - 0.5) * 20 : background[ch] + texture;
        out[offset + ch] = Math.max(0, Math.min(255, Math.round(base)));
      }
    }
  }
}

function insideShape(shapeClass: number, u: number, v: number, dx: number, dy: number): boolean {
  const r = Math.hypot(dx, dy);
  switch (shapeClass) {
    case 0: // circle
      return r <= 1;
    case 1: // square
      return Math.abs(u) <= 0.8 && Math.abs(v) <= 0.8;
    case 2: {
      // equilateral triangle pointing along +v, inscribed in the unit circle
      const h = 1.0;
      return v >= -0.5 * h && v <= h && Math.abs(u) <= ((h - v) / 1.5) * 0.866;
    }
    case 3: // cross
      return (Math.abs(u) <= 0.3 && Math.abs(v) <= 1) || (Math.abs(v) <= 0.3 && Math.abs(u) <= 1);
    case 4: // ring
      return r <= 1 && r >= 0.55;
    default:
      return false;
  }
}
