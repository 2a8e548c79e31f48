/**
 * What a layers model's topology will build, worked out from its JSON alone: each layer's weight
 * shapes and output shapes. The import vetting (importValidation.ts) needs this before tfjs builds
 * anything, because building allocates every weight the topology asks for, whatever the manifest
 * says, and training then allocates every layer's output. Only plain arithmetic here: nothing is built.
 */

type JsonObject = Record<string, unknown>;
/** A tensor shape with its batch axis first (null: any batch). */
export type Shape = (number | null)[];

export interface LayerMeasure {
  name: string;
  className: string;
  weightShapes: number[][];
  outputShapes: Shape[];
}

export interface LargestOutput {
  layer: string;
  className: string;
  shape: Shape;
  elements: number;
}

export interface TopologyMeasure {
  layers: LayerMeasure[];
  weightElements: number;
  /** Elements of every layer's output for one image: what training keeps for the gradients. */
  activationElementsPerImage: number;
  largestOutput: LargestOutput | null;
  /** The image size the measure assumed where the model declares none (null: it declares its own). */
  assumedInputSize: number | null;
}

export type TopologyMeasureResult = { ok: true; measure: TopologyMeasure } | { ok: false; error: string };

/** Nested models deeper than this are refused: real backbones nest one or two levels. */
const MAX_NESTING = 8;
const CONTAINERS = new Set(['Model', 'Functional', 'Sequential']);

class Unmeasurable extends Error {}

/**
 * Measures a model topology (model_config or modelTopology). `assumedInputSize` stands in for an
 * image input's height and width when the model leaves them open (the studio feeds it its Input size).
 */
export function measureTopology(model: JsonObject, assumedInputSize: number): TopologyMeasureResult {
  try {
    const context: Context = { assumedInputSize, assumed: false, layers: [] };
    measureContainer(model, context, 0);
    return { ok: true, measure: summarise(context) };
  } catch (error) {
    if (error instanceof Unmeasurable) return { ok: false, error: error.message };
    throw error;
  }
}

interface Context {
  assumedInputSize: number;
  assumed: boolean;
  layers: LayerMeasure[];
}

function summarise(context: Context): TopologyMeasure {
  let weightElements = 0;
  let activationElementsPerImage = 0;
  let largestOutput: LargestOutput | null = null;
  for (const layer of context.layers) {
    weightElements += layer.weightShapes.reduce((sum, shape) => sum + product(shape), 0);
    if (layer.className === 'InputLayer') continue;
    for (const shape of layer.outputShapes) {
      const elements = product(shape.slice(1));
      activationElementsPerImage += elements;
      if (!largestOutput || elements > largestOutput.elements) largestOutput = { layer: layer.name, className: layer.className, shape, elements };
    }
  }
  return { layers: context.layers, weightElements, activationElementsPerImage, largestOutput, assumedInputSize: context.assumed ? context.assumedInputSize : null };
}

/** A container's output shapes, its layers measured into the context. */
function measureContainer(model: JsonObject, context: Context, depth: number): Shape[] {
  if (depth > MAX_NESTING) throw new Unmeasurable(`models are nested more than ${MAX_NESTING} deep`);
  const config = model.config;
  const layers = Array.isArray(config) ? config as unknown[] : isObject(config) && Array.isArray(config.layers) ? config.layers as unknown[] : [];
  return model.class_name === 'Sequential' ? measureSequential(layers, context, depth) : measureFunctional(layers, isObject(config) ? config : {}, context, depth);
}

function measureSequential(layers: unknown[], context: Context, depth: number): Shape[] {
  let current: Shape[] | null = null;
  for (const entry of layers) {
    const layer = asLayer(entry);
    const declared = declaredInput(layer.config, context);
    if (layer.className === 'InputLayer') {
      current = [requireShape(declared, layer.name)];
      context.layers.push({ name: layer.name, className: layer.className, weightShapes: [], outputShapes: current });
      continue;
    }
    const inputs = current ?? (declared ? [declared] : null);
    if (!inputs) throw new Unmeasurable(`the first layer ("${layer.name}") declares no input shape`);
    current = measureOne(layer, inputs, context, depth);
  }
  return current ?? [];
}

