// Converters of the spatial layers (convolutions, pooling, padding), all computed in NCHW.
import type { GraphBuilder, Value } from './graphBuilder';
import { kernelsAndBias, onlyInput, out, pairField, refuse, requireChannelsLast, withActivation, type Converter, type LayerCall } from './layerCall';
import type { OnnxAttributeValue } from './onnxProto';
import { convKernel, depthwiseKernel, type WeightArray } from './weights';

/** TF's SAME padding along one axis: the output is ceil(in / stride), the odd pixel goes at the end. */
function samePadding(size: number, kernel: number, stride: number, dilation: number): [number, number] {
  const outSize = Math.ceil(size / stride);
  const total = Math.max((outSize - 1) * stride + (kernel - 1) * dilation + 1 - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** Conv / pooling attributes for a window over the NHWC input `x`. */
function windowAttributes(
  call: LayerCall, x: Value, kernel: [number, number], strides: [number, number], dilations: [number, number],
): Record<string, OnnxAttributeValue> {
  const attributes: Record<string, OnnxAttributeValue> = { kernel_shape: { ints: kernel }, strides: { ints: strides } };
  const padding = call.config.padding;
  if (padding === 'valid') return attributes;
  if (padding !== 'same') return refuse(call, `padding ${JSON.stringify(padding)}`);
  const [height, width] = [x.shape[1], x.shape[2]];
  if (typeof height === 'number' && typeof width === 'number') {
    const [top, bottom] = samePadding(height, kernel[0], strides[0], dilations[0]);
    const [left, right] = samePadding(width, kernel[1], strides[1], dilations[1]);
    attributes.pads = { ints: [top, left, bottom, right] };
  } else {
    // Unknown spatial size: ONNX's SAME_UPPER is TF's SAME (extra padding at the bottom and right).
    attributes.auto_pad = { string: 'SAME_UPPER' };
  }
  return attributes;
}

/** The Conv attributes of the layer's own window over `x`: its kernel, strides, dilation and padding. */
function layerWindow(call: LayerCall, x: Value, weight: WeightArray): Record<string, OnnxAttributeValue> {
  const kernel: [number, number] = [weight.shape[2]!, weight.shape[3]!];
  const dilations = pairField(call, 'dilationRate');
  return { ...windowAttributes(call, x, kernel, pairField(call, 'strides'), dilations), dilations: { ints: dilations } };
}

/** One ONNX Conv of the NCHW tensor `input` with `weight` [out, in / group, kh, kw], named `base`. */
function conv(
  g: GraphBuilder, input: string, base: string, weight: WeightArray, bias: WeightArray | undefined, group: number,
  attributes: Record<string, OnnxAttributeValue>,
): string {
  const inputs = [input, g.floats(`${base}/weight`, weight.shape, weight.data)];
  if (bias) inputs.push(g.floats(`${base}/bias`, bias.shape, bias.data));
  return g.node('Conv', inputs, base, { ...attributes, group: { int: group } });
}

export const conv2d: Converter = (call) => {
  requireChannelsLast(call);
  const x = call.g.inLayout(onlyInput(call, 4), 'nchw');
  const { kernels: [kernel], bias } = kernelsAndBias(call, 1);
  const weight = convKernel(kernel!);
  return withActivation(call, conv(call.g, x.name, call.layer.name, weight, bias, 1, layerWindow(call, x, weight)), 'nchw');
};

export const depthwiseConv2d: Converter = (call) => {
  requireChannelsLast(call);
  const x = call.g.inLayout(onlyInput(call, 4), 'nchw');
  const { kernels: [kernel], bias } = kernelsAndBias(call, 1);
  const weight = depthwiseKernel(kernel!);
  const channels = kernel!.shape[2]!;
  return withActivation(call, conv(call.g, x.name, call.layer.name, weight, bias, channels, layerWindow(call, x, weight)), 'nchw');
};

/** tfjs: a depthwise conv (with the layer's strides, padding and dilation), then a 1×1 conv and the bias. */
export const separableConv2d: Converter = (call) => {
  requireChannelsLast(call);
  const x = call.g.inLayout(onlyInput(call, 4), 'nchw');
  const { kernels: [depthwise, pointwise], bias } = kernelsAndBias(call, 2);
  const name = call.layer.name;
  const dwWeight = depthwiseKernel(depthwise!);
  const dw = conv(call.g, x.name, `${name}/depthwise`, dwWeight, undefined, depthwise!.shape[2]!, layerWindow(call, x, dwWeight));
  const y = conv(call.g, dw, name, convKernel(pointwise!), bias, 1, { kernel_shape: { ints: [1, 1] } });
  return withActivation(call, y, 'nchw');
};

export const pooling = (opType: 'MaxPool' | 'AveragePool'): Converter => (call) => {
  requireChannelsLast(call);
  const x = onlyInput(call, 4);
  const poolSize = pairField(call, 'poolSize');
  const strides = call.config.strides == null ? poolSize : pairField(call, 'strides');
  const attributes = windowAttributes(call, x, poolSize, strides, [1, 1]);
  // TF's average pooling divides by the pixels inside the image only.
  if (opType === 'AveragePool') attributes.count_include_pad = { int: 0 };
  return out(call, call.g.node(opType, [call.g.inLayout(x, 'nchw').name], call.layer.name, attributes), 'nchw');
};

export const globalPooling = (opType: 'GlobalAveragePool' | 'GlobalMaxPool'): Converter => (call) => {
  requireChannelsLast(call);
  const x = call.g.inLayout(onlyInput(call, 4), 'nchw');
  const pooled = call.g.node(opType, [x.name], `${call.layer.name}/pool`);
  // [N, C, 1, 1] → [N, C], which is TF's [N, C] as it stands.
  return out(call, call.g.node('Flatten', [pooled], call.layer.name, { axis: { int: 1 } }), 'tf');
};

export const zeroPadding2d: Converter = (call) => {
  requireChannelsLast(call);
  const x = call.g.inLayout(onlyInput(call, 4), 'nchw');
  const padding = call.config.padding;
  const flat = Array.isArray(padding) ? padding.flat() : [];
  if (flat.length !== 4 || !flat.every((p) => typeof p === 'number')) refuse(call, `padding ${JSON.stringify(padding)}`);
  const [top, bottom, left, right] = flat as number[];
  const pads = call.g.int64s(`${call.layer.name}/pads`, [0, 0, top!, left!, 0, 0, bottom!, right!]);
  return out(call, call.g.node('Pad', [x.name, pads], call.layer.name, { mode: { string: 'constant' } }), 'nchw');
};
