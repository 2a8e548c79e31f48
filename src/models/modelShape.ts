import type * as tf from '@tensorflow/tfjs';

/** The shape of a model's (first) input, [batch, height, width, channels] for the studio's models. */
export function inputShapeOf(model: tf.LayersModel): (number | null)[] {
  const input = model.inputs[0];
  if (!input) throw new Error(`The model "${model.name}" has no input`);
  return input.shape;
}

/** The shape of a model's (first) output, [batch, classes] for a classifier. */
export function outputShapeOf(model: tf.LayersModel): (number | null)[] {
  const output = model.outputs[0];
  if (!output) throw new Error(`The model "${model.name}" has no output`);
  return output.shape;
}