/** Layers are measured once their inputs are known: in file order, then again for any listed before its inputs. */
function measureFunctional(layers: unknown[], config: JsonObject, context: Context, depth: number): Shape[] {
  const outputs = new Map<string, Shape[][]>();
  let pending = layers.map(asLayer);
  while (pending.length > 0) {
    const waiting = pending.filter((layer) => !tryFunctionalLayer(layer, outputs, context, depth));
    if (waiting.length === pending.length) throw new Unmeasurable(`layer "${waiting[0]?.name}" takes an input no layer produces`);
    pending = waiting;
  }
  const refs = Array.isArray(config.output_layers) ? config.output_layers : [];
  return refs.flatMap((ref) => {
    const [name, node, tensor] = Array.isArray(ref) ? ref as unknown[] : [];
    const shape = typeof name === 'string' ? outputOf(outputs, name, node, tensor) : undefined;
    return shape ? [shape] : [];
  });
}

/** Measures every call of one layer if its inputs are known; false when they are not yet. */
function tryFunctionalLayer(layer: ParsedLayer, outputs: Map<string, Shape[][]>, context: Context, depth: number): boolean {
  if (layer.className === 'InputLayer') {
    const shape = requireShape(declaredInput(layer.config, context), layer.name);
    outputs.set(layer.name, [[shape]]);
    context.layers.push({ name: layer.name, className: layer.className, weightShapes: [], outputShapes: [shape] });
    return true;
  }
  const inputsPerNode = layer.inbound.map((refs) => refs.map(([name, node, tensor]) => outputOf(outputs, name, node, tensor)));
  if (inputsPerNode.some((inputs) => inputs.some((shape) => shape === undefined))) return false;
  const results: Shape[][] = [];
  // A shared layer (called more than once) builds its weights once; each call has its own outputs.
  inputsPerNode.forEach((inputs, i) => {
    const before = context.layers.length;
    results.push(measureOne(layer, inputs as Shape[], context, depth));
    for (let j = before; i > 0 && j < context.layers.length; j++) context.layers[j] = { ...context.layers[j]!, weightShapes: [] };
  });
  outputs.set(layer.name, results);
  return true;
}

function outputOf(outputs: Map<string, Shape[][]>, name: string, node: unknown, tensor: unknown): Shape | undefined {
  const nodes = outputs.get(name);
  if (!nodes) return undefined;
  // A nested model's calls may be numbered from 1 (Keras counts its own construction as node 0).
  const call = nodes[typeof node === 'number' ? node : 0] ?? (nodes.length === 1 ? nodes[0] : undefined);
  return call?.[typeof tensor === 'number' ? tensor : 0];
}

/** Each call of a layer as [layer, node, tensor] references: the Keras 2 list form, or Keras 3's keras_history. */
function inboundNodes(entry: JsonObject): [string, unknown, unknown][][] {
  const nodes = Array.isArray(entry.inbound_nodes) ? entry.inbound_nodes as unknown[] : [];
  return nodes.map((node) => {
    const refs: [string, unknown, unknown][] = [];
    const stack: unknown[] = [node];
    while (stack.length > 0) {
      const value = stack.pop();
      if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'number') refs.unshift([value[0], value[1], value[2]]);
      else if (Array.isArray(value)) stack.push(...(value as unknown[]));
      else if (isObject(value) && Array.isArray(value.keras_history)) stack.push(value.keras_history);
      else if (isObject(value)) stack.push(...Object.values(value));
    }
    return refs;
  });
}

interface ParsedLayer {
  name: string;
  className: string;
  config: JsonObject;
  entry: JsonObject;
  /** Its calls' inputs, read once: a functional model may be measured in several passes. */
  inbound: [string, unknown, unknown][][];
}

