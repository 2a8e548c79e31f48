import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../contract';
import { BUILT_IN_BACKBONE, modelOnBuiltInBackbone } from '../builtIn';
import { buildArchitecture } from '../catalog';
import { attachHead, MOBILENET_VARIANTS } from '../mobilenet';
import { atInputSize } from '../pretrained';
import { fileSystemHandler, sharedMobileNetDir } from '../testFiles';
import { layersModelToOnnx, ONNX_IR_VERSION, ONNX_OPSET, OnnxExportError } from './index';
import { compareWithTfjs, randomInput, randomizeWeights, useBackends } from './testSupport';

beforeAll(useBackends);

const TOLERANCE = 1e-5;
const measured: string[] = [];
afterAll(() => console.log(`max |Δ| probabilities, ONNX vs tfjs:\n${measured.join('\n')}`));

function record(caseName: string, maxAbsDiff: number, maxProbability?: number) {
  measured.push(`  ${caseName}: ${maxAbsDiff.toExponential(2)}${maxProbability === undefined ? '' : ` (largest probability ${maxProbability.toFixed(3)})`}`);
  expect(maxAbsDiff, caseName).toBeLessThanOrEqual(TOLERANCE);
}

const spec = (overrides: Partial<ModelSpec>): ModelSpec => ({
  architecture: 'small-cnn', width: 4, inputSize: 17, numClasses: 5, dropout: 0.3, seed: 3, headHiddenUnits: 6, ...overrides,
});

const builtInDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../public', BUILT_IN_BACKBONE.directory);
const mobileNetDir = sharedMobileNetDir();

describe('layersModelToOnnx on the studio\'s models', () => {
  // k3/s2 SAME pads asymmetrically (the odd row at the bottom) on even sizes, symmetrically on odd ones: test both.
  for (const architecture of ['small-cnn', 'mini-resnet'] as const) {
    for (const inputSize of [16, 17]) {
      it(`${architecture} at ${inputSize} px, with a hidden head layer (BatchNorm) and dropout, random BatchNorm statistics`, async () => {
        const model = buildArchitecture(spec({ architecture, inputSize }));
        randomizeWeights(model, 11);
        const input = randomInput(model, 3, 12);
        const { maxAbsDiff, maxProbability } = await compareWithTfjs(model, input);
        record(`${architecture} ${inputSize} px`, maxAbsDiff, maxProbability);
        tf.dispose(input);
        model.dispose();
      });
    }
  }

  it('the built-in pretrained backbone with a new head, at 48 px', async () => {
    const model = await modelOnBuiltInBackbone(await tf.loadLayersModel(fileSystemHandler(builtInDir)), { ...spec({}), architecture: 'thaw-shapes-cnn', inputSize: 48 });
    const input = randomInput(model, 2, 5, 0, 1);
    const { maxAbsDiff, maxProbability } = await compareWithTfjs(model, input);
    record('thaw-shapes-cnn + head at 48 px (pretrained weights, fresh head)', maxAbsDiff, maxProbability);
    tf.dispose(input);
    model.dispose();
  });

  it.skipIf(!mobileNetDir)(`ImageNet MobileNet v1 0.25 at 224 px, whole (ends in softmax + reshape: no softmax appended)${mobileNetDir ? '' : ' — skipped: ../shared/models/mobilenet_v1_0.25_224 is absent'}`, async () => {
    const model = await tf.loadLayersModel(fileSystemHandler(mobileNetDir!));
    const input = randomInput(model, 2, 7);
    const { maxAbsDiff, maxProbability, onnxBytes } = await compareWithTfjs(model, input, { predictIsProbabilities: true, labels: Array.from({ length: 1000 }, (_, i) => `class ${i}`) });
    record(`MobileNet v1 0.25 224 px, whole model (${(onnxBytes / 1e6).toFixed(2)} MB ONNX)`, maxAbsDiff, maxProbability);
    tf.dispose(input);
    model.dispose();
  });

  it.skipIf(!mobileNetDir)('MobileNet v1 0.25 as the studio fine-tunes it: resized to 96 px, cut at its last feature map, new head', async () => {
    const backbone = await atInputSize(await tf.loadLayersModel(fileSystemHandler(mobileNetDir!)), 96);
    const model = attachHead(backbone, MOBILENET_VARIANTS.v025.featureLayer, { numClasses: 4, dropout: 0.2, seed: 1, hiddenUnits: 8 });
    randomizeWeights(model, 2); // all of it: a fresh head alone gives near-uniform probabilities
    const input = randomInput(model, 2, 8);
    const { maxAbsDiff, maxProbability } = await compareWithTfjs(model, input);
    record('MobileNet v1 0.25 fine-tune model at 96 px', maxAbsDiff, maxProbability);
    tf.dispose(input);
    model.dispose();
  });
});

