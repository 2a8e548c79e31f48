import * as tf from '@tensorflow/tfjs';
import { concatBytes } from '../../common/bytes';

/**
 * The layers an export adds around the studio's model, by editing the saved topology (never the live
 * model): a softmax after the logits, and for Teachable Machine an input rescale. Importing an export
 * back removes them again, so the studio trains on logits as before.
 */

/** The saved form of a layers model: topology JSON, weight specs in order, weight bytes in the same order. */
export interface LayersArtifacts {
  modelTopology: Record<string, unknown>;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: Uint8Array;
}

export const EXPORT_SOFTMAX_LAYER = 'thaw_export_softmax';
export const EXPORT_INPUT_SCALE_LAYER = 'thaw_export_input_scale';
const EXPORT_LAYERS = new Set([EXPORT_SOFTMAX_LAYER, EXPORT_INPUT_SCALE_LAYER]);

/** pixel / from − 1 ↦ pixel / 127.5 − 1, per channel: value·scale + offset. */
export interface InputRescale {
  scale: number;
  offset: number;
}

/** Teachable Machine's library feeds x / 127 − 1 (its `capture`); the studio's models expect x / 127.5 − 1. */
export const TEACHABLE_MACHINE_RESCALE: InputRescale = { scale: 127 / 127.5, offset: 127 / 127.5 - 1 };

type InboundRef = [string, number, number, Record<string, unknown>?];
interface LayerJson {
  class_name: string;
  name: string;
  config: Record<string, unknown>;
  inbound_nodes: InboundRef[][];
}
interface FunctionalConfig {
  name: string;
  layers: LayerJson[];
  input_layers: [string, number, number][];
  output_layers: [string, number, number][];
}

export function withExportLayers(artifacts: LayersArtifacts, options: { softmax: boolean; inputRescale?: InputRescale }): LayersArtifacts {
  const topology = structuredClone(artifacts.modelTopology);
  const config = functionalConfig(topology);
  const taken = config.layers.find((l) => EXPORT_LAYERS.has(l.name));
  if (taken) throw new Error(`The model already has a layer named "${taken.name}"; that name is kept for what exports add`);
  let { weightSpecs, weightData } = artifacts;
  if (options.inputRescale) {
    const added = insertInputRescale(config, options.inputRescale);
    weightSpecs = [...weightSpecs, ...added.specs];
    weightData = concatBytes([weightData, added.bytes]);
  }
  if (options.softmax) appendSoftmax(config);
  return { modelTopology: topology, weightSpecs, weightData };
}

/** An export read back: its added layers removed (and their weights), so the topology is the studio's model again. */
export function withoutExportLayers(artifacts: LayersArtifacts): LayersArtifacts {
  const topology = structuredClone(artifacts.modelTopology);
  const config = functionalConfig(topology, false);
  if (!config || !config.layers.some((l) => EXPORT_LAYERS.has(l.name))) return artifacts;
  for (const name of EXPORT_LAYERS) bypassLayer(config, name);
  const dropped = (spec: tf.io.WeightsManifestEntry) => EXPORT_LAYERS.has(spec.name.split('/')[0] ?? '');
  const kept: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const spec of artifacts.weightSpecs) {
    const size = byteSize(spec);
    if (!dropped(spec)) {
      kept.push(spec);
      parts.push(artifacts.weightData.subarray(offset, offset + size));
    }
    offset += size;
  }
  return { modelTopology: topology, weightSpecs: kept, weightData: concatBytes(parts) };
}

function functionalConfig(topology: Record<string, unknown>): FunctionalConfig;
function functionalConfig(topology: Record<string, unknown>, required: false): FunctionalConfig | null;
function functionalConfig(topology: Record<string, unknown>, required = true): FunctionalConfig | null {
  const root = (topology.model_config ?? topology) as { class_name?: unknown; config?: Partial<FunctionalConfig> };
  const config = root.config;
  const ok = config && Array.isArray(config.layers) && Array.isArray(config.input_layers) && Array.isArray(config.output_layers)
    && config.input_layers.length === 1 && config.output_layers.length === 1;
  if (ok) return config as FunctionalConfig;
  if (!required) return null;
  throw new Error('Only a functional model with one input and one output can be exported this way');
}