function asLayer(entry: unknown): ParsedLayer {
  if (!isObject(entry) || typeof entry.class_name !== 'string' || !isObject(entry.config)) throw new Unmeasurable('a layer is malformed');
  const name = typeof entry.config.name === 'string' ? entry.config.name : typeof entry.name === 'string' ? entry.name : '?';
  return { name, className: entry.class_name, config: entry.config, entry, inbound: inboundNodes(entry) };
}

/** An input shape the layer declares, its open height and width set to the assumed size. */
function declaredInput(config: JsonObject, context: Context): Shape | null {
  const shape = config.batch_input_shape ?? config.batch_shape;
  if (!Array.isArray(shape) || shape.some((d) => d !== null && typeof d !== 'number')) return null;
  return (shape as Shape).map((d, axis) => {
    if (d !== null || axis === 0 || shape.length !== 4 || axis === 3) return d;
    context.assumed = true;
    return context.assumedInputSize;
  });
}

function requireShape(shape: Shape | null, name: string): Shape {
  if (!shape) throw new Unmeasurable(`input layer "${name}" declares no input shape`);
  return shape;
}

function measureOne(layer: ParsedLayer, inputs: Shape[], context: Context, depth: number): Shape[] {
  if (CONTAINERS.has(layer.className)) return measureContainer(layer.entry, context, depth + 1);
  const measured = measureLayer(layer.className, layer.config, inputs, layer.name);
  context.layers.push({ name: layer.name, className: layer.className, ...measured });
  return measured.outputShapes;
}

interface Measured {
  weightShapes: number[][];
  outputShapes: Shape[];
}

const SAME_SHAPE = new Set([
  'Activation', 'ReLU', 'LeakyReLU', 'ELU', 'Softmax', 'ThresholdedReLU', 'Dropout', 'SpatialDropout1D', 'SpatialDropout2D',
  'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'Masking', 'Rescaling',
]);
const MERGES = new Set(['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum']);
const POOLS = new Set(['MaxPooling2D', 'AveragePooling2D', 'MaxPool2D', 'AvgPool2D']);
const GLOBAL_POOLS = new Set(['GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'GlobalAvgPool2D', 'GlobalMaxPool2D']);

/** One layer's weights and outputs from its config and input shapes; a kind it cannot work out is refused by name. */
function measureLayer(className: string, config: JsonObject, inputs: Shape[], name: string): Measured {
  const input = inputs[0];
  if (!input) throw new Unmeasurable(`layer "${name}" has no input`);
  const plain = (shape: Shape, weightShapes: number[][] = []): Measured => ({ weightShapes, outputShapes: [shape] });
  if (SAME_SHAPE.has(className)) return plain(input);
  if (MERGES.has(className)) return plain(broadcast(inputs));
  if (POOLS.has(className)) return plain(pooled(config, input, name));
  if (GLOBAL_POOLS.has(className)) return plain(config.keepdims === true ? [input[0] ?? null, 1, 1, channels(input, config, name)] : [input[0] ?? null, channels(input, config, name)]);
  switch (className) {
    case 'Conv2D': return conv2d(config, input, name);
    case 'DepthwiseConv2D': return depthwise(config, input, name);
    case 'SeparableConv2D': return separable(config, input, name);
    case 'Conv2DTranspose': return transposed(config, input, name);
    case 'Dense': return dense(config, input, name);
    case 'BatchNormalization': return plain(input, normalisation(config, input, name, 2));
    case 'LayerNormalization': return plain(input, normalisation(config, input, name, 0));
    case 'PReLU': return plain(input, [preluAlpha(config, input, name)]);
    case 'Flatten': return plain([input[0] ?? null, product(known(input.slice(1), name))]);
    case 'Reshape': return plain(reshaped(config, input, name));
    case 'Permute': return plain(permuted(config, input, name));
    case 'Concatenate': return plain(concatenated(config, inputs, name));
    case 'ZeroPadding2D': return plain(padded(config.padding ?? 1, input, name, 1));
    case 'Cropping2D': return plain(padded(config.cropping ?? 0, input, name, -1));
    case 'UpSampling2D': return plain(upsampled(config, input, name));
    default:
      throw new Unmeasurable(`layer "${name}" is a ${className}, a kind of layer whose weights and memory the studio cannot work out before building it. `
        + 'Use a backbone made of convolution, pooling, normalisation, dense and merge layers');
  }
}

function spatialAxes(config: JsonObject): { rows: number; cols: number; channel: number } {
  return config.data_format === 'channels_first' ? { rows: 2, cols: 3, channel: 1 } : { rows: 1, cols: 2, channel: 3 };
}

function image(input: Shape, config: JsonObject, name: string): { rows: number; cols: number; channels: number } {
  if (input.length !== 4) throw new Unmeasurable(`layer "${name}" needs an image input (rank 4); it gets [${input.join(', ')}]`);
  const axes = spatialAxes(config);
  const [rows, cols, channelCount] = known([input[axes.rows] ?? null, input[axes.cols] ?? null, input[axes.channel] ?? null], name);
  return { rows: rows!, cols: cols!, channels: channelCount! };
}

function channels(input: Shape, config: JsonObject, name: string): number {
  return image(input, config, name).channels;
}

function imageShape(config: JsonObject, batch: number | null, rows: number, cols: number, channelCount: number): Shape {
  return config.data_format === 'channels_first' ? [batch, channelCount, rows, cols] : [batch, rows, cols, channelCount];
}

/** A config number pair: kernel_size 3 or [3, 3]. */
function pair(value: unknown, fallback: [number, number], key: string, name: string): [number, number] {
  const v = value === undefined || value === null ? fallback : typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(v) || v.length !== 2 || v.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 1)) {
    throw new Unmeasurable(`layer "${name}" has ${key} ${JSON.stringify(value)?.slice(0, 40)}: expected one or two positive whole numbers`);
  }
  return [v[0] as number, v[1] as number];
}

