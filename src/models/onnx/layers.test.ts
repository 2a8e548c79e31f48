import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithTfjs, randomInput, randomizeWeights, useBackends } from './testSupport';
import type { OnnxExportOptions } from './index';

beforeAll(useBackends);

const TOLERANCE = 1e-5;
const measured: string[] = [];
afterAll(() => console.log(`max |Δ| probabilities, ONNX vs tfjs:\n${measured.join('\n')}`));

type Sym = tf.SymbolicTensor;
const apply = (layer: tf.layers.Layer, x: Sym | Sym[]) => layer.apply(x) as Sym;

/** A classifier around `body`: input [size, size, 3] → body → flatten (keeps NHWC order in play) → Dense logits. */
function tinyModel(size: number, body: (x: Sym) => Sym, options: { flatten?: boolean; classes?: number } = {}): tf.LayersModel {
  const input = tf.input({ shape: [size, size, 3], name: 'input' });
  let x = body(input);
  if (x.shape.length > 2) x = apply(options.flatten === false ? tf.layers.globalAveragePooling2d({}) : tf.layers.flatten(), x);
  const logits = apply(tf.layers.dense({ units: options.classes ?? 5, name: 'logits' }), x);
  return tf.model({ inputs: input, outputs: logits });
}

async function expectParity(caseName: string, model: tf.LayersModel, seed = 1, options: OnnxExportOptions & { predictIsProbabilities?: boolean } = {}) {
  randomizeWeights(model, seed);
  const input = randomInput(model, 2, seed + 100);
  const { maxAbsDiff, maxProbability } = await compareWithTfjs(model, input, options);
  input.dispose();
  model.dispose();
  measured.push(`  ${caseName}: ${maxAbsDiff.toExponential(2)} (largest probability ${maxProbability.toFixed(3)})`);
  expect(maxAbsDiff, caseName).toBeLessThanOrEqual(TOLERANCE);
  // A comparison of near-uniform rows would prove little.
  expect(maxProbability, `${caseName}: logits too flat to test`).toBeGreaterThan(0.3);
}

const conv = (args: Parameters<typeof tf.layers.conv2d>[0]) => (x: Sym) => apply(tf.layers.conv2d(args), x);

