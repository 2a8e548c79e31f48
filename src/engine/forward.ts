import type * as tf from '@tensorflow/tfjs';
import { dropout as tfDropout } from '@tensorflow/tfjs';

/**
 * Runs a functional tfjs model layer by layer so that each layer gets its own `training` flag.
 * tfjs-layers' BatchNormalization ignores `trainable` and follows only `training`, so this is how a
 * frozen block's BatchNorm runs in inference mode (moving statistics used, not updated) while a
 * thawed block's BatchNorm trains in the same forward pass.
 */
export function forwardWithPerLayerTraining(
  model: tf.LayersModel,
  input: tf.Tensor,
  isLayerTraining: (layerName: string) => boolean,
  nextDropoutSeed?: () => number,
): tf.Tensor {
  const values = new Map<number, tf.Tensor>();
  values.set(model.inputs[0].id, input);
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    const node = layer.inboundNodes.find((n) => n.inputTensors.every((t) => values.has(t.id)));
    if (!node) throw new Error(`Layer ${layer.name} has no computable input in this model`);
    const inputs = node.inputTensors.map((t) => values.get(t.id)!);
    const training = isLayerTraining(layer.name);
    const output = training && nextDropoutSeed && layer.getClassName() === 'Dropout'
      ? seededDropout(layer, inputs[0], nextDropoutSeed())
      : layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training });
    const outputs = Array.isArray(output) ? output : [output];
    node.outputTensors.forEach((symbolic, i) => values.set(symbolic.id, outputs[i] as tf.Tensor));
  }
  const result = values.get(model.outputs[0].id);
  if (!result) throw new Error('Model output was not computed');
  return result;
}

/**
 * tfjs's Dropout layer either draws an unseeded mask (runs not reproducible) or, given a seed, the
 * same mask at every step. A fresh seed from the run's RNG per step gives both variety and replay.
 */
function seededDropout(layer: tf.layers.Layer, x: tf.Tensor, seed: number): tf.Tensor {
  const { rate } = layer as unknown as { rate: number };
  return rate > 0 ? tfDropout(x, rate, undefined, seed) : x;
}