function positive(value: unknown, key: string, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Unmeasurable(`layer "${name}" has ${key} ${String(value)}: expected a positive whole number`);
  return value;
}

/** Output rows or columns of a convolution or pooling window. */
function windowOut(size: number, kernel: number, stride: number, padding: unknown, dilation: number, name: string): number {
  const span = (kernel - 1) * dilation + 1;
  const out = padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - span) / stride) + 1;
  if (out < 1) throw new Unmeasurable(`layer "${name}" shrinks its ${size}-pixel input to nothing (window ${span}, stride ${stride})`);
  return out;
}

function windowed(config: JsonObject, input: Shape, name: string, kernel: [number, number], strides: [number, number], dilation: [number, number]) {
  const { rows, cols, channels: inChannels } = image(input, config, name);
  return {
    inChannels,
    rows: windowOut(rows, kernel[0], strides[0], config.padding, dilation[0], name),
    cols: windowOut(cols, kernel[1], strides[1], config.padding, dilation[1], name),
  };
}

function convWindow(config: JsonObject, input: Shape, name: string) {
  const kernel = pair(config.kernel_size, [1, 1], 'kernel_size', name);
  const out = windowed(config, input, name, kernel, pair(config.strides, [1, 1], 'strides', name), pair(config.dilation_rate, [1, 1], 'dilation_rate', name));
  return { kernel, ...out };
}

const bias = (config: JsonObject, size: number): number[][] => (config.use_bias === false ? [] : [[size]]);

function conv2d(config: JsonObject, input: Shape, name: string): Measured {
  const filters = positive(config.filters, 'filters', name);
  const { kernel, inChannels, rows, cols } = convWindow(config, input, name);
  return { weightShapes: [[...kernel, inChannels, filters], ...bias(config, filters)], outputShapes: [imageShape(config, input[0] ?? null, rows, cols, filters)] };
}

