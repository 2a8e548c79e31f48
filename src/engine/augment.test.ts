import { AUGMENTATION_CONFIG, type AugmentationConfig, DEFAULT_AUGMENTATION, NO_AUGMENTATION, issuesOf } from '../contract';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmentBatch, mixBatch, needsRawPixels, previewGrid, sampleBeta, shiftHue } from './augment';

const validateAugmentation = (config: unknown) => issuesOf(AUGMENTATION_CONFIG, config);
import { createRng } from '../common/rng';
import { useCpuBackend } from './testSupport';
import { valueAt } from './arrays';

beforeAll(useCpuBackend);

function config(overrides: Partial<AugmentationConfig>): AugmentationConfig {
  return { ...NO_AUGMENTATION, ...overrides };
}

/** Deterministic, non-symmetric test images in [-1, 1]. */
function randomImages(count: number, size: number, seed = 7): tf.Tensor4D {
  const rng = createRng(seed);
  const values = Float32Array.from({ length: count * size * size * 3 }, () => rng() * 2 - 1);
  return tf.tensor4d(values, [count, size, size, 3]);
}

/** Every image a different flat grey, so pasted or mixed content can be traced to its source. */
function flatImages(values: number[], size: number): tf.Tensor4D {
  return tf.tidy(() => tf.tensor1d(values).reshape([values.length, 1, 1, 1]).tile<tf.Tensor4D>([1, size, size, 3]));
}

const EVERYTHING: AugmentationConfig = {
  horizontalFlip: 0.5,
  verticalFlip: 0.5,
  rotationDegrees: 30,
  randomResizedCrop: { enabled: true, scaleMin: 0.3, scaleMax: 1, ratioMin: 0.5, ratioMax: 2 },
  colorJitter: { brightness: 0.8, contrast: 0.8, saturation: 0.8, hue: 0.3 },
  grayscaleProbability: 0.3,
  gaussianBlur: { probability: 0.5, sigmaMax: 1.5 },
  randomErasing: { probability: 0.5, areaMin: 0.05, areaMax: 0.3 },
  mixupAlpha: 0.4,
  cutmixAlpha: 1,
};

function withTensors<T>(tensors: tf.Tensor[], body: () => T): T {
  try {
    return body();
  } finally {
    tf.dispose(tensors);
  }
}

