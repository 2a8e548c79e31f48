import type * as tf from '@tensorflow/tfjs';

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
): tf.Tensor {
  const values = new Map<number, tf.Tensor>();
  values.set(model.inputs[0].id, input);
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    const node = layer.inboundNodes.find((n) => n.inputTensors.every((t) => values.has(t.id)));
    if (!node) throw new Error(`Layer ${layer.name} has no computable input in this model`);
    const inputs = node.inputTensors.map((t) => values.get(t.id)!);
    const output = layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: isLayerTraining(layer.name) });
    const outputs = Array.isArray(output) ? output : [output];
    node.outputTensors.forEach((symbolic, i) => values.set(symbolic.id, outputs[i] as tf.Tensor));
  }
  const result = values.get(model.outputs[0].id);
  if (!result) throw new Error('Model output was not computed');
  return result;
}