describe('the exported file', () => {
  it('has one input "image" [batch, H, W, 3], one output "probabilities" [batch, classes], labels in its metadata', async () => {
    const model = buildArchitecture(spec({ inputSize: 9, numClasses: 3 }));
    const bytes = layersModelToOnnx(model, { labels: ['a', 'b', 'c'], producerVersion: '0.1.0', docString: 'test' });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['image']);
    expect(session.outputNames).toEqual(['probabilities']);
    const feed = new ort.Tensor('float32', new Float32Array(4 * 9 * 9 * 3), [4, 9, 9, 3]);
    const result = await session.run({ image: feed });
    expect(result.probabilities!.dims).toEqual([4, 3]);
    await session.release();
    // The labels JSON is stored verbatim in ModelProto.metadata_props.
    expect(new TextDecoder().decode(bytes)).toContain('["a","b","c"]');
    expect([ONNX_OPSET, ONNX_IR_VERSION]).toEqual([13, 7]);
    expect(() => layersModelToOnnx(model, { labels: ['a'] })).toThrow(OnnxExportError);
    model.dispose();
  });

  it('exports a layer that another model also applies (only this graph\'s node counts)', async () => {
    const conv = tf.layers.conv2d({ name: 'reused_conv', filters: 3, kernelSize: 3, padding: 'same' });
    const input = tf.input({ shape: [8, 8, 3] });
    const logits = tf.layers.dense({ units: 4 }).apply(tf.layers.flatten().apply(conv.apply(input))) as tf.SymbolicTensor;
    conv.apply(tf.input({ shape: [8, 8, 3] })); // a second inbound node, in no model being exported
    const model = tf.model({ inputs: input, outputs: logits });
    randomizeWeights(model, 4);
    const x = randomInput(model, 2, 4);
    const { maxAbsDiff, maxProbability } = await compareWithTfjs(model, x);
    record('layer with a second node outside the model', maxAbsDiff, maxProbability);
    tf.dispose(x);
    model.dispose();
  });

  it('appendSoftmax: false leaves the logits as they are', async () => {
    const model = buildArchitecture(spec({ inputSize: 9, numClasses: 3 }));
    randomizeWeights(model, 6);
    const x = randomInput(model, 2, 6);
    const { maxAbsDiff } = await compareWithTfjs(model, x, { appendSoftmax: false, predictIsProbabilities: true });
    record('appendSoftmax false (logits, not probabilities)', maxAbsDiff);
    tf.dispose(x);
    model.dispose();
  });

  it('leaves no tensors behind', () => {
    const model = buildArchitecture(spec({ architecture: 'mini-resnet' }));
    const before = tf.memory().numTensors;
    layersModelToOnnx(model);
    layersModelToOnnx(model);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('writes the same bytes for the same model', () => {
    const model = buildArchitecture(spec({}));
    expect(layersModelToOnnx(model)).toEqual(layersModelToOnnx(model));
    model.dispose();
  });
});

describe('what cannot be exported is refused, naming the layers', () => {
  const refusal = (model: tf.LayersModel): string => {
    try {
      layersModelToOnnx(model);
    } catch (error) {
      expect(error).toBeInstanceOf(OnnxExportError);
      return (error as Error).message;
    } finally {
      model.dispose();
    }
    throw new Error('exported without complaint');
  };

  it('an LSTM and a Conv2DTranspose, both named in one message', () => {
    const input = tf.input({ shape: [6, 6, 3] });
    const up = tf.layers.conv2dTranspose({ name: 'up', filters: 2, kernelSize: 3 }).apply(input) as tf.SymbolicTensor;
    const seq = tf.layers.reshape({ targetShape: [8, 32] }).apply(up) as tf.SymbolicTensor;
    const lstm = tf.layers.lstm({ name: 'memory', units: 4 }).apply(seq) as tf.SymbolicTensor;
    const message = refusal(tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(lstm) as tf.SymbolicTensor }));
    expect(message).toContain('"up" (Conv2DTranspose)');
    expect(message).toContain('"memory" (LSTM)');
  });

  it('a layer applied twice, a nested model, two outputs', () => {
    const input = tf.input({ shape: [5, 5, 3] });
    const shared = tf.layers.conv2d({ name: 'shared_conv', filters: 3, kernelSize: 1 });
    const twice = shared.apply(shared.apply(input)) as tf.SymbolicTensor;
    const pooled = tf.layers.globalAveragePooling2d({}).apply(twice) as tf.SymbolicTensor;
    expect(refusal(tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(pooled) as tf.SymbolicTensor }))).toContain('"shared_conv" (Conv2D) is applied 2 times');

    const inner = tf.sequential({ name: 'inner', layers: [tf.layers.conv2d({ inputShape: [5, 5, 3], filters: 2, kernelSize: 1 }), tf.layers.flatten()] });
    const outer = tf.input({ shape: [5, 5, 3] });
    const logits = tf.layers.dense({ units: 2 }).apply(inner.apply(outer)) as tf.SymbolicTensor;
    expect(refusal(tf.model({ inputs: outer, outputs: logits }))).toContain('"inner" (Sequential) is a nested model');

    const a = tf.layers.dense({ units: 2 }).apply(tf.layers.flatten().apply(outer)) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 3 }).apply(tf.layers.flatten().apply(outer)) as tf.SymbolicTensor;
    expect(refusal(tf.model({ inputs: outer, outputs: [a, b] }))).toContain('2 outputs');
  });

  it('an unsupported activation or configuration, naming the layer', () => {
    const input = tf.input({ shape: [5, 5, 3] });
    const flat = (x: tf.SymbolicTensor) => tf.layers.dense({ units: 2 }).apply(tf.layers.flatten().apply(x)) as tf.SymbolicTensor;
    const gelu = tf.layers.conv2d({ name: 'gelu_conv', filters: 2, kernelSize: 1, activation: 'gelu_new' }).apply(input) as tf.SymbolicTensor;
    expect(refusal(tf.model({ inputs: input, outputs: flat(gelu) }))).toMatch(/activation "gelu_new" of layer "gelu_conv" \(Conv2D\)/);
    // BatchNorm over the rows of the image (axis 1) rather than its channels.
    const bn = tf.layers.batchNormalization({ name: 'bn_rows', axis: 1 }).apply(input) as tf.SymbolicTensor;
    expect(refusal(tf.model({ inputs: input, outputs: flat(bn) }))).toMatch(/"bn_rows" \(BatchNormalization\): axis 1/);
  });
});