describe('augmentBatch', () => {
  it('flips horizontally with probability 1 exactly as tf.reverse on the width axis', () => {
    const x = randomImages(3, 8);
    const out = augmentBatch(x, config({ horizontalFlip: 1 }), createRng(1));
    const expected = tf.reverse(x, 2);
    withTensors([x, out, expected], () => expect(out.arraySync()).toEqual(expected.arraySync()));
  });

  it('flips vertically with probability 1 exactly as tf.reverse on the height axis', () => {
    const x = randomImages(2, 8);
    const out = augmentBatch(x, config({ verticalFlip: 1 }), createRng(1));
    const expected = tf.reverse(x, 1);
    withTensors([x, out, expected], () => expect(out.arraySync()).toEqual(expected.arraySync()));
  });

  it('flips only some images at probability 0.5, each either untouched or mirrored', () => {
    const x = randomImages(16, 8);
    const out = augmentBatch(x, config({ horizontalFlip: 0.5 }), createRng(3));
    const mirrored = tf.reverse(x, 2);
    withTensors([x, out, mirrored], () => {
      const [o, a, m] = [out.arraySync(), x.arraySync(), mirrored.arraySync()];
      const flipped = o.map((img, i) => (JSON.stringify(img) === JSON.stringify(m[i]) ? 1 : 0) as number);
      o.forEach((img, i) => expect(flipped[i] === 1 || JSON.stringify(img) === JSON.stringify(a[i])).toBe(true));
      const total = flipped.reduce((s, f) => s + f, 0);
      expect(total).toBeGreaterThan(0);
      expect(total).toBeLessThan(16);
    });
  });

  it('leaves the batch unchanged at probability 0 and with NO_AUGMENTATION, as a new tensor', () => {
    const x = randomImages(2, 8);
    const zeroFlip = augmentBatch(x, config({ horizontalFlip: 0, verticalFlip: 0 }), createRng(1));
    const none = augmentBatch(x, NO_AUGMENTATION, createRng(1));
    withTensors([x, zeroFlip, none], () => {
      expect(zeroFlip.arraySync()).toEqual(x.arraySync());
      expect(none.arraySync()).toEqual(x.arraySync());
      expect(none).not.toBe(x);
    });
  });

  it('is reproducible: the same seed repeats the output, another seed changes it', () => {
    const x = randomImages(4, 16);
    const cfg = { ...EVERYTHING, mixupAlpha: 0, cutmixAlpha: 0 };
    const a = augmentBatch(x, cfg, createRng(42));
    const b = augmentBatch(x, cfg, createRng(42));
    const c = augmentBatch(x, cfg, createRng(43));
    withTensors([x, a, b, c], () => {
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      expect(Array.from(c.dataSync())).not.toEqual(Array.from(a.dataSync()));
    });
  });

  it('keeps shape and the [-1, 1] range with every augmentation at strong settings', () => {
    const x = randomImages(6, 16);
    const out = augmentBatch(x, EVERYTHING, createRng(5));
    withTensors([x, out], () => {
      expect(out.shape).toEqual(x.shape);
      expect(out.min().dataSync()[0]).toBeGreaterThanOrEqual(-1);
      expect(out.max().dataSync()[0]).toBeLessThanOrEqual(1);
      expect(Array.from(out.dataSync()).every(Number.isFinite)).toBe(true);
    });
  });

  it('rotates every image of the batch, not only the first (reflect fill keeps flat images flat)', () => {
    const values = [-0.8, -0.2, 0.3, 0.9];
    const x = flatImages(values, 8);
    const out = augmentBatch(x, config({ rotationDegrees: 40, randomResizedCrop: { ...NO_AUGMENTATION.randomResizedCrop, enabled: true, scaleMin: 0.5, scaleMax: 0.9 } }), createRng(2));
    withTensors([x, out], () => {
      const data = out.arraySync();
      data.forEach((image, i) => image.flat(2).forEach((v) => expect(v).toBeCloseTo(valueAt(values, i), 5)));
    });
  });

  it('crops: a small random resized crop of a ramp spans a narrower range of values', () => {
    const ramp = tf.tidy(() => tf.linspace(-1, 1, 16).reshape([1, 1, 16, 1]).tile<tf.Tensor4D>([2, 16, 1, 3]));
    const crop = { enabled: true, scaleMin: 0.25, scaleMax: 0.25, ratioMin: 1, ratioMax: 1 };
    const out = augmentBatch(ramp, config({ randomResizedCrop: crop }), createRng(4));
    withTensors([ramp, out], () => {
      const rows = out.arraySync().map((img) => valueAt(img, 0).map((px) => valueAt(px, 0)));
      rows.forEach((row) => {
        expect(Math.max(...row) - Math.min(...row)).toBeLessThan(1.2);
        // Still increasing left to right: the crop resamples, it does not flip.
        expect(valueAt(row, 15)).toBeGreaterThan(valueAt(row, 0));
      });
    });
  });

  it('grayscale with probability 1 makes R, G and B equal (ITU-R 601 luma)', () => {
    const x = randomImages(3, 8);
    const out = augmentBatch(x, config({ grayscaleProbability: 1 }), createRng(1));
    withTensors([x, out], () => {
      const px = out.arraySync().flat(2);
      px.forEach(([r, g, b]) => {
        expect(g).toBe(r);
        expect(b).toBe(r);
      });
      const [r0 = Number.NaN, g0 = Number.NaN, b0 = Number.NaN] = valueAt(x.arraySync().flat(2), 0);
      expect(valueAt(valueAt(px, 0), 0)).toBeCloseTo(0.299 * r0 + 0.587 * g0 + 0.114 * b0, 5);
    });
  });

  it('colour jitter changes colours but leaves a grey image grey under hue shifts', () => {
    const grey = flatImages([0.2, -0.4], 8);
    const colourful = randomImages(2, 8);
    const hueOnly = config({ colorJitter: { brightness: 0, contrast: 0, saturation: 0, hue: 0.5 } });
    const greyOut = augmentBatch(grey, hueOnly, createRng(1));
    const colourOut = augmentBatch(colourful, hueOnly, createRng(1));
    withTensors([grey, colourful, greyOut, colourOut], () => {
      const g = greyOut.dataSync();
      grey.dataSync().forEach((v, i) => expect(g[i]).toBeCloseTo(v, 5));
      const diff = tf.tidy(() => colourOut.sub(colourful).abs().max().dataSync()[0]);
      expect(diff).toBeGreaterThan(0.05);
    });
  });

  it('shiftHue by a third of a turn permutes channels (r, g, b) → (b, r, g); zero shift round-trips', () => {
    const colours = tf.tidy(() => randomImages(3, 8, 13).add(1).div<tf.Tensor4D>(2));
    const third = shiftHue(colours, [1 / 3, 1 / 3, 1 / 3]);
    const none = shiftHue(colours, [0, 0, 0]);
    withTensors([colours, third, none], () => {
      const source = colours.arraySync().flat(2);
      const rotated = third.arraySync().flat(2);
      const kept = none.arraySync().flat(2);
      source.forEach(([r = Number.NaN, g = Number.NaN, b = Number.NaN], i) => {
        [b, r, g].forEach((v, c) => expect(rotated[i]?.[c]).toBeCloseTo(v, 4));
        [r, g, b].forEach((v, c) => expect(kept[i]?.[c]).toBeCloseTo(v, 4));
      });
    });
  });

  it('shiftHue turns red into green at a third of a turn and back at zero', () => {
    const red = tf.tensor4d([1, 0, 0, 0.5, 0.25, 0.1], [2, 1, 1, 3]);
    const shifted = shiftHue(red, [1 / 3, 0]);
    withTensors([red, shifted], () => {
      const [a, b] = shifted.arraySync().flat(2);
      [0, 1, 0].forEach((v, i) => expect(a?.[i]).toBeCloseTo(v, 5));
      [0.5, 0.25, 0.1].forEach((v, i) => expect(b?.[i]).toBeCloseTo(v, 5));
    });
  });

  it('blur smooths a checkerboard and keeps a flat image flat', () => {
    const checker = tf.tidy(() => {
      const cells = Array.from({ length: 64 }, (_, i) => ((i % 8) + Math.floor(i / 8)) % 2 ? 0.8 : -0.8);
      return tf.tensor1d(cells).reshape([1, 8, 8, 1]).tile<tf.Tensor4D>([2, 1, 1, 3]);
    });
    const flat = flatImages([0.5], 8);
    const blur = config({ gaussianBlur: { probability: 1, sigmaMax: 1.5 } });
    const smooth = augmentBatch(checker, blur, createRng(9));
    const flatOut = augmentBatch(flat, blur, createRng(9));
    withTensors([checker, flat, smooth, flatOut], () => {
      const spread = (t: tf.Tensor) => tf.tidy(() => valueAt(tf.moments(t).variance.dataSync(), 0));
      expect(spread(smooth)).toBeLessThan(spread(checker) * 0.8);
      flatOut.dataSync().forEach((v) => expect(v).toBeCloseTo(0.5, 5));
    });
  });

  it('random erasing with probability 1 replaces exactly one rectangle per image and keeps the rest', () => {
    const x = flatImages([0.5, 0.5, 0.5], 16);
    const erase = { probability: 1, areaMin: 0.1, areaMax: 0.3 };
    const out = augmentBatch(x, config({ randomErasing: erase }), createRng(11));
    withTensors([x, out], () => {
      out.arraySync().forEach((image) => {
        const changed = image.map((row) => row.map((px) => px.some((v) => v !== 0.5)));
        const cells = changed.flatMap((row, y) => row.flatMap((c, xPos) => (c ? [[y, xPos]] : [])));
        expect(cells.length).toBeGreaterThan(0);
        const ys = cells.map(([y = Number.NaN]) => y);
        const xs = cells.map(([, xPos = Number.NaN]) => xPos);
        const [top, bottom, left, right] = [Math.min(...ys), Math.max(...ys), Math.min(...xs), Math.max(...xs)];
        // The changed pixels fill their bounding box: one rectangle, nothing outside it.
        expect(cells.length).toBe((bottom - top + 1) * (right - left + 1));
        const share = cells.length / 256;
        expect(share).toBeGreaterThanOrEqual(0.05);
        expect(share).toBeLessThanOrEqual(0.4);
      });
    });
  });

  it('does not leak tensors: only the returned tensor remains', () => {
    const x = randomImages(4, 16);
    const before = tf.memory().numTensors;
    const out = augmentBatch(x, EVERYTHING, createRng(8));
    expect(tf.memory().numTensors).toBe(before + 1);
    out.dispose();
    const preview = previewGrid(tf.tidy(() => x.slice([0], [1]).squeeze<tf.Tensor3D>([0])), EVERYTHING, 3, 4);
    // The sliced source image is not disposed by previewGrid, so it counts too.
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(preview.shape).toEqual([4, 16, 16, 3]);
    tf.dispose([x, preview]);
  });
});

