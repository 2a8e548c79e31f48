import { errorMessage } from '../common/errors';
import * as tf from '@tensorflow/tfjs';
import { measureTopology, type LargestOutput, type TopologyMeasure } from './topologyShapes';
import { formatNumber, i18n } from '../common/i18n/i18n';

/**
 * Vets a user-dropped TensorFlow.js layers model (model.json text + the sizes of the dropped
 * weight files) BEFORE tfjs builds it: building allocates every weight up front, so a hostile or
 * broken file must be refused while it is still just text. Never throws, never builds anything.
 */

export interface ImportLimits {
  maxElementsPerWeight: number;
  maxTotalElements: number;
  /** Largest accepted height or width of an image input. */
  maxInputSize: number;
  maxLayers: number;
  /** Largest units / filters / input_dim / output_dim in a layer config (weights are allocated from these). */
  maxLayerWidth: number;
  /** Largest output of one layer for one image: no backend holds a bigger tensor (2 GiB of float32). */
  maxLayerOutputElements: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxElementsPerWeight: 50_000_000,
  maxTotalElements: 200_000_000,
  maxInputSize: 1024,
  maxLayers: 10_000,
  maxLayerWidth: 65_536,
  maxLayerOutputElements: 2 ** 29,
};

/** The image size measured where a model leaves its input size open: the largest size a pretrained backbone of the studio takes. */
export const OPEN_INPUT_MEASURED_AT = 224;

export interface ImportSummary {
  ok: true;
  modelName: string | null;
  /** Model, Functional or Sequential. */
  modelClass: string;
  /** Layers including those of nested models. */
  layerCount: number;
  layerClasses: string[];
  /** The first input's batch shape, e.g. [null, 224, 224, 3]; null when the topology declares none. */
  inputShape: (number | null)[] | null;
  weightCount: number;
  totalWeightElements: number;
  totalWeightBytes: number;
  /** Shard file names (base names) in manifest order. */
  shardNames: string[];
  /** What the topology builds, worked out before building: its weights and every layer's output for one image. */
  builds: Pick<TopologyMeasure, 'weightElements' | 'activationElementsPerImage' | 'largestOutput' | 'assumedInputSize'>;
  warnings: string[];
}

export type ImportValidation = ImportSummary | { ok: false; errors: string[] };

const MAX_REPORTED_ERRORS = 20;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const CONTAINER_CLASSES = new Set(['Model', 'Functional', 'Sequential']);
const WIDTH_KEYS = ['units', 'filters', 'input_dim', 'output_dim'] as const;
const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const BYTES_PER_QUANTIZED: Readonly<Record<string, number>> = { uint8: 1, uint16: 2, float16: 2 };

type JsonObject = Record<string, unknown>;

export function validateLayersModelImport(
  modelJsonText: string,
  weightFileSizes: ReadonlyMap<string, number>,
  limits: Partial<ImportLimits> = {},
): ImportValidation {
  try {
    return validate(modelJsonText, weightFileSizes, { ...DEFAULT_IMPORT_LIMITS, ...limits });
  } catch (e) {
    return { ok: false, errors: [i18n.t('engine:vetting.couldNotValidate', { reason: errorMessage(e) })] };
  }
}

function validate(text: string, files: ReadonlyMap<string, number>, limits: ImportLimits): ImportValidation {
  const parsed = parseJsonSafely(text);
  if ('error' in parsed) return fail([parsed.error]);
  const root = parsed.value;
  if (!isObject(root)) return fail([i18n.t('engine:vetting.notObject')]);

  const formatError = checkFormat(root);
  if (formatError) return fail([formatError]);

  const errors = new ErrorList();
  const warnings: string[] = [];
  const topology = checkTopology(root.modelTopology as JsonObject, limits, errors);
  const weights = checkWeights(root.weightsManifest as unknown[], files, limits, errors, warnings);
  if (errors.count > 0 || !topology || !weights) return fail(errors.messages());
  const builds = checkBuilds(root.modelTopology as JsonObject, weights.totalWeightElements, limits, errors);
  if (errors.count > 0 || !builds) return fail(errors.messages());
  return { ok: true, ...topology, ...weights, builds, warnings };
}

/**
 * The manifest may describe small weights while the topology asks tfjs to build huge ones (it builds
 * every weight before reading a shard), or huge layer outputs: what the topology builds is worked out
 * and held to the limits, and must be what the manifest holds.
 */
