import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../engine/testSupport';
import { buildSmallCnn } from './smallCnn';
import { findFeatureLayer } from './importedBackbone';
import { loadMobileNet, MOBILENET_FEATURE_LAYER } from './mobilenet';
import { fileSystemHandler, sharedMobileNetDir } from './testFiles';

beforeAll(useCpuBackend);

const sequential = (layers: tf.layers.Layer[]) => {
  const model = tf.sequential();
  layers.forEach((l) => model.add(l));
  return model;
};

describe('where an imported model is cut', () => {
  it('at the input of its global pooling or flatten, where the classifier starts', () => {
    const cnn = buildSmallCnn({ architecture: 'small-cnn', width: 2, inputSize: 16, numClasses: 3, dropout: 0, seed: 1 });
    expect(findFeatureLayer(cnn)).toBe('block3_relu');
    const flat = sequential([
      tf.layers.conv2d({ inputShape: [20, 20, 3], filters: 4, kernelSize: 3, name: 'c1' }),
      tf.layers.reLU({ name: 'r1' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 10, name: 'fc' }),
    ]);
    expect(findFeatureLayer(flat)).toBe('r1');
  });

  it('at the last feature map wider than 1×1 when there is no pooling', () => {
    const model = sequential([
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, padding: 'same', name: 'c1' }),
      tf.layers.conv2d({ filters: 4, kernelSize: 8, name: 'to_1x1' }),
    ]);
    expect(findFeatureLayer(model)).toBe('c1');
  });

  it('refuses models that are not image CNNs, or nest whole models', () => {
    const dense = sequential([tf.layers.dense({ inputShape: [10], units: 4 })]);
    expect(() => findFeatureLayer(dense)).toThrow('must take one RGB image input');
    const gray = sequential([tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3 })]);
    expect(() => findFeatureLayer(gray)).toThrow('must take one RGB image input');
    const oblong = sequential([tf.layers.conv2d({ inputShape: [8, 12, 3], filters: 2, kernelSize: 3 })]);
    expect(() => findFeatureLayer(oblong)).toThrow('its input is 8×12');
    const inner = sequential([tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 3 })]);
    const nested = tf.sequential();
    nested.add(inner);
    nested.add(tf.layers.globalAveragePooling2d({}));
    expect(() => findFeatureLayer(nested)).toThrow('nests a whole model');
  });

  it.skipIf(!sharedMobileNetDir())('cuts the real MobileNet v1 at its last pointwise ReLU (needs ../shared/models)', async () => {
    const mobilenet = await loadMobileNet(fileSystemHandler(sharedMobileNetDir()!));
    expect(findFeatureLayer(mobilenet)).toBe(MOBILENET_FEATURE_LAYER);
    mobilenet.dispose();
  });
});