describe('mixBatch', () => {
  const values = [-0.9, -0.3, 0.3, 0.9];
  const makeBatch = () => ({
    images: flatImages(values, 8),
    labels: tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 4).toFloat() as tf.Tensor2D),
  });

  it('is a copy when both alphas are 0', () => {
    const { images, labels } = makeBatch();
    const out = mixBatch(images, labels, NO_AUGMENTATION, createRng(1));
    withTensors([images, labels, out.images, out.labels], () => {
      expect(out.images).not.toBe(images);
      expect(out.images.arraySync()).toEqual(images.arraySync());
      expect(out.labels.arraySync()).toEqual(labels.arraySync());
    });
  });

  it('mixup: labels sum to 1, mix the row with one partner, and match the mixed pixels', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { images, labels } = makeBatch();
      const out = mixBatch(images, labels, config({ mixupAlpha: 0.4 }), createRng(seed));
      withTensors([images, labels, out.images, out.labels], () => {
        const rows = out.labels.arraySync();
        const pixels = out.images.arraySync().map((img) => valueAt(valueAt(img.flat(1), 0), 0));
        rows.forEach((row, i) => {
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
          row.forEach((w) => { expect(w).toBeGreaterThanOrEqual(0); expect(w).toBeLessThanOrEqual(1); });
          // Only the row's own class and its partner's may carry weight.
          expect(row.filter((w, j) => j !== i && w > 1e-6).length).toBeLessThanOrEqual(1);
          const expected = row.reduce((sum, w, j) => sum + w * valueAt(values, j), 0);
          expect(pixels[i]).toBeCloseTo(expected, 5);
        });
      });
    }
  });

  it('cutmix: each class weight equals the share of pixels that came from that image', () => {
    let sawPaste = false;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { images, labels } = makeBatch();
      const out = mixBatch(images, labels, config({ cutmixAlpha: 1 }), createRng(seed));
      withTensors([images, labels, out.images, out.labels], () => {
        const rows = out.labels.arraySync();
        out.images.arraySync().forEach((image, i) => {
          const flat = image.flat(1).map((px) => px[0]);
          values.forEach((v, j) => {
            const share = flat.filter((p) => p === Math.fround(v)).length / flat.length;
            expect(rows[i]?.[j]).toBeCloseTo(share, 5);
          });
          if (valueAt(valueAt(rows, i), i) < 1 - 1e-6) sawPaste = true;
        });
      });
    }
    expect(sawPaste).toBe(true);
  });

  it('is reproducible and does not leak', () => {
    const { images, labels } = makeBatch();
    const before = tf.memory().numTensors;
    const a = mixBatch(images, labels, EVERYTHING, createRng(21));
    expect(tf.memory().numTensors).toBe(before + 2);
    const b = mixBatch(images, labels, EVERYTHING, createRng(21));
    withTensors([images, labels, a.images, a.labels, b.images, b.labels], () => {
      expect(Array.from(b.images.dataSync())).toEqual(Array.from(a.images.dataSync()));
      expect(Array.from(b.labels.dataSync())).toEqual(Array.from(a.labels.dataSync()));
    });
  });

  it('samples Beta(a, a) with the right mean and spread', () => {
    const rng = createRng(99);
    const draws = Array.from({ length: 4000 }, () => sampleBeta(0.4, 0.4, rng));
    const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
    const variance = draws.reduce((s, d) => s + (d - mean) ** 2, 0) / draws.length;
    expect(draws.every((d) => d >= 0 && d <= 1)).toBe(true);
    expect(mean).toBeCloseTo(0.5, 1);
    // Var of Beta(a, a) = 1 / (4 (2a + 1)) = 0.1389 for a = 0.4.
    expect(variance).toBeGreaterThan(0.12);
    expect(variance).toBeLessThan(0.16);
  });
});

