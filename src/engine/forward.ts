import type * as tf from '@tensorflow/tfjs';
import { dropout as tfDropout } from '@tensorflow/tfjs';
import { valueAt } from './arrays';

export type LayerTrainingFlag = (layerName: string) => boolean;

/**
 * Runs a functional tfjs model layer by layer so that each layer gets its own `training` flag.
 * tfjs-layers' BatchNormalization ignores `trainable` and follows only `training`, so this is how a
 * frozen block's BatchNorm runs in inference mode (moving statistics used, not updated) while a
 * thawed block's BatchNorm trains in the same forward pass.
 */
export function forwardWithPerLayerTraining(
  model: tf.LayersModel,
  input: tf.Tensor,
  isLayerTraining: LayerTrainingFlag,
  nextDropoutSeed?: () => number,
): tf.Tensor {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  return runLayers(layers, valueAt(model.inputs, 0).id, input, valueAt(model.outputs, 0).id, isLayerTraining, nextDropoutSeed);
}

/**
 * Runs `layers` (in forward order) starting from a known value of the symbolic tensor `startId`
 * and returns the value of `endId`. This is how a model is split at a block boundary: the frozen
 * prefix once, into cached features, and the trainable suffix at every step.
 */
export function runLayers(
  layers: tf.layers.Layer[],
  startId: number,
  start: tf.Tensor,
  endId: number,
  isLayerTraining: LayerTrainingFlag,
  nextDropoutSeed?: () => number,
): tf.Tensor {
  return computeInto(layers, new Map<number, tf.Tensor>([[startId, start]]), endId, isLayerTraining, nextDropoutSeed);
}

/**
 * Runs `layers` (in forward order) from the values already known in `values` (symbolic tensor id → value),
 * adding each layer's outputs to it, until `endId` has a value. Grad-CAM uses it to keep every value of a
 * prefix and to run the suffix from a feature map it differentiates against.
 */
export function computeInto(
  layers: tf.layers.Layer[],
  values: Map<number, tf.Tensor>,
  endId: number,
  isLayerTraining: LayerTrainingFlag,
  nextDropoutSeed?: () => number,
): tf.Tensor {
  for (const layer of layers) {
    const computable = computableNode(layer, values);
    if (!computable) throw new Error(`Layer ${layer.name} has no computable input here`);
    const { node, inputs } = computable;
    const [first, ...others] = inputs;
    if (!first) throw new Error(`Layer ${layer.name} has no input`);
    const training = isLayerTraining(layer.name);
    const output = training && nextDropoutSeed && layer.getClassName() === 'Dropout'
      ? seededDropout(layer, first, nextDropoutSeed())
      : layer.apply(others.length === 0 ? first : inputs, { training });
    const outputs = Array.isArray(output) ? output : [output];
    node.outputTensors.forEach((symbolic, i) => values.set(symbolic.id, outputs[i] as tf.Tensor));
    if (values.has(endId)) break;
  }
  const result = values.get(endId);
  if (!result) throw new Error('The requested output was not computed');
  return result;
}

type InboundNode = tf.layers.Layer['inboundNodes'][number];

/** The first inbound node of `layer` whose inputs all have values, with those values. */
function computableNode(layer: tf.layers.Layer, values: ReadonlyMap<number, tf.Tensor>): { node: InboundNode; inputs: tf.Tensor[] } | null {
  for (const node of layer.inboundNodes) {
    const inputs = node.inputTensors.map((t) => values.get(t.id));
    if (inputs.every((v): v is tf.Tensor => v !== undefined)) return { node, inputs };
  }
  return null;
}

/**
 * tfjs's Dropout layer either draws an unseeded mask (runs not reproducible) or, given a seed, the
 * same mask at every step. A fresh seed from the run's RNG per step gives both variety and replay.
 */
function seededDropout(layer: tf.layers.Layer, x: tf.Tensor, seed: number): tf.Tensor {
  const { rate } = layer as unknown as { rate: number };
  return rate > 0 ? tfDropout(x, rate, undefined, seed) : x;
}