function checkBuilds(modelTopology: JsonObject, manifestElements: number, limits: ImportLimits, errors: ErrorList): ImportSummary['builds'] | null {
  const model = isObject(modelTopology.model_config) ? modelTopology.model_config : modelTopology;
  const measured = measureTopology(model, OPEN_INPUT_MEASURED_AT);
  if (!measured.ok) {
    errors.add(i18n.t('engine:vetting.unmeasurable', { reason: measured.error }));
    return null;
  }
  const { layers, weightElements, activationElementsPerImage, largestOutput, assumedInputSize } = measured.measure;
  for (const layer of layers) {
    for (const shape of layer.weightShapes) {
      const elements = shape.reduce((a, b) => a * b, 1);
      if (elements > limits.maxElementsPerWeight) {
        errors.add(i18n.t('engine:vetting.weightBomb', { layer: quote(layer.name), className: layer.className, shape: shape.join(', '), count: count(elements), limit: count(limits.maxElementsPerWeight) }));
      }
    }
  }
  if (weightElements > limits.maxTotalElements) {
    errors.add(i18n.t('engine:vetting.topologyBomb', { count: count(weightElements), limit: count(limits.maxTotalElements), heaviest: heaviest(layers) }));
  } else if (weightElements !== manifestElements) {
    errors.add(i18n.t('engine:vetting.manifestMismatch', { count: count(weightElements), manifest: count(manifestElements) }));
  }
  if (largestOutput && largestOutput.elements > limits.maxLayerOutputElements) {
    errors.add(i18n.t('engine:vetting.outputBomb', { output: describeOutput(largestOutput), limit: count(limits.maxLayerOutputElements) }));
  }
  return { weightElements, activationElementsPerImage, largestOutput, assumedInputSize };
}

/** "Layer "conv" (Conv2D) outputs [batch, 1024, 1024, 65536] = 68,719,476,736 values per image". */
export function describeOutput(output: LargestOutput): string {
  return i18n.t('engine:vetting.output', { layer: quote(output.layer), className: output.className, shape: output.shape.map((d) => d ?? 'batch').join(', '), count: count(output.elements) });
}

function heaviest(layers: TopologyMeasure['layers']): string {
  const sizes = layers.map((l) => ({ l, n: l.weightShapes.reduce((sum, s) => sum + s.reduce((a, b) => a * b, 1), 0) }));
  const top = sizes.reduce((best, x) => (x.n > best.n ? x : best), sizes[0] ?? { l: { name: '?', className: '?' }, n: 0 });
  return i18n.t('engine:vetting.heaviest', { layer: quote(top.l.name), className: top.l.className, count: count(top.n) });
}

/** A count in the user's locale (1,234,567 in English, 1 234 567 in French). */
function count(n: number): string {
  return formatNumber(n);
}

function fail(errors: string[]): { ok: false; errors: string[] } {
  return { ok: false, errors };
}

class ErrorList {
  private readonly list: string[] = [];
  count = 0;
  add(message: string): void {
    this.count++;
    if (this.list.length < MAX_REPORTED_ERRORS) this.list.push(message);
  }
  messages(): string[] {
    const hidden = this.count - this.list.length;
    return hidden > 0 ? [...this.list, i18n.t('engine:vetting.more', { count: hidden })] : [...this.list];
  }
}

/**
 * JSON.parse itself is safe (it defines "__proto__" as a plain own key), but the parsed object
 * flows into tfjs config merging, so keys that reach prototypes are refused. Checking them costs a
 * walk over every object, so it only runs when the raw text could spell such a key: literally or
 * through a \u escape. A JSON.parse reviver would do the same job but measured ~10x slower on a
 * 100 MB file, and it recurses, where this walk keeps an explicit stack.
 */
function parseJsonSafely(text: string): { value: unknown } | { error: string } {
  if (typeof text !== 'string' || text.trim() === '') return { error: i18n.t('engine:vetting.empty') };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    if (e instanceof RangeError) return { error: i18n.t('engine:vetting.tooDeep') };
    return { error: i18n.t('engine:vetting.notJson', { reason: errorMessage(e) }) };
  }
  const mayHideKey = text.includes('\\u') || [...FORBIDDEN_KEYS].some((k) => text.includes(k));
  const forbidden = mayHideKey ? findForbiddenKey(value) : null;
  if (forbidden !== null) {
    return { error: i18n.t('engine:vetting.prototype', { key: forbidden }) };
  }
  return { value };
}

