import { type AugmentationConfig, needsRawPixels, type RandomResizedCropConfig, usesPerImageAugmentation } from '../contract';
import * as tf from '@tensorflow/tfjs';
import { createRng, shuffleInPlace, type Rng } from '../common/rng';
import { valueAt } from './arrays';

/**
 * Batch image augmentation in tfjs ops, so it runs where training runs (WebGPU / WebGL) instead of
 * round-tripping pixels through the CPU. Only the per-image parameters (angles, boxes, factors) are
 * drawn on the CPU from the seeded RNG; a run with the same seed therefore augments identically.
 * Images are [B, H, W, 3] in [-1, 1].
 */

// ---------------------------------------------------------------------------------------------
// What a configuration turns on

// Which configs change pixels is the contract's (the UI says when the feature cache goes off).
export { needsRawPixels };

// ---------------------------------------------------------------------------------------------
// Seeded sampling on the CPU

function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng();
}

function logUniform(rng: Rng, min: number, max: number): number {
  return Math.exp(uniform(rng, Math.log(min), Math.log(max)));
}

function randomInt(rng: Rng, maxExclusive: number): number {
  return Math.min(maxExclusive - 1, Math.floor(rng() * maxExclusive));
}

function standardNormal(rng: Rng): number {
  // 1 - rng() lies in (0, 1], so the logarithm stays finite.
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Gamma(shape, 1) by Marsaglia–Tsang; shapes below 1 use the Gamma(shape + 1) · U^(1/shape) boost. */
export function sampleGamma(shape: number, rng: Rng): number {
  if (shape < 1) return sampleGamma(shape + 1, rng) * Math.pow(1 - rng(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = standardNormal(rng);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

export function sampleBeta(a: number, b: number, rng: Rng): number {
  const x = sampleGamma(a, rng);
  const y = sampleGamma(b, rng);
  // Tiny alphas can underflow both draws to 0; either endpoint is then a faithful sample.
  return x + y > 0 ? x / (x + y) : rng() < a / (a + b) ? 1 : 0;
}

function bernoulli(rng: Rng, count: number, probability: number): boolean[] {
  return Array.from({ length: count }, () => probability > 0 && rng() < probability);
}

/** An integer pixel box: rows [top, top + height), columns [left, left + width). */
interface Box {
  top: number;
  left: number;
  height: number;
  width: number;
}

// ---------------------------------------------------------------------------------------------
// Tensor helpers

/** [B] booleans → [B, 1, 1, 1] condition that broadcasts over pixels and channels. */
function perImageCondition(flags: boolean[]): tf.Tensor4D {
  return tf.tensor4d(flags.map((f) => (f ? 1 : 0)), [flags.length, 1, 1, 1], 'bool');
}

function perImageScalar(values: number[]): tf.Tensor4D {
  return tf.tensor4d(values, [values.length, 1, 1, 1]);
}

/** Keeps untouched images bit-exact, which the blend-free `where` does and arithmetic masks do not. */
function selectPerImage(flags: boolean[], chosen: tf.Tensor4D, original: tf.Tensor4D): tf.Tensor4D {
  return tf.where(perImageCondition(flags), chosen, original);
}

/** [B, H, W, 1] boolean mask that is true inside each image's box. */
function boxMask(boxes: Box[], height: number, width: number): tf.Tensor4D {
  const column = (pick: (b: Box) => number) => perImageScalar(boxes.map(pick));
  const rows = tf.range(0, height).reshape([1, height, 1, 1]);
  const cols = tf.range(0, width).reshape([1, 1, width, 1]);
  const top = column((b) => b.top);
  const left = column((b) => b.left);
  const insideRows = tf.logicalAnd(rows.greaterEqual(top), rows.less(top.add(column((b) => b.height))));
  const insideCols = tf.logicalAnd(cols.greaterEqual(left), cols.less(left.add(column((b) => b.width))));
  return tf.logicalAnd<tf.Tensor4D>(insideRows, insideCols);
}

const LUMA = [0.299, 0.587, 0.114];

/** ITU-R 601 luma, as torchvision's rgb_to_grayscale; works in [0, 1] and [-1, 1] alike (weights sum to 1). */
function luminance(images: tf.Tensor4D): tf.Tensor4D {
  return images.mul(tf.tensor1d(LUMA)).sum<tf.Tensor4D>(3, true);
}

// ---------------------------------------------------------------------------------------------
// Geometry: flips, rotation and crop folded into one projective transform per image

/** Row-major 3×3 affine matrix mapping output pixel coordinates to source pixel coordinates. */
type Affine = [number, number, number, number, number, number];

function compose(outer: Affine, inner: Affine): Affine {
  // Applies `inner` first, then `outer`.
  const [a, b, c, d, e, f] = outer;
  const [g, h, i, j, k, l] = inner;
  return [a * g + b * j, a * h + b * k, a * i + b * l + c, d * g + e * j, d * h + e * k, d * i + e * l + f];
}

interface GeometryParams {
  flipH: boolean;
  flipV: boolean;
  angle: number;
  crop: { top: number; left: number; height: number; width: number };
}

/** torchvision's RandomResizedCrop.get_params without rounding: bilinear sampling handles sub-pixel boxes. */
export function sampleCrop(rng: Rng, c: RandomResizedCropConfig, height: number, width: number): GeometryParams['crop'] {
  const area = height * width;
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * uniform(rng, c.scaleMin, c.scaleMax);
    const ratio = logUniform(rng, c.ratioMin, c.ratioMax);
    const w = Math.sqrt(target * ratio);
    const h = Math.sqrt(target / ratio);
    if (w > 0 && w <= width && h > 0 && h <= height) {
      return { top: uniform(rng, 0, height - h), left: uniform(rng, 0, width - w), height: h, width: w };
    }
  }
  return { top: 0, left: 0, height, width };
}

function sampleGeometry(rng: Rng, config: AugmentationConfig, count: number, height: number, width: number): GeometryParams[] {
  const flipH = bernoulli(rng, count, config.horizontalFlip);
  const flipV = bernoulli(rng, count, config.verticalFlip);
  return Array.from({ length: count }, (_, i) => ({
    flipH: valueAt(flipH, i),
    flipV: valueAt(flipV, i),
    angle: config.rotationDegrees > 0 ? (uniform(rng, -1, 1) * config.rotationDegrees * Math.PI) / 180 : 0,
    crop: config.randomResizedCrop.enabled
      ? sampleCrop(rng, config.randomResizedCrop, height, width)
      : { top: 0, left: 0, height, width },
  }));
}

/**
 * Inverse map of crop → flip → rotate (the forward order of a torchvision pipeline), because
 * tf.image.transform asks for each output pixel's source. Pixel centres sit at integer coordinates.
 */
function geometryMatrix(p: GeometryParams, height: number, width: number): Affine {
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const cos = Math.cos(p.angle);
  const sin = Math.sin(p.angle);
  const unrotate: Affine = [cos, sin, cx - cos * cx - sin * cy, -sin, cos, cy + sin * cx - cos * cy];
  const unflip: Affine = [p.flipH ? -1 : 1, 0, p.flipH ? width - 1 : 0, 0, p.flipV ? -1 : 1, p.flipV ? height - 1 : 0];
  const sx = p.crop.width / width;
  const sy = p.crop.height / height;
  const uncrop: Affine = [sx, 0, p.crop.left + 0.5 * sx - 0.5, 0, sy, p.crop.top + 0.5 * sy - 0.5];
  return compose(uncrop, compose(unflip, unrotate));
}

/**
 * tfjs 4.22's CPU Transform kernel returns after the first image of the batch (the rest come back
 * filled with fillValue), so on CPU each image is transformed on its own; GPU kernels batch correctly.
 */
function transformBatch(images: tf.Tensor4D, matrices: Affine[]): tf.Tensor4D {
  const rows = matrices.map((m) => [...m, 0, 0]);
  if (tf.getBackend() !== 'cpu' || matrices.length === 1) {
    return tf.image.transform(images, tf.tensor2d(rows), 'bilinear', 'reflect');
  }
  const parts = tf.split<tf.Tensor4D>(images, matrices.length, 0).map((image, i) =>
    tf.image.transform(image, tf.tensor2d([valueAt(rows, i)]), 'bilinear', 'reflect'));
  return tf.concat(parts, 0);
}

function applyGeometry(images: tf.Tensor4D, config: AugmentationConfig, rng: Rng): tf.Tensor4D {
  const [count, height, width] = images.shape;
  const params = sampleGeometry(rng, config, count, height, width);
  const resamples = config.rotationDegrees > 0 || config.randomResizedCrop.enabled;
  if (resamples) return transformBatch(images, params.map((p) => geometryMatrix(p, height, width)));
  // Flips alone need no interpolation: reversing keeps pixels bit-exact and is cheaper.
  let out = images;
  if (params.some((p) => p.flipH)) out = selectPerImage(params.map((p) => p.flipH), tf.reverse(out, 2), out);
  if (params.some((p) => p.flipV)) out = selectPerImage(params.map((p) => p.flipV), tf.reverse(out, 1), out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Colour, in [0, 1] as torchvision defines the factors there

function jitterFactors(rng: Rng, count: number, strength: number): number[] {
  return Array.from({ length: count }, () => uniform(rng, Math.max(0, 1 - strength), 1 + strength));
}

function blend(image: tf.Tensor4D, other: tf.Tensor4D, factors: number[]): tf.Tensor4D {
  const f = perImageScalar(factors);
  return image.mul(f).add(other.mul(tf.scalar(1).sub(f))).clipByValue(0, 1) as tf.Tensor4D;
}

/** Rotates hue by `shifts[b]` turns through an HSV round trip (torchvision's adjust_hue). */
export function shiftHue(rgb01: tf.Tensor4D, shifts: number[]): tf.Tensor4D {
  return tf.tidy(() => {
    const channels = tf.split(rgb01, 3, 3);
    const [r, g, b] = [valueAt(channels, 0), valueAt(channels, 1), valueAt(channels, 2)];
    const value = tf.maximum(tf.maximum(r, g), b);
    const chroma = value.sub(tf.minimum(tf.minimum(r, g), b));
    const safeChroma = tf.maximum(chroma, 1e-12);
    const saturation = chroma.div(tf.maximum(value, 1e-12));
    const hueR = g.sub(b).div(safeChroma);
    const hueG = b.sub(r).div(safeChroma).add(2);
    const hueB = r.sub(g).div(safeChroma).add(4);
    const sextant = tf.where(value.equal(r), hueR, tf.where(value.equal(g), hueG, hueB));
    const turns = sextant.div(6).add(perImageScalar(shifts));
    const hue = turns.sub(turns.floor());
    // hsv→rgb as f(n) = v − v·s·clamp(min(k, 4 − k), 0, 1) with k = (n + 6h) mod 6, n = 5, 3, 1.
    const channel = (n: number) => {
      const k = hue.mul(6).add(n);
      const wrapped = k.sub(k.div(6).floor().mul(6));
      const ramp = tf.minimum(wrapped, tf.scalar(4).sub(wrapped)).clipByValue(0, 1);
      return value.sub(value.mul(saturation).mul(ramp));
    };
    return tf.concat([channel(5), channel(3), channel(1)], 3).clipByValue(0, 1) as tf.Tensor4D;
  });
}

/** Fixed order brightness → contrast → saturation → hue (torchvision shuffles it; the order matters little). */
function applyColorJitter(images: tf.Tensor4D, jitter: AugmentationConfig['colorJitter'], rng: Rng): tf.Tensor4D {
  const count = images.shape[0];
  let u = images.add(1).div<tf.Tensor4D>(2);
  if (jitter.brightness > 0) u = blend(u, tf.zerosLike(u), jitterFactors(rng, count, jitter.brightness));
  if (jitter.contrast > 0) {
    u = blend(u, luminance(u).mean([1, 2], true).broadcastTo<tf.Rank.R4>(u.shape), jitterFactors(rng, count, jitter.contrast));
  }
  if (jitter.saturation > 0) {
    u = blend(u, luminance(u).broadcastTo<tf.Rank.R4>(u.shape), jitterFactors(rng, count, jitter.saturation));
  }
  if (jitter.hue > 0) u = shiftHue(u, Array.from({ length: count }, () => uniform(rng, -jitter.hue, jitter.hue)));
  return u.mul(2).sub<tf.Tensor4D>(1);
}

function applyGrayscale(images: tf.Tensor4D, probability: number, rng: Rng): tf.Tensor4D {
  const flags = bernoulli(rng, images.shape[0], probability);
  if (!flags.some(Boolean)) return images;
  return selectPerImage(flags, luminance(images).tile<tf.Tensor4D>([1, 1, 1, 3]), images);
}

// ---------------------------------------------------------------------------------------------
// Blur: per-image sigma via one depthwise convolution over images folded into channels

function gaussianTaps(sigma: number, radius: number): number[] {
  const s = Math.max(sigma, 1e-3);
  const taps = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * s * s)));
  const total = taps.reduce((a, b) => a + b, 0);
  return taps.map((t) => t / total);
}

/**
 * A depthwise filter is shared across the batch, so [B, H, W, 3] becomes [1, H, W, B·3]: each image
 * then owns three channels and can carry its own kernel in a single separable pass.
 */
function blurWithPerImageSigma(images: tf.Tensor4D, sigmas: number[], radius: number): tf.Tensor4D {
  const [count, height, width, depth] = images.shape;
  const channels = count * depth;
  const taps = sigmas.flatMap((sigma) => {
    const t = gaussianTaps(sigma, radius);
    return Array.from({ length: depth }, () => t);
  });
  // Filter layout [kh, kw, channels, 1]: tap k of channel c sits at k * channels + c.
  const tapMajor = Array.from({ length: 2 * radius + 1 }, (_, k) => taps.map((t) => valueAt(t, k))).flat();
  const vertical = tf.tensor4d(tapMajor, [2 * radius + 1, 1, channels, 1]);
  const horizontal = tf.tensor4d(tapMajor, [1, 2 * radius + 1, channels, 1]);
  const folded = images.transpose([1, 2, 0, 3]).reshape<tf.Tensor4D>([1, height, width, channels]);
  const padded = tf.mirrorPad(folded, [[0, 0], [radius, radius], [radius, radius], [0, 0]], 'reflect');
  const blurred = tf.depthwiseConv2d(tf.depthwiseConv2d(padded, vertical, 1, 'valid'), horizontal, 1, 'valid');
  return blurred.reshape([height, width, count, depth]).transpose<tf.Tensor4D>([2, 0, 1, 3]);
}

function applyGaussianBlur(images: tf.Tensor4D, blur: AugmentationConfig['gaussianBlur'], rng: Rng): tf.Tensor4D {
  const [count, height, width] = images.shape;
  const flags = bernoulli(rng, count, blur.probability);
  const sigmas = flags.map((f) => (f ? uniform(rng, Math.min(0.1, blur.sigmaMax), blur.sigmaMax) : 0));
  // Reflect padding needs the radius below each side's length.
  const radius = Math.min(Math.ceil(3 * blur.sigmaMax), height - 1, width - 1);
  if (!flags.some(Boolean) || radius < 1) return images;
  return selectPerImage(flags, blurWithPerImageSigma(images, sigmas, radius), images);
}

// ---------------------------------------------------------------------------------------------
// Random erasing

/** torchvision RandomErasing.get_params (aspect ratio 0.3–3.3); null when ten tries find no fit. */
function sampleErasingBox(rng: Rng, c: AugmentationConfig['randomErasing'], height: number, width: number): Box | null {
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = height * width * uniform(rng, c.areaMin, c.areaMax);
    const ratio = logUniform(rng, 0.3, 3.3);
    const h = Math.round(Math.sqrt(target * ratio));
    const w = Math.round(Math.sqrt(target / ratio));
    if (h >= 1 && w >= 1 && h < height && w < width) {
      return { top: randomInt(rng, height - h + 1), left: randomInt(rng, width - w + 1), height: h, width: w };
    }
  }
  return null;
}

/** Erased pixels get uniform noise; one noise tile per batch keeps the CPU-side draw small. */
function applyRandomErasing(images: tf.Tensor4D, erase: AugmentationConfig['randomErasing'], rng: Rng): tf.Tensor4D {
  const [count, height, width, depth] = images.shape;
  const boxes = bernoulli(rng, count, erase.probability).map((f) => (f ? sampleErasingBox(rng, erase, height, width) : null));
  if (boxes.every((b) => b === null)) return images;
  const empty: Box = { top: 0, left: 0, height: 0, width: 0 };
  const noise = Float32Array.from({ length: height * width * depth }, () => uniform(rng, -1, 1));
  const tile = tf.tensor4d(noise, [1, height, width, depth]);
  return tf.where(boxMask(boxes.map((b) => b ?? empty), height, width), tile, images);
}

// ---------------------------------------------------------------------------------------------
// Public batch API

/** Returns a new tensor (the caller disposes it); the input is left untouched. */
export function augmentBatch(images: tf.Tensor4D, config: AugmentationConfig, rng: Rng): tf.Tensor4D {
  if (!usesPerImageAugmentation(config)) return images.clone();
  return tf.tidy(() => {
    let out = applyGeometry(images, config, rng);
    const j = config.colorJitter;
    if (j.brightness > 0 || j.contrast > 0 || j.saturation > 0 || j.hue > 0) out = applyColorJitter(out, j, rng);
    if (config.grayscaleProbability > 0) out = applyGrayscale(out, config.grayscaleProbability, rng);
    if (config.gaussianBlur.probability > 0 && config.gaussianBlur.sigmaMax > 0) out = applyGaussianBlur(out, config.gaussianBlur, rng);
    if (config.randomErasing.probability > 0) out = applyRandomErasing(out, config.randomErasing, rng);
    // Interpolation and blur weights can overshoot by a rounding error; in-range values pass unchanged.
    return out.clipByValue(-1, 1) as tf.Tensor4D;
  });
}

export interface MixedBatch {
  images: tf.Tensor4D;
  labels: tf.Tensor2D;
}

function permutation(count: number, rng: Rng): number[] {
  return shuffleInPlace(Array.from({ length: count }, (_, i) => i), rng);
}

/** timm's CutMix box: side ∝ sqrt(1 − λ), centre uniform, clipped to the image. */
function sampleCutmixBox(lambda: number, height: number, width: number, rng: Rng): Box {
  const cut = Math.sqrt(1 - lambda);
  const cy = randomInt(rng, height);
  const cx = randomInt(rng, width);
  const halfH = Math.round(height * cut) / 2;
  const halfW = Math.round(width * cut) / 2;
  const top = Math.max(0, Math.floor(cy - halfH));
  const left = Math.max(0, Math.floor(cx - halfW));
  const bottom = Math.min(height, Math.floor(cy + halfH));
  const right = Math.min(width, Math.floor(cx + halfW));
  return { top, left, height: Math.max(0, bottom - top), width: Math.max(0, right - left) };
}

function mixLabels(labels: tf.Tensor2D, partner: tf.Tensor2D, ownWeight: number): tf.Tensor2D {
  return labels.mul(ownWeight).add<tf.Tensor2D>(partner.mul(1 - ownWeight));
}

/**
 * MixUp or CutMix on a whole batch with one λ (as timm does); when both are on, each batch picks one
 * at even odds. Both returned tensors are new and owned by the caller.
 */
export function mixBatch(images: tf.Tensor4D, oneHotLabels: tf.Tensor2D, config: AugmentationConfig, rng: Rng): MixedBatch {
  const useMixup = config.mixupAlpha > 0 && (config.cutmixAlpha <= 0 || rng() < 0.5);
  if (!useMixup && config.cutmixAlpha <= 0) return { images: images.clone(), labels: oneHotLabels.clone() };
  const [count, height, width] = images.shape;
  const alpha = useMixup ? config.mixupAlpha : config.cutmixAlpha;
  const lambda = sampleBeta(alpha, alpha, rng);
  const order = permutation(count, rng);
  return tf.tidy(() => {
    const index = tf.tensor1d(order, 'int32');
    const partnerImages = tf.gather<tf.Tensor4D>(images, index);
    const partnerLabels = tf.gather<tf.Tensor2D>(oneHotLabels, index);
    if (useMixup) {
      const mixed = images.mul(lambda).add<tf.Tensor4D>(partnerImages.mul(1 - lambda));
      return { images: mixed, labels: mixLabels(oneHotLabels, partnerLabels, lambda) };
    }
    const box = sampleCutmixBox(lambda, height, width, rng);
    // Labels follow the box actually pasted, which clipping at the border can shrink below 1 − λ.
    const ownShare = 1 - (box.height * box.width) / (height * width);
    const pasted = tf.where(boxMask(Array.from({ length: count }, () => box), height, width), partnerImages, images);
    return { images: pasted, labels: mixLabels(oneHotLabels, partnerLabels, ownShare) };
  });
}

/** `count` augmented copies of one image for the settings preview; mixing needs labels and is left out. */
export function previewGrid(image: tf.Tensor3D, config: AugmentationConfig, seed: number, count: number): tf.Tensor4D {
  const batch = tf.tidy(() => image.expandDims(0).tile<tf.Tensor4D>([count, 1, 1, 1]));
  const out = augmentBatch(batch, config, createRng(seed));
  batch.dispose();
  return out;
}
