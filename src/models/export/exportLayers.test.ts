import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArchitecture } from '../catalog';
import { layersArtifacts } from '../modelArchive';
import { useCpuBackend } from '../../engine/testSupport';
import { EXPORT_INPUT_SCALE_LAYER, EXPORT_SOFTMAX_LAYER, TEACHABLE_MACHINE_RESCALE, withExportLayers, withoutExportLayers, type LayersArtifacts } from './exportLayers';

beforeAll(useCpuBackend);

const load = (artifacts: LayersArtifacts) => tf.loadLayersModel(tf.io.fromMemory({
  modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData: artifacts.weightData.slice().buffer,
}));

describe('the layers an export adds', () => {
  for (const architecture of ['small-cnn', 'mini-resnet'] as const) {
    it(`${architecture}: a softmax after the logits and Teachable Machine's rescale in front, removed again on the way back`, async () => {
      const model = buildArchitecture({ architecture, width: 4, inputSize: 16, numClasses: 3, dropout: 0, seed: 4 });
      const tensorsBefore = tf.memory().numTensors;
      const original = await layersArtifacts(model);
      const exported = withExportLayers(original, { softmax: true, inputRescale: TEACHABLE_MACHINE_RESCALE });
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(exported.weightData.byteLength).toBe(original.weightData.byteLength + 6 * 4);

      const asExported = await load(exported);
      expect(asExported.layers[1]!.name).toBe(EXPORT_INPUT_SCALE_LAYER);
      expect(asExported.layers.at(-1)!.name).toBe(EXPORT_SOFTMAX_LAYER);
      const difference = tf.tidy(() => {
        const pixels = tf.randomUniform([4, 16, 16, 3], 0, 255, 'float32', 3).round();
        const studio = tf.softmax(model.predict(pixels.div(127.5).sub(1)) as tf.Tensor2D);
        const teachableMachine = asExported.predict(pixels.div(127).sub(1)) as tf.Tensor2D;
        return studio.sub(teachableMachine).abs().max().dataSync()[0]!;
      });
      expect(difference).toBeLessThan(1e-6);

      const back = withoutExportLayers(exported);
      expect(back.modelTopology).toEqual(original.modelTopology);
      expect(back.weightSpecs).toEqual(original.weightSpecs);
      expect(back.weightData).toEqual(original.weightData);
      // The original artifacts were not touched by either edit.
      expect(JSON.stringify(original.modelTopology)).not.toContain(EXPORT_SOFTMAX_LAYER);
      [model, asExported].forEach((m) => m.dispose());
    });
  }

  it('leaves a model without export layers as it is, and refuses a model that already uses their names', async () => {
    const input = tf.input({ shape: [4, 4, 3] });
    const output = tf.layers.activation({ name: EXPORT_SOFTMAX_LAYER, activation: 'linear' }).apply(tf.layers.flatten().apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    const artifacts = await layersArtifacts(model);
    expect(() => withExportLayers(artifacts, { softmax: true })).toThrow(/already has a layer named "thaw_export_softmax"/);
    const plain = buildArchitecture({ architecture: 'small-cnn', width: 2, inputSize: 8, numClasses: 2, dropout: 0, seed: 1 });
    const plainArtifacts = await layersArtifacts(plain);
    expect(withoutExportLayers(plainArtifacts)).toBe(plainArtifacts);
    [model, plain].forEach((m) => m.dispose());
  });
});