function appendSoftmax(config: FunctionalConfig): void {
  const [output] = config.output_layers;
  if (!output) throw new Error('The model has no output layer');
  const layer = layerJson(tf.layers.activation({ name: EXPORT_SOFTMAX_LAYER, activation: 'softmax' }), [null, 2]);
  layer.inbound_nodes = [[[output[0], output[1], output[2], {}]]];
  config.layers.push(layer);
  config.output_layers = [[EXPORT_SOFTMAX_LAYER, 0, 0]];
}

/** A 1×1 depthwise convolution (every runtime and tfjs 1.x know it) right after the input: value·scale + offset. */
function insertInputRescale(config: FunctionalConfig, rescale: InputRescale): { specs: tf.io.WeightsManifestEntry[]; bytes: Uint8Array } {
  const [input] = config.input_layers;
  if (!input) throw new Error('The model has no input layer');
  const channels = 3;
  for (const layer of config.layers) {
    for (const node of layer.inbound_nodes) {
      for (const ref of node) if (ref[0] === input[0]) ref[0] = EXPORT_INPUT_SCALE_LAYER;
    }
  }
  const layer = layerJson(tf.layers.depthwiseConv2d({ name: EXPORT_INPUT_SCALE_LAYER, kernelSize: 1, depthMultiplier: 1, useBias: true }), [null, 1, 1, channels]);
  layer.inbound_nodes = [[[input[0], input[1], input[2], {}]]];
  const inputIndex = config.layers.findIndex((l) => l.name === input[0]);
  config.layers.splice(inputIndex + 1, 0, layer);
  const kernel = new Float32Array(channels).fill(rescale.scale);
  const bias = new Float32Array(channels).fill(rescale.offset);
  return {
    specs: [
      { name: `${EXPORT_INPUT_SCALE_LAYER}/depthwise_kernel`, shape: [1, 1, channels, 1], dtype: 'float32' },
      { name: `${EXPORT_INPUT_SCALE_LAYER}/bias`, shape: [channels], dtype: 'float32' },
    ],
    bytes: concatBytes([new Uint8Array(kernel.buffer), new Uint8Array(bias.buffer)]),
  };
}

/** Consumers of `name` read its input instead, and the layer goes. */
function bypassLayer(config: FunctionalConfig, name: string): void {
  const layer = config.layers.find((l) => l.name === name);
  const source = layer?.inbound_nodes[0]?.[0];
  if (!layer || !source) return;
  for (const other of config.layers) {
    for (const node of other.inbound_nodes) {
      for (const ref of node) if (ref[0] === name) [ref[0], ref[1], ref[2]] = [source[0], source[1], source[2]];
    }
  }
  config.output_layers = config.output_layers.map((ref) => (ref[0] === name ? [source[0], source[1], source[2]] : ref));
  config.layers = config.layers.filter((l) => l !== layer);
}

/** A layer's saved JSON, written by tfjs itself (so every field is the one loaders expect), via a throwaway model. */
function layerJson(layer: tf.layers.Layer, inputShape: (number | null)[]): LayerJson {
  const input = tf.input({ batchShape: inputShape });
  const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
  try {
    const saved = model.toJSON(null, false) as unknown as { config: FunctionalConfig };
    const found = saved.config.layers.find((l) => l.name === layer.name);
    if (!found) throw new Error(`tfjs did not save the layer ${layer.name}`);
    return found;
  } finally {
    model.dispose();
  }
}

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, string: 0 };

function byteSize(spec: tf.io.WeightsManifestEntry): number {
  const values = spec.shape.reduce((a, b) => a * b, 1);
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytes = BYTES_PER_VALUE[dtype];
  if (!bytes) throw new Error(`Weight ${spec.name} has a type (${dtype}) the studio does not read`);
  return values * bytes;
}

