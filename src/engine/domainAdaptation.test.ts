import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dannLambda, medianBandwidth, medianBandwidthTensor, mmd, reverseGradient } from './domainAdaptation';
import { useCpuBackend } from './testSupport';

beforeAll(useCpuBackend);

const read = async (t: tf.Tensor) => Array.from(await t.data());

describe('gradient reversal', () => {
  it('is the identity forward and flips the sign (times λ) of the gradient reaching the features, and nothing else', async () => {
    const features = tf.variable(tf.tensor2d([[0.5, -1, 2], [1.5, 0.25, -0.75]]), true, 'grl_features');
    const head = tf.variable(tf.tensor2d([[1, -2], [0.5, 3], [-1, 0.25]]), true, 'grl_head');
    const before = tf.memory().numTensors;
    const loss = (reverse: boolean) => () => {
      const x = reverse ? reverseGradient(features, 0.7) : features;
      return tf.sum<tf.Scalar>(tf.square(tf.matMul(x as tf.Tensor2D, head)));
    };
    const plain = tf.variableGrads(loss(false), [features, head]);
    const reversed = tf.variableGrads(loss(true), [features, head]);
    expect(await read(reversed.value)).toEqual(await read(plain.value));
    const expected = (await read(plain.grads.grl_features!)).map((g) => -0.7 * g);
    (await read(reversed.grads.grl_features!)).forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 5));
    // The layer behind the reversal (the domain classifier) gets its gradient unchanged.
    expect(await read(reversed.grads.grl_head!)).toEqual(await read(plain.grads.grl_head!));
    tf.dispose([plain.value, reversed.value, ...Object.values(plain.grads), ...Object.values(reversed.grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([features, head]);
  });

  it('ramps λ as 2/(1 + exp(−10p)) − 1: 0 at the start, about 0.99 at the end', () => {
    expect(dannLambda(0)).toBe(0);
    expect(dannLambda(0.5)).toBeCloseTo(2 / (1 + Math.exp(-5)) - 1, 10);
    expect(dannLambda(1)).toBeGreaterThan(0.99);
    expect(dannLambda(2)).toBe(dannLambda(1));
  });
});

describe('maximum mean discrepancy', () => {
  it('is 0 for identical batches and grows with a mean shift', async () => {
    const source = tf.randomNormal<tf.Rank.R2>([32, 8], 0, 1, 'float32', 3);
    const before = tf.memory().numTensors;
    const bandwidth = medianBandwidth(source, source);
    const same = mmd(source, source, bandwidth);
    expect((await same.data())[0]).toBeCloseTo(0, 6);
    const values: number[] = [];
    for (const shift of [0.25, 0.5, 1, 2]) {
      const value = tf.tidy(() => mmd(source, tf.add(source, shift), bandwidth));
      values.push((await value.data())[0]!);
      value.dispose();
    }
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]!);
    expect(values[0]).toBeGreaterThan(0);
    same.dispose();
    expect(tf.memory().numTensors).toBe(before);
    source.dispose();
  });

  it('pools feature maps over space and takes the median squared distance as bandwidth', async () => {
    const a = tf.tensor2d([[0, 0], [3, 4]]);
    const b = tf.tensor2d([[0, 0], [6, 8]]);
    // Pooled off-diagonal squared distances: 0, 25 (three pairs), 100 (two pairs), each counted twice → median 25.
    expect(medianBandwidth(a, b)).toBe(25);
    const maps = tf.ones([4, 3, 3, 5]);
    const value = mmd(maps, maps, 1);
    expect((await value.data())[0]).toBeCloseTo(0, 6);
    tf.dispose([a, b, maps, value]);
  });

  it('finds the same median on the device (no read-back) and passes no gradient through it', async () => {
    const a = tf.tensor2d([[0, 0], [3, 4], [1, 2]]);
    const b = tf.tensor2d([[0, 0], [6, 8], [2, 2]]);
    const onDevice = medianBandwidthTensor(a, b);
    expect((await onDevice.data())[0]).toBeCloseTo(medianBandwidth(a, b), 4);
    const same = tf.tensor2d([[1, 1], [1, 1]]);
    const fallback = medianBandwidthTensor(same, same);
    expect((await fallback.data())[0]).toBe(1);
    const grads = tf.grads((x: tf.Tensor) => medianBandwidthTensor(x as tf.Tensor2D, b))([a]);
    expect(Array.from(await grads[0]!.data())).toEqual([0, 0, 0, 0, 0, 0]);
    tf.dispose([a, b, onDevice, same, fallback, ...grads]);
  });
});