describe('layersModelToOnnx matches tfjs layer by layer', () => {
  it('Conv2D: same padding with stride 2 on odd and even sizes, kernels 3 and 4, bias, fused relu', async () => {
    for (const [size, kernelSize] of [[9, 3], [7, 4], [8, 3], [8, 4]] as const) {
      await expectParity(`conv2d same k${kernelSize} s2 ${size}x${size}`, tinyModel(size, conv({ filters: 4, kernelSize, strides: 2, padding: 'same', activation: 'relu' })));
    }
  });

  it('Conv2D: valid padding, dilation 2, no bias, strides (2, 1)', async () => {
    await expectParity('conv2d valid dilation 2', tinyModel(9, conv({ filters: 3, kernelSize: 3, dilationRate: 2, useBias: false })));
    await expectParity('conv2d valid strides [2,1]', tinyModel(9, conv({ filters: 3, kernelSize: [3, 2], strides: [2, 1] })));
    await expectParity('conv2d same dilation 2', tinyModel(9, conv({ filters: 3, kernelSize: 3, dilationRate: 2, padding: 'same' })));
  });

  it('DepthwiseConv2D with depth multipliers 1 and 2, same stride 2, fused relu6', async () => {
    for (const depthMultiplier of [1, 2]) {
      await expectParity(`depthwise m${depthMultiplier}`, tinyModel(9, (x) => {
        const y = conv({ filters: 4, kernelSize: 1 })(x);
        return apply(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier, strides: 2, padding: 'same', activation: 'relu6' }), y);
      }));
    }
  });

  it('SeparableConv2D, same stride 2, multiplier 2, fused elu', async () => {
    await expectParity('separable', tinyModel(9, (x) =>
      apply(tf.layers.separableConv2d({ filters: 5, kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same', activation: 'elu' }), x)));
  });

  it('BatchNormalization on feature maps and vectors, with and without center and scale', async () => {
    for (const [center, scale] of [[true, true], [false, true], [true, false], [false, false]] as const) {
      await expectParity(`batchnorm center=${center} scale=${scale}`, tinyModel(7, (x) => {
        const y = apply(tf.layers.batchNormalization({ center, scale, epsilon: 0.01 }), conv({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' })(x));
        const v = apply(tf.layers.dense({ units: 6 }), apply(tf.layers.flatten(), y));
        return apply(tf.layers.batchNormalization({ center, scale }), v);
      }));
    }
  });

  it('every supported activation, fused into Conv2D', async () => {
    const activations = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'elu', 'selu', 'softplus', 'softsign', 'hardSigmoid', 'swish', 'mish', 'gelu', 'softmax', 'logSoftmax'];
    for (const activation of activations) {
      await expectParity(`activation ${activation}`, tinyModel(5, conv({ filters: 4, kernelSize: 3, padding: 'same', activation: activation as 'relu' })));
    }
  });

  it('activation layers: ReLU (with max_value), LeakyReLU, ELU, ThresholdedReLU, Softmax, Activation, Rescaling', async () => {
    const layers: [string, () => tf.layers.Layer][] = [
      ['ReLU', () => tf.layers.reLU({})],
      ['ReLU max 0.5', () => tf.layers.reLU({ maxValue: 0.5 })],
      ['LeakyReLU 0.2', () => tf.layers.leakyReLU({ alpha: 0.2 })],
      ['ELU', () => tf.layers.elu({})],
      ['ThresholdedReLU 0.3', () => tf.layers.thresholdedReLU({ theta: 0.3 })],
      // tfjs's Softmax layer defaults to axis 1, and its softmax runs over the last axis only.
      ['Softmax', () => tf.layers.softmax({ axis: -1 })],
      ['Activation tanh', () => tf.layers.activation({ activation: 'tanh' })],
      ['Rescaling', () => tf.layers.rescaling({ scale: 1 / 127.5, offset: -1 })],
    ];
    for (const [name, layer] of layers) {
      await expectParity(`layer ${name}`, tinyModel(5, (x) => apply(layer(), conv({ filters: 4, kernelSize: 3 })(x))));
    }
  });

  it('pooling: Max and Average, same (odd sizes, count excluding padding) and valid', async () => {
    for (const [name, make] of [['max', tf.layers.maxPooling2d], ['average', tf.layers.averagePooling2d]] as const) {
      await expectParity(`${name} pool same 3/2 9x9`, tinyModel(9, (x) => apply(make({ poolSize: 3, strides: 2, padding: 'same' }), x)));
      await expectParity(`${name} pool same 2/2 7x7`, tinyModel(7, (x) => apply(make({ poolSize: 2, padding: 'same' }), x)));
      await expectParity(`${name} pool valid 2/1 7x7`, tinyModel(7, (x) => apply(make({ poolSize: 2, strides: 1, padding: 'valid' }), x)));
    }
  });

  it('global pooling: average and max', async () => {
    await expectParity('global average pool', tinyModel(7, (x) => apply(tf.layers.globalAveragePooling2d({}), conv({ filters: 6, kernelSize: 3 })(x))));
    await expectParity('global max pool', tinyModel(7, (x) => apply(tf.layers.globalMaxPooling2d({}), conv({ filters: 6, kernelSize: 3 })(x))));
  });

  it('merges: Add, Multiply (broadcast squeeze-excite), Average, Maximum, Minimum', async () => {
    const branches = (x: Sym): [Sym, Sym] => [conv({ filters: 4, kernelSize: 3, padding: 'same' })(x), conv({ filters: 4, kernelSize: 1 })(x)];
    const merges: [string, () => tf.layers.Layer][] = [
      ['Add', () => tf.layers.add({})], ['Multiply', () => tf.layers.multiply({})],
      ['Average', () => tf.layers.average({})], ['Maximum', () => tf.layers.maximum({})], ['Minimum', () => tf.layers.minimum({})],
    ];
    for (const [name, merge] of merges) await expectParity(`merge ${name}`, tinyModel(7, (x) => apply(merge(), branches(x))));
    await expectParity('merge Add of three', tinyModel(7, (x) => apply(tf.layers.add({}), [...branches(x), conv({ filters: 4, kernelSize: 3, padding: 'same' })(x)])));
    // A [N, 1, 1, C] gate (held in TF layout after the Reshape) times a [N, H, W, C] map (held NCHW).
    await expectParity('squeeze-excite multiply', tinyModel(7, (x) => {
      const y = conv({ filters: 4, kernelSize: 3, padding: 'same' })(x);
      const gate = apply(tf.layers.reshape({ targetShape: [1, 1, 4] }), apply(tf.layers.dense({ units: 4, activation: 'sigmoid' }), apply(tf.layers.globalAveragePooling2d({}), y)));
      return apply(tf.layers.multiply({}), [y, gate]);
    }));
  });

  it('Concatenate on the channel axis and on a spatial axis', async () => {
    for (const axis of [-1, 3, 1, 2]) {
      await expectParity(`concatenate axis ${axis}`, tinyModel(7, (x) =>
        apply(tf.layers.concatenate({ axis }), [conv({ filters: 3, kernelSize: 3, padding: 'same' })(x), conv({ filters: 3, kernelSize: 1 })(x)])));
    }
  });

  it('Dense with fused activation after GlobalAveragePooling, and a head ending in softmax (no second softmax)', async () => {
    await expectParity('dense relu', tinyModel(7, (x) => apply(tf.layers.dense({ units: 8, activation: 'relu' }), apply(tf.layers.globalAveragePooling2d({}), conv({ filters: 6, kernelSize: 3 })(x)))));
    const input = tf.input({ shape: [7, 7, 3] });
    const probabilities = apply(tf.layers.dense({ units: 4, activation: 'softmax' }), apply(tf.layers.flatten(), conv({ filters: 4, kernelSize: 3 })(input)));
    await expectParity('dense softmax (auto: no softmax appended)', tf.model({ inputs: input, outputs: probabilities }), 1, { predictIsProbabilities: true });
  });

  it('Flatten and Reshape read feature maps in NHWC order', async () => {
    await expectParity('reshape to [HW, C] then flatten', tinyModel(7, (x) => apply(tf.layers.reshape({ targetShape: [9, 4] }), conv({ filters: 4, kernelSize: 3, strides: 2 })(x))));
    await expectParity('reshape to [H·W·C] then dense', tinyModel(7, (x) => apply(tf.layers.reshape({ targetShape: [36] }), conv({ filters: 4, kernelSize: 3, strides: 2 })(x))));
    await expectParity('reshape rank 4 → conv', tinyModel(6, (x) => conv({ filters: 3, kernelSize: 2 })(apply(tf.layers.reshape({ targetShape: [3, 12, 3] }), x))));
  });

  it('ZeroPadding2D (asymmetric) and the inference-time identities: dropouts and noise', async () => {
    await expectParity('zero padding [[1,2],[0,1]]', tinyModel(7, (x) => conv({ filters: 3, kernelSize: 3 })(apply(tf.layers.zeroPadding2d({ padding: [[1, 2], [0, 1]] }), x))));
    await expectParity('dropouts and noise', tinyModel(7, (x) => {
      let y = conv({ filters: 4, kernelSize: 3 })(x);
      y = apply(tf.layers.spatialDropout1d({ rate: 0.5 }), apply(tf.layers.reshape({ targetShape: [25, 4] }), y));
      y = apply(tf.layers.reshape({ targetShape: [5, 5, 4] }), y);
      for (const layer of [tf.layers.dropout({ rate: 0.5 }), tf.layers.gaussianNoise({ stddev: 1 }), tf.layers.gaussianDropout({ rate: 0.5 }), tf.layers.alphaDropout({ rate: 0.5 })]) y = apply(layer, y);
      return y;
    }));
  });

  it('an input of unknown height and width (SAME_UPPER padding instead of explicit pads)', async () => {
    const input = tf.input({ shape: [null, null, 3] });
    let x = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(input) as Sym;
    x = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same' }).apply(x) as Sym;
    x = tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(x) as Sym;
    x = tf.layers.globalAveragePooling2d({}).apply(x) as Sym;
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 4 }).apply(x) as Sym });
    randomizeWeights(model, 9);
    for (const size of [8, 9, 12]) {
      const batch = randomInput(model, 2, size, -1, 1, size);
      const { maxAbsDiff, maxProbability } = await compareWithTfjs(model, batch);
      batch.dispose();
      measured.push(`  unknown spatial size, run at ${size}x${size}: ${maxAbsDiff.toExponential(2)} (largest probability ${maxProbability.toFixed(3)})`);
      expect(maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
    }
    model.dispose();
  });

  it('a Sequential model (its input layer is implicit)', async () => {
    const model = tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [9, 9, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3 }),
    ] });
    await expectParity('sequential', model);
  });
});
