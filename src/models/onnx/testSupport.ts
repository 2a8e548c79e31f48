import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { layersModelToOnnx, ONNX_INPUT_NAME, ONNX_OUTPUT_NAME, type OnnxExportOptions } from './index';

/**
 * Test support only (Node): runs an exported model in onnxruntime-web (WASM) next to tfjs on the
 * CPU backend, on the same input, and measures how far the probabilities are apart.
 */
export async function useBackends(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
}

/** Values in [lo, hi) from a small deterministic generator (mulberry32), so failures reproduce. */
export function seededUniform(seed: number): (lo: number, hi: number) => number {
  let state = seed >>> 0;
  return (lo, hi) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  };
}

/**
 * Gives every weight fresh random values: BatchNorm's gamma and moving variance positive around 1,
 * its beta and moving mean and every bias around 0, kernels uniform in ±`kernelScale`/√fan-in (so
 * activations keep their scale whatever the depth; the output layer's are 3× larger).
 */
export function randomizeWeights(model: tf.LayersModel, seed: number, kernelScale = 2.5): void {
  const uniform = seededUniform(seed);
  const outputLayer = model.layers.filter((l) => l.weights.length > 0).at(-1);
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    // Larger output weights spread the probabilities, so that a comparison does not pass for want of contrast.
    const scale = layer === outputLayer ? 3 * kernelScale : kernelScale;
    const values = layer.weights.map((w) => {
      const size = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
      const data = new Float32Array(size);
      const fanIn = w.shape.length > 1 ? size / (w.shape[w.shape.length - 1] ?? 1) : 1;
      const kind = w.originalName.split('/').pop() ?? '';
      for (let i = 0; i < size; i++) {
        if (kind === 'gamma' || kind === 'moving_variance') data[i] = uniform(0.5, 1.5);
        else if (kind === 'beta' || kind === 'moving_mean' || kind === 'bias') data[i] = uniform(-0.3, 0.3);
        else data[i] = uniform(-1, 1) * scale / Math.sqrt(fanIn);
      }
      return tf.tensor(data, w.shape as number[]);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

/** A random NHWC batch for `model`'s input, uniform in [lo, hi); `size` (default 9) stands in for an unknown height and width. */
export function randomInput(model: tf.LayersModel, batch: number, seed: number, lo = -1, hi = 1, size?: number): tf.Tensor4D {
  const [, height, width, c] = model.inputs[0]!.shape as [null, number | null, number | null, number];
  const [h, w] = [height ?? size ?? 9, width ?? size ?? 9];
  const uniform = seededUniform(seed);
  return tf.tensor4d(Float32Array.from({ length: batch * h * w * c }, () => uniform(lo, hi)), [batch, h, w, c]);
}

export interface Comparison {
  maxAbsDiff: number;
  /** The largest probability tfjs gave, to show the comparison is not between near-uniform rows. */
  maxProbability: number;
  onnxBytes: number;
}

/**
 * Exports `model`, runs it in onnxruntime on `input`, and compares with tfjs's probabilities:
 * softmax(predict) for a model ending in logits, predict itself when `predictIsProbabilities`.
 */
export async function compareWithTfjs(
  model: tf.LayersModel, input: tf.Tensor4D, options: OnnxExportOptions & { predictIsProbabilities?: boolean } = {},
): Promise<Comparison> {
  const bytes = layersModelToOnnx(model, options);
  const expected = tf.tidy(() => {
    const y = model.predict(input) as tf.Tensor2D;
    return options.predictIsProbabilities ? y : tf.softmax(y);
  });
  const want = await expected.data();
  expected.dispose();
  const session = await ort.InferenceSession.create(bytes);
  try {
    const feed = new ort.Tensor('float32', Float32Array.from(await input.data()), input.shape);
    const result = await session.run({ [ONNX_INPUT_NAME]: feed });
    const got = result[ONNX_OUTPUT_NAME]!.data as Float32Array;
    if (got.length !== want.length) throw new Error(`onnxruntime gave ${got.length} values, tfjs ${want.length}`);
    let maxAbsDiff = 0;
    for (let i = 0; i < got.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(got[i]! - want[i]!));
    return { maxAbsDiff, maxProbability: Math.max(...want), onnxBytes: bytes.length };
  } finally {
    await session.release();
  }
}