function findForbiddenKey(root: unknown): string | null {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const v of value) if (typeof v === 'object' && v !== null) stack.push(v);
    } else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) {
        if (FORBIDDEN_KEYS.has(key)) return key;
        const v: unknown = (value as JsonObject)[key];
        if (typeof v === 'object' && v !== null) stack.push(v);
      }
    }
  }
  return null;
}

/** Untrusted values go into messages clipped and escaped, never stringified whole (size, depth). */
function quote(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (v === undefined) return i18n.t('engine:vetting.missing');
  return i18n.t(Array.isArray(v) ? 'engine:vetting.aList' : 'engine:vetting.anObject');
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkFormat(root: JsonObject): string | null {
  const topology = root.modelTopology;
  if (root.format === 'graph-model' || (isObject(topology) && Array.isArray(topology.node))) {
    return i18n.t('engine:vetting.graphModel');
  }
  if (root.format !== undefined && root.format !== 'layers-model') {
    return i18n.t('engine:vetting.format', { format: quote(root.format) });
  }
  if (!isObject(topology)) {
    if (typeof root.class_name === 'string' && 'config' in root) {
      return i18n.t('engine:vetting.bareKeras');
    }
    return i18n.t('engine:vetting.noTopology');
  }
  if (!Array.isArray(root.weightsManifest)) {
    return i18n.t('engine:vetting.noManifest');
  }
  return null;
}

interface LayerEntry {
  layer: unknown;
  path: string;
}

type TopologySummary = Pick<ImportSummary, 'modelName' | 'modelClass' | 'layerCount' | 'layerClasses' | 'inputShape'>;

function checkTopology(modelTopology: JsonObject, limits: ImportLimits, errors: ErrorList): TopologySummary | null {
  const model = isObject(modelTopology.model_config) ? modelTopology.model_config : modelTopology;
  const modelClass = model.class_name;
  if (typeof modelClass !== 'string' || !CONTAINER_CLASSES.has(modelClass)) {
    errors.add(i18n.t('engine:vetting.modelClass', { className: quote(modelClass) }));
    return null;
  }
  const rootLayers = layersOf(model);
  if (!rootLayers) {
    errors.add(i18n.t('engine:vetting.noLayers', { className: modelClass }));
    return null;
  }
  const registry = tf.serialization.SerializationMap.getMap().classNameMap;
  const unknownLayers = new Map<string, string[]>();
  const unknownConfigClasses = new Map<string, string[]>();
  const layerClasses = new Set<string>();
  let inputShape: (number | null)[] | null = null;
  let layerCount = 0;
  // An explicit stack, not recursion: nesting depth comes from an untrusted file.
  const stack: LayerEntry[] = rootLayers.map((layer, i) => ({ layer, path: `#${i + 1}` })).reverse();
  while (stack.length > 0) {
    const { layer, path } = stack.pop()!;
    if (++layerCount > limits.maxLayers) {
      errors.add(i18n.t('engine:vetting.tooManyLayers', { limit: limits.maxLayers }));
      break;
    }
    if (!isObject(layer) || typeof layer.class_name !== 'string' || !isObject(layer.config)) {
      errors.add(i18n.t('engine:vetting.layerMalformed', { layer: path }));
      continue;
    }
    const className = layer.class_name;
    const config = layer.config;
    const label = typeof config.name === 'string' ? quote(config.name) : path;
    layerClasses.add(className);
    if (!isLayerClass(registry, className)) addTo(unknownLayers, className, label);

    const nested = CONTAINER_CLASSES.has(className) ? layersOf(config) : null;
    if (nested) {
      nested.forEach((child, i) => stack.push({ layer: child, path: `${path}.${i + 1}` }));
      continue;
    }
    for (const cls of configClassNames(config)) if (!registry[cls]) addTo(unknownConfigClasses, cls, label);
    checkLayerWidths(config, label, limits, errors);
    const shape = batchShapeOf(config);
    if (shape !== undefined) {
      const checked = checkInputShape(shape, label, limits, errors);
      if (checked && inputShape === null) inputShape = checked;
    }
  }
  for (const [cls, where] of unknownLayers) {
    errors.add(i18n.t('engine:vetting.unknownLayer', { className: quote(cls), layers: describe(where) }));
  }
  for (const [cls, where] of unknownConfigClasses) {
    errors.add(i18n.t('engine:vetting.unknownClass', { className: quote(cls), layers: describe(where) }));
  }
  const modelConfig = isObject(model.config) ? model.config : {};
  return {
    modelName: typeof modelConfig.name === 'string' ? modelConfig.name : null,
    modelClass, layerCount, layerClasses: [...layerClasses], inputShape,
  };
}

function layersOf(model: JsonObject): unknown[] | null {
  const config = model.config;
  if (Array.isArray(config)) return config as unknown[]; // Old Keras Sequential: config is the layer list.
  return isObject(config) && Array.isArray(config.layers) ? (config.layers as unknown[]) : null;
}

function isLayerClass(registry: Record<string, unknown>, className: string): boolean {
  if (!Object.prototype.hasOwnProperty.call(registry, className)) return false;
  const entry = registry[className];
  const ctor: unknown = Array.isArray(entry) ? entry[0] : undefined;
  return typeof ctor === 'function' && (ctor === tf.layers.Layer || ctor.prototype instanceof tf.layers.Layer);
}

function addTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key) ?? [];
  if (list.length < 3) list.push(value);
  map.set(key, list);
}

