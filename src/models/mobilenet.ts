import * as tf from '@tensorflow/tfjs';
import { addClassifierHead, type HeadOptions } from './head';

/** Where the TensorFlow.js team hosts the Keras-application MobileNets (layers format). */
export const TFJS_MODELS_BASE_URL = 'https://storage.googleapis.com/tfjs-models/tfjs/';

/** The last feature layer of Keras MobileNet v1: everything after it is the ImageNet classifier. */
export const MOBILENET_FEATURE_LAYER = 'conv_pw_13_relu';

export interface MobileNetVariant {
  id: string;
  label: string;
  alpha: number;
  inputSize: number;
  /** model.json relative to a base URL, so a mirror or a local copy can replace the official host. */
  path: string;
  featureLayer: string;
  /** Output of the feature layer without the batch dimension. */
  featureShape: [number, number, number];
}

function variant(alphaText: string, alpha: number, label: string): MobileNetVariant {
  return {
    id: `mobilenet_v1_${alphaText}_224`,
    label,
    alpha,
    inputSize: 224,
    path: `mobilenet_v1_${alphaText}_224/model.json`,
    featureLayer: MOBILENET_FEATURE_LAYER,
    featureShape: [7, 7, Math.round(1024 * alpha)],
  };
}

export const MOBILENET_VARIANTS = {
  v025: variant('0.25', 0.25, 'MobileNet v1 0.25 (ImageNet, ~1.9 MB)'),
  v050: variant('0.50', 0.5, 'MobileNet v1 0.50 (ImageNet)'),
  v100: variant('1.0', 1.0, 'MobileNet v1 1.0 (ImageNet)'),
} as const satisfies Record<string, MobileNetVariant>;

export function mobileNetUrl(v: MobileNetVariant, baseUrl: string = TFJS_MODELS_BASE_URL): string {
  return baseUrl.endsWith('/') ? `${baseUrl}${v.path}` : `${baseUrl}/${v.path}`;
}

/**
 * Loads a layers-format model. Accepts an IOHandler too so tests (and dropped local files) can
 * bypass HTTP; tfjs reports progress only for its own HTTP handler.
 */
export function loadMobileNet(
  source: string | tf.io.IOHandler,
  onProgress?: (fraction: number) => void,
): Promise<tf.LayersModel> {
  return tf.loadLayersModel(source, onProgress ? { onProgress } : undefined);
}

/** Backbones whose unused tail was already freed, so a second attachHead does not double-dispose. */
const trimmedBackbones = new WeakSet<tf.LayersModel>();

/**
 * Builds ONE flat functional model: the backbone's own layers up to `featureLayerName`, then a
 * fresh `head_*` classifier. Reusing the layers (not nesting the backbone as a sub-model) keeps
 * every layer visible to the block grouping, FreezeState and the per-layer forward executor.
 *
 * Ownership: the backbone's layers after the feature layer (MobileNet's 1000-class classifier,
 * over half of the 0.25 model's weights) are disposed, so the backbone itself must not be used for
 * prediction afterwards. Calling attachHead again on the same backbone is fine; the new model
 * shares the backbone weights with the first one.
 */
export function attachHead(backbone: tf.LayersModel, featureLayerName: string, head: HeadOptions): tf.LayersModel {
  const featureLayer = backbone.layers.find((l) => l.name === featureLayerName);
  if (!featureLayer) throw new Error(`The backbone "${backbone.name}" has no layer named "${featureLayerName}"`);
  if (featureLayer.inboundNodes.length !== 1) {
    throw new Error(`Feature layer "${featureLayerName}" is used ${featureLayer.inboundNodes.length} times; expected exactly once`);
  }
  const features = featureLayer.output as tf.SymbolicTensor;
  if (features.shape.length !== 4) {
    throw new Error(`Feature layer "${featureLayerName}" outputs rank ${features.shape.length}; the head needs an image feature map [batch, h, w, c]`);
  }
  // Only the layers kept (those feeding the feature layer) can clash with the new head's names.
  const kept = tf.model({ inputs: backbone.inputs, outputs: features });
  const clash = kept.layers.find((l) => l.name.startsWith('head_'));
  if (clash) throw new Error(`The backbone already has a layer named "${clash.name}"; the head_ prefix is reserved for the new head`);

  const logits = addClassifierHead(features, head);
  const model = tf.model({ inputs: backbone.inputs, outputs: logits, name: `${backbone.name}_finetune` });
  disposeDroppedLayers(backbone, model);
  return model;
}

function disposeDroppedLayers(backbone: tf.LayersModel, kept: tf.LayersModel): void {
  if (trimmedBackbones.has(backbone)) return;
  trimmedBackbones.add(backbone);
  const keptLayers = new Set(kept.layers);
  for (const layer of backbone.layers) {
    if (!keptLayers.has(layer) && layer.weights.length > 0) layer.dispose();
  }
}
