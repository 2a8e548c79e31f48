// Every converter by tfjs class name: the spatial ones come from spatialConverters, the rest live here.
import { emitActivation } from './activations';
import { onnxAxis, type Layout, type Value } from './graphBuilder';
import { kernelsAndBias, numberField, onlyInput, out, refuse, requireChannelsLast, withActivation, type Converter, type LayerCall } from './layerCall';
import type { OnnxAttributeValue } from './onnxProto';
import { conv2d, depthwiseConv2d, globalPooling, pooling, separableConv2d, zeroPadding2d } from './spatialConverters';
import { layerWeights, type WeightArray } from './weights';

// ---- normalisation and dense ---------------------------------------------------------------------

/**
 * Inference BatchNormalization as ONNX's own op (opset 13 has the inference-only v9 form): the
 * channel must be ONNX's axis 1, which it is for NHWC maps held NCHW and for [N, C] vectors.
 * A missing gamma (scale: false) is ones, a missing beta (center: false) zeros.
 */
const batchNormalization: Converter = (call) => {
  const input = onlyInput(call);
  const rank = input.shape.length;
  const axisConfig = call.config.axis;
  const axis = Array.isArray(axisConfig) && axisConfig.length === 1 ? axisConfig[0] : axisConfig;
  if (typeof axis !== 'number' || (axis + rank) % rank !== rank - 1 || (rank !== 2 && rank !== 4)) {
    refuse(call, `axis ${JSON.stringify(axisConfig)} on a rank-${rank} input (only the last axis of [N, C] or [N, H, W, C] is exported)`);
  }
  const x = call.g.inLayout(input, 'nchw');
  const weights = layerWeights(call.layer);
  const scale = call.config.scale !== false;
  const center = call.config.center !== false;
  if (weights.length !== 2 + (scale ? 1 : 0) + (center ? 1 : 0)) refuse(call, `it has ${weights.length} weights`);
  // build() creates gamma (if scale), beta (if center), moving mean, moving variance, in that order.
  const queue = [...weights];
  const channels = weights[weights.length - 1]!.shape[0]!;
  const gamma = scale ? queue.shift()!.data : new Float32Array(channels).fill(1);
  const beta = center ? queue.shift()!.data : new Float32Array(channels);
  const [mean, variance] = queue as [WeightArray, WeightArray];
  const name = call.layer.name;
  const { g } = call;
  const inputs = [x.name, g.floats(`${name}/gamma`, [channels], gamma), g.floats(`${name}/beta`, [channels], beta),
    g.floats(`${name}/moving_mean`, [channels], mean.data), g.floats(`${name}/moving_variance`, [channels], variance.data)];
  return out(call, g.node('BatchNormalization', inputs, name, { epsilon: { float: numberField(call, 'epsilon') } }), x.layout);
};

const dense: Converter = (call) => {
  const x = onlyInput(call, 2);
  const { kernels: [kernel], bias } = kernelsAndBias(call, 1);
  const name = call.layer.name;
  // tfjs kernel [in, out] is Gemm's B as it stands: y = x·B + C.
  const inputs = [x.name, call.g.floats(`${name}/kernel`, kernel!.shape, kernel!.data)];
  if (bias) inputs.push(call.g.floats(`${name}/bias`, bias.shape, bias.data));
  return withActivation(call, call.g.node('Gemm', inputs, name), 'tf');
};

// ---- activations ------------------------------------------------------------------------------------

const activation: Converter = (call) => {
  const x = onlyInput(call);
  return emitActivation(call.g, { ...x, shape: call.outputShape }, call.config.activation, call.layer.name, call.label);
};

/** A one-node elementwise activation layer, with attributes from its config. */
const elementwise = (opType: string, attributes: (call: LayerCall) => Record<string, OnnxAttributeValue> = () => ({})): Converter => (call) => {
  const x = onlyInput(call);
  return out(call, call.g.node(opType, [x.name], call.layer.name, attributes(call)), x.layout);
};

/** tfjs ReLU layer: relu(x), clipped at max_value when it has one. */
const reLU: Converter = (call) => {
  const x = onlyInput(call);
  const maxValue = call.config.maxValue;
  if (maxValue == null) return out(call, call.g.node('Relu', [x.name], call.layer.name), x.layout);
  if (typeof maxValue !== 'number') return refuse(call, `max_value ${JSON.stringify(maxValue)}`);
  const name = call.layer.name;
  const bounds = [call.g.scalar(`${name}/min`, 0), call.g.scalar(`${name}/max`, maxValue)];
  return out(call, call.g.node('Clip', [x.name, ...bounds], name), x.layout);
};

const softmaxLayer: Converter = (call) => {
  const x = onlyInput(call);
  const rank = x.shape.length;
  const axisConfig = call.config.axis ?? -1;
  const axis = Array.isArray(axisConfig) && axisConfig.length === 1 ? axisConfig[0] : axisConfig;
  if (typeof axis !== 'number') return refuse(call, `softmax over axes ${JSON.stringify(axisConfig)}`);
  const tfAxis = (axis + rank) % rank;
  const name = call.g.node('Softmax', [x.name], call.layer.name, { axis: { int: onnxAxis(tfAxis, rank, x.layout) } });
  return { ...out(call, name, x.layout), softmaxOverLast: tfAxis === rank - 1 };
};