function describe(where: string[]): string {
  return where.length > 2 ? `${where.slice(0, 2).join(', ')}, …` : where.join(', ');
}

/** Every {class_name, config} object inside a layer config: initializers, regularizers, wrapped layers. */
function configClassNames(config: JsonObject): string[] {
  const found: string[] = [];
  const stack: unknown[] = [config];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const v of value) if (typeof v === 'object' && v !== null) stack.push(v);
    } else if (isObject(value)) {
      if (typeof value.class_name === 'string' && 'config' in value && value !== config) found.push(value.class_name);
      for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) stack.push(v);
    }
  }
  return found;
}

/** Weights are allocated from these config numbers when tfjs builds the layer, before any shard is read. */
function checkLayerWidths(config: JsonObject, label: string, limits: ImportLimits, errors: ErrorList): void {
  for (const key of WIDTH_KEYS) {
    const v = config[key];
    if (typeof v === 'number' && v > limits.maxLayerWidth) {
      errors.add(i18n.t('engine:vetting.layerWidth', { layer: label, key, value: v, limit: limits.maxLayerWidth }));
    }
  }
}

function batchShapeOf(config: JsonObject): unknown {
  if ('batch_input_shape' in config) return config.batch_input_shape;
  if ('batch_shape' in config) return config.batch_shape; // Keras 3 spelling.
  return undefined;
}

function checkInputShape(shape: unknown, label: string, limits: ImportLimits, errors: ErrorList): (number | null)[] | null {
  if (!Array.isArray(shape) || shape.some((d) => d !== null && typeof d !== 'number')) {
    errors.add(i18n.t('engine:vetting.inputShapeNotNumbers', { layer: label }));
    return null;
  }
  const dims = shape as (number | null)[];
  if (dims.some((d) => d !== null && (!Number.isInteger(d) || d <= 0))) {
    errors.add(i18n.t('engine:vetting.inputShapeDimension', { layer: label, shape: dims.join(', ') }));
    return null;
  }
  const spatial = dims.length === 4 ? dims.slice(1, 3) : [];
  if (spatial.some((d) => d !== null && d > limits.maxInputSize)) {
    errors.add(i18n.t('engine:vetting.inputTooLarge', { layer: label, height: dims[1], width: dims[2], limit: limits.maxInputSize }));
    return null;
  }
  return dims;
}

type WeightsSummary = Pick<ImportSummary, 'weightCount' | 'totalWeightElements' | 'totalWeightBytes' | 'shardNames'>;