describe('previewGrid', () => {
  it('gives count different, seed-reproducible versions of one image', () => {
    const image = tf.tidy(() => randomImages(1, 16).squeeze<tf.Tensor3D>([0]));
    const a = previewGrid(image, DEFAULT_AUGMENTATION, 5, 6);
    const b = previewGrid(image, DEFAULT_AUGMENTATION, 5, 6);
    withTensors([image, a, b], () => {
      expect(a.shape).toEqual([6, 16, 16, 3]);
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      const tiles = a.arraySync().map((t) => JSON.stringify(t));
      expect(new Set(tiles).size).toBeGreaterThan(1);
    });
  });
});

describe('configuration', () => {
  it('accepts the presets', () => {
    expect(validateAugmentation(NO_AUGMENTATION)).toEqual([]);
    expect(validateAugmentation(DEFAULT_AUGMENTATION)).toEqual([]);
    expect(validateAugmentation(EVERYTHING)).toEqual([]);
  });

  it('names the bad field', () => {
    const bad = (overrides: Partial<AugmentationConfig>) => validateAugmentation(config(overrides)).join('\n');
    expect(bad({ horizontalFlip: 1.5 })).toMatch(/horizontalFlip/);
    expect(bad({ grayscaleProbability: -0.1 })).toMatch(/grayscaleProbability/);
    expect(bad({ rotationDegrees: Number.NaN })).toMatch(/rotationDegrees/);
    expect(bad({ mixupAlpha: -1 })).toMatch(/mixupAlpha/);
    expect(bad({ randomResizedCrop: { enabled: true, scaleMin: 0.9, scaleMax: 0.5, ratioMin: 1, ratioMax: 1 } }))
      .toMatch(/randomResizedCrop\.scaleMin: must not exceed scaleMax/);
    expect(bad({ colorJitter: { brightness: -0.2, contrast: 0, saturation: 0, hue: 0.7 } })).toMatch(/colorJitter\.brightness[\s\S]*colorJitter\.hue/);
    expect(bad({ randomErasing: { probability: 0.5, areaMin: 0, areaMax: 0.2 } })).toMatch(/randomErasing\.areaMin/);
    expect(bad({ gaussianBlur: { probability: 2, sigmaMax: 1 } })).toMatch(/gaussianBlur\.probability/);
    expect(validateAugmentation(config({ verticalFlip: 2 }))).toHaveLength(1);
  });

  it('needsRawPixels is false only when nothing is on', () => {
    expect(needsRawPixels(NO_AUGMENTATION)).toBe(false);
    expect(needsRawPixels(DEFAULT_AUGMENTATION)).toBe(true);
    expect(needsRawPixels(config({ cutmixAlpha: 1 }))).toBe(true);
    expect(needsRawPixels(config({ mixupAlpha: 0.2 }))).toBe(true);
    expect(needsRawPixels(config({ grayscaleProbability: 0.1 }))).toBe(true);
    expect(needsRawPixels(config({ randomErasing: { ...NO_AUGMENTATION.randomErasing, probability: 0.25 } }))).toBe(true);
  });
});
