import * as tf from '@tensorflow/tfjs';
import { errorMessage } from '../common/errors';
import type { HeatmapBlock } from '../contract';
import type { Block } from '../freeze/blocks';
import { findFeatureLayer } from '../models/importedBackbone';
import { valueAt } from './arrays';
import { computeInto } from './forward';
import { i18n } from '../common/i18n/i18n';

/** Where a heatmap is taken: a block and the layer whose output is its feature map. */
export interface HeatmapTarget {
  block: Block;
  layerName: string;
}

/** A Grad-CAM map at the input's resolution (or `side`), with the class it explains and every class's probability. */
export interface GradCamMaps {
  classIndex: number;
  probabilities: Float32Array;
  featureShape: [number, number, number];
  side: number;
  heat: Float32Array;
}

const inference = () => false;

function outputShapeOf(model: tf.LayersModel, layerName: string): (number | null)[] {
  return (model.getLayer(layerName).output as tf.SymbolicTensor).shape;
}

/** A block's output is a feature map when its last layer's output is [batch, height, width, channels]. */
function isSpatial(model: tf.LayersModel, block: Block): boolean {
  const last = block.layerNames.at(-1);
  return last !== undefined && outputShapeOf(model, last).length === 4;
}

/** The blocks a heatmap can be taken at: those ending in a spatial feature map. */
export function heatmapBlocks(model: tf.LayersModel, blocks: Block[]): HeatmapBlock[] {
  return blocks.filter((b) => isSpatial(model, b)).map((b) => ({ id: b.id, name: b.name }));
}

/**
 * The layer to differentiate against: by default the last feature map (what the classifier pools), else
 * the output of the chosen block. A refusal names the block and says what to pick instead.
 */
export function heatmapTarget(model: tf.LayersModel, blocks: Block[], blockId: string | null): HeatmapTarget {
  if (blockId === null) {
    let layerName: string;
    try {
      layerName = findFeatureLayer(model);
    } catch (error) {
      throw new Error(i18n.t('engine:heatmap.noHeatmap', { reason: errorMessage(error) }), { cause: error });
    }
    const block = blocks.find((b) => b.layerNames.includes(layerName));
    if (!block) throw new Error(i18n.t('engine:heatmap.noBlockForFeatures', { layer: layerName }));
    return { block, layerName };
  }
  const block = blocks.find((b) => b.id === blockId);
  if (!block) throw new Error(i18n.t('engine:heatmap.unknownBlock', { block: blockId, blocks: blocks.map((b) => b.name).join(', ') }));
  if (!isSpatial(model, block)) {
    const spatial = heatmapBlocks(model, blocks).map((b) => b.name);
    throw new Error(i18n.t('engine:heatmap.notSpatial', { block: block.name, blocks: spatial.join(', ') }));
  }
  return { block, layerName: valueAt(block.layerNames, block.layerNames.length - 1) };
}

/**
 * Grad-CAM (Selvaraju et al.) of one image `input` [1, H, W, 3] for `classIndex` (null: the top class) at the
 * output of `layerName`: the gradient of the class's logit with respect to that feature map, averaged over
 * space into one weight per channel, ReLU(Σ weight · map), upsampled bilinearly to `side` and divided by its
 * maximum (0..1; all zeros when nothing raised the score). Every tensor it makes is disposed.
 */
export async function gradCam(model: tf.LayersModel, input: tf.Tensor4D, layerName: string, classIndex: number | null, side = input.shape[1]): Promise<GradCamMaps> {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const featureLayer = model.getLayer(layerName);
  const featureId = (featureLayer.output as tf.SymbolicTensor).id;
  const outputId = valueAt(model.outputs, 0).id;
  const split = layers.indexOf(featureLayer) + 1;
  // Every value of the prefix is kept: a skip connection in the suffix may read one besides the feature map.
  const prefix = new Map<number, tf.Tensor>([[valueAt(model.inputs, 0).id, input]]);
  const made = () => [...prefix.values()].filter((t) => t !== input);
  try {
    tf.tidy(() => { tf.keep(computeInto(layers.slice(0, split), prefix, featureId, inference)); prefix.forEach((t) => tf.keep(t)); });
    const features = prefix.get(featureId) as tf.Tensor4D;
    if (features.rank !== 4) throw new Error(`The layer ${layerName} outputs no image-shaped feature map`);
    const logitsFrom = (f: tf.Tensor) => computeInto(layers.slice(split), new Map(prefix).set(featureId, f), outputId, inference) as tf.Tensor2D;
    const probabilities = await readAndDispose(tf.tidy(() => tf.softmax(logitsFrom(features))));
    const chosen = classIndex ?? argMax(probabilities);
    if (chosen >= probabilities.length) throw new Error(i18n.t('engine:heatmap.noClass', { count: probabilities.length, class: chosen + 1 }));
    const heat = await readAndDispose(tf.tidy(() => camOf(features, logitsFrom, chosen, side)));
    const [, h, w, c] = features.shape;
    return { classIndex: chosen, probabilities, featureShape: [h, w, c], side, heat };
  } finally {
    tf.dispose(made());
  }
}

/** The normalised class-activation map of `features` for class `k`, [side · side]. */
function camOf(features: tf.Tensor4D, logitsFrom: (f: tf.Tensor) => tf.Tensor2D, k: number, side: number): tf.Tensor1D {
  const gradients = tf.grad((f: tf.Tensor) => logitsFrom(f).slice([0, k], [1, 1]).sum())(features) as tf.Tensor4D;
  const weights = gradients.mean([1, 2], true);
  const cam = tf.relu(features.mul(weights).sum(-1, true)) as tf.Tensor4D;
  const upsampled = tf.image.resizeBilinear(cam, [side, side], false, true);
  // Divided by the maximum, not stretched from the minimum: zero stays "no contribution".
  return upsampled.div(tf.maximum(upsampled.max(), 1e-12)).reshape([side * side]);
}

async function readAndDispose(tensor: tf.Tensor): Promise<Float32Array> {
  try {
    return (await tensor.data()) as Float32Array;
  } finally {
    tensor.dispose();
  }
}

function argMax(values: Float32Array): number {
  let best = 0;
  values.forEach((v, i) => { if (v > (values[best] ?? -Infinity)) best = i; });
  return best;
}