function checkWeights(
  manifest: unknown[], files: ReadonlyMap<string, number>, limits: ImportLimits, errors: ErrorList, warnings: string[],
): WeightsSummary | null {
  let weightCount = 0;
  let totalElements = 0;
  let totalBytes = 0;
  const shardNames: string[] = [];
  const seenShards = new Set<string>();
  manifest.forEach((group, g) => {
    const where = i18n.t('engine:vetting.group', { group: g + 1 });
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)
      || group.paths.some((p) => typeof p !== 'string')) {
      errors.add(i18n.t('engine:vetting.groupMalformed', { group: where }));
      return;
    }
    let groupBytes = 0;
    let groupValid = true;
    for (const weight of group.weights) {
      const size = weightSize(weight, where, limits, errors);
      if (!size) { groupValid = false; continue; }
      weightCount++;
      totalElements += size.elements;
      groupBytes += size.bytes;
    }
    const names = (group.paths as string[]).map(baseName);
    let providedBytes = 0;
    let allPresent = true;
    for (const name of names) {
      if (seenShards.has(name)) errors.add(i18n.t('engine:vetting.shardTwice', { file: quote(name) }));
      seenShards.add(name);
      shardNames.push(name);
      const size = files.get(name);
      if (size === undefined) {
        errors.add(i18n.t('engine:vetting.missingShard', { file: quote(name), group: where }));
        allPresent = false;
      } else {
        providedBytes += size;
      }
    }
    if (groupValid && allPresent && providedBytes !== groupBytes) {
      const sizes = { provided: providedBytes, group: where, needed: groupBytes, weights: group.weights.length };
      errors.add(names.length === 1
        ? i18n.t('engine:vetting.shardSize', { file: quote(names[0]), ...sizes })
        : i18n.t('engine:vetting.shardsSize', { files: names.map((n) => quote(n)).join(', '), ...sizes }));
    }
    totalBytes += groupBytes;
  });
  if (totalElements > limits.maxTotalElements) {
    errors.add(i18n.t('engine:vetting.weightsBomb', { count: count(totalElements), limit: count(limits.maxTotalElements) }));
  }
  for (const name of files.keys()) {
    if (!seenShards.has(name) && name !== 'model.json') warnings.push(i18n.t('engine:vetting.unreferenced', { file: quote(name) }));
  }
  return { weightCount, totalWeightElements: totalElements, totalWeightBytes: totalBytes, shardNames };
}

function baseName(path: string): string {
  const withoutQuery = path.split(/[?#]/)[0] ?? path;
  return withoutQuery.slice(withoutQuery.lastIndexOf('/') + 1);
}

function weightSize(weight: unknown, where: string, limits: ImportLimits, errors: ErrorList): { elements: number; bytes: number } | null {
  if (!isObject(weight) || typeof weight.name !== 'string' || !Array.isArray(weight.shape) || typeof weight.dtype !== 'string') {
    errors.add(i18n.t('engine:vetting.weightMalformed', { group: where }));
    return null;
  }
  const label = i18n.t('engine:vetting.weight', { weight: quote(weight.name), group: where });
  const shape: unknown[] = weight.shape;
  if (shape.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d <= 0)) {
    errors.add(i18n.t('engine:vetting.weightShape', { weight: label, shape: shape.map(quote).join(', ') }));
    return null;
  }
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  if (elements > limits.maxElementsPerWeight) {
    errors.add(i18n.t('engine:vetting.weightTooLarge', { weight: label, shape: shape.join(', '), count: count(elements), limit: count(limits.maxElementsPerWeight) }));
    return null;
  }
  const perElement = bytesPerElement(weight, label, errors);
  return perElement === null ? null : { elements, bytes: elements * perElement };
}

function bytesPerElement(weight: JsonObject, label: string, errors: ErrorList): number | null {
  if (weight.quantization !== undefined) {
    const q = weight.quantization;
    const stored = isObject(q) && typeof q.dtype === 'string' ? q.dtype : null;
    const bytes = stored !== null && Object.prototype.hasOwnProperty.call(BYTES_PER_QUANTIZED, stored) ? BYTES_PER_QUANTIZED[stored] : undefined;
    if (bytes === undefined) {
      errors.add(i18n.t('engine:vetting.quantization', { weight: label, quantization: quote(stored) }));
      return null;
    }
    return bytes;
  }
  const dtype = weight.dtype as string;
  const bytes = Object.prototype.hasOwnProperty.call(BYTES_PER_ELEMENT, dtype) ? BYTES_PER_ELEMENT[dtype] : undefined;
  if (bytes === undefined) {
    errors.add(i18n.t('engine:vetting.dtype', { weight: label, dtype: quote(dtype) }));
    return null;
  }
  return bytes;
}