/** tfjs Rescaling: x · scale + offset. */
const rescaling: Converter = (call) => {
  const x = onlyInput(call);
  const { g } = call;
  const name = call.layer.name;
  const scaled = g.node('Mul', [x.name, g.scalar(`${name}/scale`, numberField(call, 'scale'))], `${name}/scaled`);
  return out(call, g.node('Add', [scaled, g.scalar(`${name}/offset`, numberField(call, 'offset'))], name), x.layout);
};

// ---- shape ops ------------------------------------------------------------------------------------

/** Whether reshaping `x` to `shape` keeps the rows of a last-axis softmax as the rows of the result. */
function keepsSoftmaxRows(x: Value, shape: readonly (number | null)[]): boolean {
  return x.softmaxOverLast === true && x.shape.at(-1) === shape.at(-1) && x.shape.slice(1, -1).every((d) => d === 1);
}

/** Flatten and Reshape read the elements in TF's NHWC order, so the input goes back to NHWC first. */
const flatten: Converter = (call) => {
  requireChannelsLast(call);
  const x = call.g.inLayout(onlyInput(call), 'tf');
  if (x.shape.length <= 2) return { ...x, shape: call.outputShape };
  const name = call.g.node('Flatten', [x.name], call.layer.name, { axis: { int: 1 } });
  return { ...out(call, name, 'tf'), softmaxOverLast: keepsSoftmaxRows(x, call.outputShape) };
};

const reshape: Converter = (call) => {
  const x = call.g.inLayout(onlyInput(call), 'tf');
  const target = call.config.targetShape;
  if (!Array.isArray(target) || !target.every((d) => typeof d === 'number')) return refuse(call, `target shape ${JSON.stringify(target)}`);
  // 0 copies the batch dimension from the input; -1 (if the target has one) is inferred, as in TF.
  const shape = call.g.int64s(`${call.layer.name}/shape`, [0, ...target]);
  const name = call.g.node('Reshape', [x.name, shape], call.layer.name);
  return { ...out(call, name, 'tf'), softmaxOverLast: keepsSoftmaxRows(x, call.outputShape) };
};

/** Layers that are the identity at inference (dropout and noise). */
const passThrough: Converter = (call) => ({ ...onlyInput(call), shape: call.outputShape });

// ---- merges -----------------------------------------------------------------------------------------

/** The inputs of a merge in one common layout: NCHW if any rank-4 input already is. */
function mergeInputs(call: LayerCall): Value[] {
  const ranks = new Set(call.inputs.map((v) => v.shape.length));
  if (ranks.size !== 1) refuse(call, `its inputs have ranks ${[...ranks].join(' and ')}`);
  const layout: Layout = call.inputs.some((v) => v.layout === 'nchw') ? 'nchw' : 'tf';
  return call.inputs.map((v) => call.g.inLayout(v, layout));
}

/** Elementwise merge with numpy broadcasting, as tfjs's merge layers do for equal ranks. */
const merge = (opType: 'Sum' | 'Mul' | 'Mean' | 'Max' | 'Min'): Converter => (call) => {
  const inputs = mergeInputs(call);
  const { g } = call;
  const name = call.layer.name;
  // ONNX's Mul is binary: chain it, left to right like tfjs.
  const result = opType === 'Mul'
    ? inputs.slice(1).reduce((acc, v, i) => g.node('Mul', [acc, v.name], i === inputs.length - 2 ? name : `${name}/partial`), inputs[0]!.name)
    : g.node(opType, inputs.map((v) => v.name), name);
  return out(call, result, inputs[0]!.layout);
};

const concatenate: Converter = (call) => {
  const inputs = mergeInputs(call);
  const rank = inputs[0]!.shape.length;
  const axis = typeof call.config.axis === 'number' ? call.config.axis : -1;
  const tfAxis = (axis + rank) % rank;
  const layout = inputs[0]!.layout;
  return out(call, call.g.node('Concat', inputs.map((v) => v.name), call.layer.name, { axis: { int: onnxAxis(tfAxis, rank, layout) } }), layout);
};

/** Converters by tfjs class name (getClassName()); InputLayer is the graph input itself. */
export const LAYER_CONVERTERS: Readonly<Record<string, Converter>> = {
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  BatchNormalization: batchNormalization,
  Dense: dense,
  Activation: activation,
  ReLU: reLU,
  LeakyReLU: elementwise('LeakyRelu', (call) => ({ alpha: { float: numberField(call, 'alpha') } })),
  // tfjs's ELU layer refuses any alpha but 1 when built; its config still says which.
  ELU: elementwise('Elu', (call) => ({ alpha: { float: numberField(call, 'alpha') } })),
  ThresholdedReLU: elementwise('ThresholdedRelu', (call) => ({ alpha: { float: numberField(call, 'theta') } })),
  Softmax: softmaxLayer,
  Rescaling: rescaling,
  MaxPooling2D: pooling('MaxPool'),
  AveragePooling2D: pooling('AveragePool'),
  GlobalAveragePooling2D: globalPooling('GlobalAveragePool'),
  GlobalMaxPooling2D: globalPooling('GlobalMaxPool'),
  ZeroPadding2D: zeroPadding2d,
  Flatten: flatten,
  Reshape: reshape,
  Dropout: passThrough,
  SpatialDropout1D: passThrough,
  SpatialDropout2D: passThrough,
  GaussianNoise: passThrough,
  GaussianDropout: passThrough,
  AlphaDropout: passThrough,
  Add: merge('Sum'),
  Multiply: merge('Mul'),
  Average: merge('Mean'),
  Maximum: merge('Max'),
  Minimum: merge('Min'),
  Concatenate: concatenate,
};