function depthwise(config: JsonObject, input: Shape, name: string): Measured {
  const multiplier = positive(config.depth_multiplier ?? 1, 'depth_multiplier', name);
  const { kernel, inChannels, rows, cols } = convWindow(config, input, name);
  const out = inChannels * multiplier;
  return { weightShapes: [[...kernel, inChannels, multiplier], ...bias(config, out)], outputShapes: [imageShape(config, input[0] ?? null, rows, cols, out)] };
}

function separable(config: JsonObject, input: Shape, name: string): Measured {
  const filters = positive(config.filters, 'filters', name);
  const multiplier = positive(config.depth_multiplier ?? 1, 'depth_multiplier', name);
  const { kernel, inChannels, rows, cols } = convWindow(config, input, name);
  return {
    weightShapes: [[...kernel, inChannels, multiplier], [1, 1, inChannels * multiplier, filters], ...bias(config, filters)],
    outputShapes: [imageShape(config, input[0] ?? null, rows, cols, filters)],
  };
}

function transposed(config: JsonObject, input: Shape, name: string): Measured {
  const filters = positive(config.filters, 'filters', name);
  const kernel = pair(config.kernel_size, [1, 1], 'kernel_size', name);
  const strides = pair(config.strides, [1, 1], 'strides', name);
  const { rows, cols, channels: inChannels } = image(input, config, name);
  const grow = (size: number, k: number, s: number) => (config.padding === 'same' ? size * s : size * s + Math.max(k - s, 0));
  return {
    weightShapes: [[...kernel, filters, inChannels], ...bias(config, filters)],
    outputShapes: [imageShape(config, input[0] ?? null, grow(rows, kernel[0], strides[0]), grow(cols, kernel[1], strides[1]), filters)],
  };
}

function dense(config: JsonObject, input: Shape, name: string): Measured {
  const units = positive(config.units, 'units', name);
  const [inUnits] = known([input.at(-1) ?? null], name);
  return { weightShapes: [[inUnits!, units], ...bias(config, units)], outputShapes: [[...input.slice(0, -1), units]] };
}

/** BatchNormalization: gamma, beta, moving mean and variance; LayerNormalization: gamma and beta (`extra` = 0). */
function normalisation(config: JsonObject, input: Shape, name: string, extra: number): number[][] {
  const axes = Array.isArray(config.axis) ? config.axis as unknown[] : [config.axis ?? -1];
  const sizes = axes.map((axis) => {
    const index = typeof axis === 'number' ? (axis < 0 ? input.length + axis : axis) : -1;
    return known([input[index] ?? null], name)[0]!;
  });
  const count = (config.scale === false ? 0 : 1) + (config.center === false ? 0 : 1) + extra;
  return Array.from({ length: count }, () => sizes);
}

function preluAlpha(config: JsonObject, input: Shape, name: string): number[] {
  const shared = new Set(Array.isArray(config.shared_axes) ? config.shared_axes as unknown[] : []);
  return known(input.slice(1), name).map((d, i) => (shared.has(i + 1) ? 1 : d));
}

function pooled(config: JsonObject, input: Shape, name: string): Shape {
  const pool = pair(config.pool_size, [2, 2], 'pool_size', name);
  const { inChannels, rows, cols } = windowed(config, input, name, pool, pair(config.strides, pool, 'strides', name), [1, 1]);
  return imageShape(config, input[0] ?? null, rows, cols, inChannels);
}

function reshaped(config: JsonObject, input: Shape, name: string): Shape {
  // tfjs writes the one open size (-1) as null.
  const target = Array.isArray(config.target_shape) ? (config.target_shape as unknown[]).map((d) => (d === null ? -1 : d)) : null;
  if (!target || target.some((d) => typeof d !== 'number' || !Number.isInteger(d) || (d < 1 && d !== -1))) {
    throw new Unmeasurable(`layer "${name}" has target_shape ${JSON.stringify(config.target_shape)?.slice(0, 40)}: expected whole numbers`);
  }
  const total = product(known(input.slice(1), name));
  const fixed = product((target as number[]).filter((d) => d !== -1));
  return [input[0] ?? null, ...(target as number[]).map((d) => (d === -1 ? Math.floor(total / fixed) : d))];
}

