import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../engine/testSupport';
import { buildArchitecture } from './catalog';
import { measureTopology } from './topologyShapes';

beforeAll(useCpuBackend);

/** The topology as model.json carries it. */
function topologyOf(model: tf.LayersModel): Record<string, unknown> {
  return model.toJSON(null, false) as unknown as Record<string, unknown>;
}

/** What tfjs itself built: each layer's weight shapes and output shape, by name. */
function builtByTfjs(model: tf.LayersModel) {
  return model.layers.map((layer) => ({ name: layer.name, weights: layer.weights.map((w) => w.shape), output: layer.outputShape }));
}

/** A functional model using every kind of layer the measure knows, with a shared layer and a merge. */
function everyKind(): tf.LayersModel {
  const input = tf.input({ shape: [20, 20, 3] });
  const a = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }).apply(input) as tf.SymbolicTensor;
  const b = tf.layers.separableConv2d({ filters: 6, kernelSize: 3, padding: 'valid' }).apply(a) as tf.SymbolicTensor;
  const c = tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', useBias: false }).apply(b) as tf.SymbolicTensor;
  const d = tf.layers.batchNormalization({ scale: false }).apply(c) as tf.SymbolicTensor;
  const e = tf.layers.zeroPadding2d({ padding: [[1, 2], [0, 1]] }).apply(d) as tf.SymbolicTensor;
  const f = tf.layers.cropping2D({ cropping: [[1, 0], [0, 1]] }).apply(e) as tf.SymbolicTensor;
  const g = tf.layers.upSampling2d({ size: [2, 2] }).apply(f) as tf.SymbolicTensor;
  const pool = tf.layers.maxPooling2d({ poolSize: 3, strides: 2 }).apply(g) as tf.SymbolicTensor;
  const other = tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'valid' }).apply(g) as tf.SymbolicTensor;
  const added = tf.layers.add().apply([pool, other]) as tf.SymbolicTensor;
  const joined = tf.layers.concatenate().apply([added, pool]) as tf.SymbolicTensor;
  const transposed = tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'valid' }).apply(joined) as tf.SymbolicTensor;
  const prelu = tf.layers.prelu({ sharedAxes: [1, 2] }).apply(transposed) as tf.SymbolicTensor;
  const shared = tf.layers.dense({ units: 5 });
  const flat = tf.layers.flatten().apply(prelu) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({}).apply(joined) as tf.SymbolicTensor;
  const one = shared.apply(tf.layers.dense({ units: 24 }).apply(flat)) as tf.SymbolicTensor;
  const two = shared.apply(tf.layers.dense({ units: 24 }).apply(pooled)) as tf.SymbolicTensor;
  const normed = tf.layers.layerNormalization().apply(one) as tf.SymbolicTensor;
  const reshaped = tf.layers.reshape({ targetShape: [5, 2] }).apply(tf.layers.concatenate().apply([normed, two])) as tf.SymbolicTensor;
  const out = tf.layers.permute({ dims: [2, 1] }).apply(reshaped) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

describe('measureTopology: what the topology builds, worked out from its JSON', () => {
  it.each([
    ['every kind of layer it knows', everyKind],
    ['the small CNN', () => buildArchitecture({ architecture: 'small-cnn', width: 4, inputSize: 24, numClasses: 3, dropout: 0.2, seed: 1 })],
    ['the mini-ResNet', () => buildArchitecture({ architecture: 'mini-resnet', width: 4, inputSize: 24, numClasses: 3, dropout: 0.2, seed: 1 })],
  ])('matches what tfjs builds for %s: every weight shape and output shape', (_name, build) => {
    const model = build();
    const result = measureTopology(topologyOf(model), 224);
    if (!result.ok) throw new Error(result.error);
    const measured = result.measure.layers.map((l) => ({ name: l.name, weights: l.weightShapes, output: l.outputShapes[0] }));
    const built = builtByTfjs(model);
    // A layer called twice has its weights built once: tfjs lists it once, with its first call's output.
    const firstCalls = measured.filter((m, i) => measured.findIndex((x) => x.name === m.name) === i);
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(firstCalls.sort(byName)).toEqual(built.sort(byName));
    expect(result.measure.weightElements).toBe(model.countParams());
    expect(result.measure.assumedInputSize).toBeNull();
    model.dispose();
  });

  it('measures a model with an open input size at the size it is given', () => {
    const input = tf.input({ shape: [null, null, 3] });
    const model = tf.model({ inputs: input, outputs: tf.layers.conv2d({ filters: 2, kernelSize: 3 }).apply(input) as tf.SymbolicTensor });
    const result = measureTopology(topologyOf(model), 32);
    expect(result.ok && result.measure.largestOutput).toMatchObject({ shape: [null, 30, 30, 2], elements: 1800 });
    expect(result.ok && result.measure.assumedInputSize).toBe(32);
    model.dispose();
  });

  it('names a kind of layer it cannot measure, and what to use instead', () => {
    const model = tf.sequential({ layers: [tf.layers.lstm({ units: 4, inputShape: [5, 3] })] });
    const result = measureTopology(topologyOf(model), 224);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^layer "lstm_\w+" is a LSTM, a kind of layer whose weights and memory the studio cannot work out before building it\. Use a backbone made of convolution/) as unknown });
    model.dispose();
  });
});
