// What a converter is given, and the helpers converters share to read configs and weights.
import type * as tf from '@tensorflow/tfjs';
import { emitActivation } from './activations';
import { OnnxExportError } from './errors';
import type { GraphBuilder, Layout, Value } from './graphBuilder';
import { layerWeights, type WeightArray } from './weights';

/** One layer applied once, with its inputs already in the graph. */
export interface LayerCall {
  g: GraphBuilder;
  layer: tf.layers.Layer;
  config: tf.serialization.ConfigDict;
  inputs: readonly Value[];
  /** The layer's output shape as tfjs computed it (TF order). */
  outputShape: readonly (number | null)[];
  /** `"name" (Class)`, for error messages. */
  label: string;
}

export type Converter = (call: LayerCall) => Value;

// ---- reading configs, refusing what the converters do not model -------------------------------

export const refuse = (call: LayerCall, why: string): never => {
  throw new OnnxExportError(`ONNX export does not support layer ${call.label}: ${why}`);
};

export function numberField(call: LayerCall, key: string): number {
  const value = call.config[key];
  return typeof value === 'number' ? value : refuse(call, `its ${key} is ${JSON.stringify(value)}, not a number`);
}

export function pairField(call: LayerCall, key: string): [number, number] {
  const value = call.config[key];
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) return [value[0] as number, value[1] as number];
  return refuse(call, `its ${key} is ${JSON.stringify(value)}, not one or two numbers`);
}

export function requireChannelsLast(call: LayerCall): void {
  const format = call.config.dataFormat;
  if (format != null && format !== 'channelsLast') refuse(call, `data format ${JSON.stringify(format)} (only channels-last is exported)`);
}

export function onlyInput(call: LayerCall, rank?: number): Value {
  if (call.inputs.length !== 1) refuse(call, `it takes ${call.inputs.length} inputs`);
  const input = call.inputs[0]!;
  if (rank !== undefined && input.shape.length !== rank) refuse(call, `its input has rank ${input.shape.length}, not ${rank}`);
  return input;
}

export const out = (call: LayerCall, name: string, layout: Layout): Value => ({ name, shape: call.outputShape, layout });

/** `name` through the layer's fused `activation`. */
export function withActivation(call: LayerCall, name: string, layout: Layout): Value {
  const { activation } = call.config;
  return emitActivation(call.g, out(call, name, layout), activation, `${call.layer.name}/${typeof activation === 'string' ? activation : 'activation'}`, call.label);
}

/** The kernel(s) and, when use_bias, the bias, checked against what the layer's build() makes. */
export function kernelsAndBias(call: LayerCall, kernels: number): { kernels: WeightArray[]; bias?: WeightArray } {
  const weights = layerWeights(call.layer);
  const useBias = call.config.useBias !== false;
  if (weights.length !== kernels + (useBias ? 1 : 0)) refuse(call, `it has ${weights.length} weights`);
  return { kernels: weights.slice(0, kernels), bias: useBias ? weights[kernels] : undefined };
}