function permuted(config: JsonObject, input: Shape, name: string): Shape {
  const dims = config.dims;
  if (!Array.isArray(dims) || dims.length !== input.length - 1 || dims.some((d) => typeof d !== 'number' || input[d] === undefined || d < 1)) {
    throw new Unmeasurable(`layer "${name}" has dims ${JSON.stringify(dims)?.slice(0, 40)}, which do not reorder its input`);
  }
  return [input[0] ?? null, ...(dims as number[]).map((d) => input[d] ?? null)];
}

function concatenated(config: JsonObject, inputs: Shape[], name: string): Shape {
  const first = inputs[0]!;
  const axisValue = typeof config.axis === 'number' ? config.axis : -1;
  const axis = axisValue < 0 ? first.length + axisValue : axisValue;
  if (axis < 1 || axis >= first.length) throw new Unmeasurable(`layer "${name}" concatenates along axis ${axisValue}, which its inputs do not have`);
  const sum = inputs.reduce((total, shape) => total + known([shape[axis] ?? null], name)[0]!, 0);
  return first.map((d, i) => (i === axis ? sum : d));
}

/** Merged inputs broadcast against each other: the largest known size on each axis. */
function broadcast(inputs: Shape[]): Shape {
  const rank = Math.max(...inputs.map((s) => s.length));
  return Array.from({ length: rank }, (_, i) => {
    const sizes = inputs.map((s) => s[i - (rank - s.length)]).filter((d): d is number => typeof d === 'number');
    return i === 0 || sizes.length === 0 ? inputs[0]?.[0] ?? null : Math.max(...sizes);
  });
}

/** ZeroPadding2D (sign 1) or Cropping2D (sign −1): 1, [rows, cols] or [[top, bottom], [left, right]]. */
function padded(value: unknown, input: Shape, name: string, sign: 1 | -1): Shape {
  const sides = (v: unknown): [number, number] => (typeof v === 'number' ? [v, v] : Array.isArray(v) && v.length === 2 && v.every((d) => typeof d === 'number') ? [v[0] as number, v[1] as number] : [Number.NaN, Number.NaN]);
  const parts = typeof value === 'number' ? [sides(value), sides(value)] : Array.isArray(value) && value.length === 2 ? value.map(sides) : [];
  const [vertical, horizontal] = parts;
  if (!vertical || !horizontal || [...vertical, ...horizontal].some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Unmeasurable(`layer "${name}" has padding or cropping ${JSON.stringify(value)?.slice(0, 40)}: expected whole numbers ≥ 0`);
  }
  const { rows, cols, channels: c } = image(input, {}, name);
  const outRows = rows + sign * (vertical[0] + vertical[1]);
  const outCols = cols + sign * (horizontal[0] + horizontal[1]);
  if (outRows < 1 || outCols < 1) throw new Unmeasurable(`layer "${name}" crops its ${rows}×${cols} input to nothing`);
  return [input[0] ?? null, outRows, outCols, c];
}

function upsampled(config: JsonObject, input: Shape, name: string): Shape {
  const size = pair(config.size, [2, 2], 'size', name);
  const { rows, cols, channels: c } = image(input, config, name);
  return imageShape(config, input[0] ?? null, rows * size[0], cols * size[1], c);
}

/** Sizes that decide weights or outputs must be known: an open one (other than the batch) cannot be measured. */
function known(dims: Shape, name: string): number[] {
  if (dims.some((d) => typeof d !== 'number' || !Number.isFinite(d) || d < 1)) {
    throw new Unmeasurable(`layer "${name}" gets an input of open or invalid size [${dims.join(', ')}]`);
  }
  return dims as number[];
}

function product(dims: readonly (number | null)[]): number {
  return dims.reduce<number>((total, d) => total * (d ?? 1), 1);
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
