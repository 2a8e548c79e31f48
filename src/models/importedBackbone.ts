import { inputShapeOf } from './modelShape';
import { errorMessage } from '../common/errors';
import type { ModelStore } from './modelStore';
import type { ImportedBackboneRef, ModelSpec } from '../contract';
import type * as tf from '@tensorflow/tfjs';
import { attachHead } from './mobilenet';
import { atInputSize } from './pretrained';
import { headOptions } from './head';
import { modelArtifacts } from './modelArchive';
import { i18n } from '../common/i18n/i18n';

/**
 * A user's own tfjs layers model used as a pretrained backbone: cut at its last image feature map,
 * given a fresh head, and kept in IndexedDB so checkpoints on it resume after a reload.
 */

const POOLING_OR_FLATTEN = new Set(['GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'GlobalAveragePooling1D', 'Flatten']);
const NESTED = new Set(['Model', 'Functional', 'Sequential']);

/**
 * The layer whose output the new head reads: the input of the first global pooling or flatten layer
 * (where a classifier starts), else the last layer with a spatial feature map larger than 1×1.
 */
export function findFeatureLayer(model: tf.LayersModel): string {
  const nested = model.layers.find((l) => NESTED.has(l.getClassName()));
  if (nested) {
    throw new Error(i18n.t('engine:import.nested', { name: nested.name }));
  }
  const inputShape = model.inputs.length === 1 ? inputShapeOf(model) : null;
  if (!inputShape || inputShape.length !== 4 || inputShape[3] !== 3) {
    throw new Error(i18n.t('engine:import.notRgbInput', { shape: JSON.stringify(model.inputs.map((i) => i.shape)) }));
  }
  if (inputShape[1] !== null && inputShape[2] !== null && inputShape[1] !== inputShape[2]) {
    throw new Error(i18n.t('engine:import.notSquare', { height: inputShape[1], width: inputShape[2] }));
  }
  const isFeatureMap = (layer: tf.layers.Layer) => {
    const shape = (layer.output as tf.SymbolicTensor).shape;
    return shape.length === 4 && layer.getClassName() !== 'InputLayer' && layer.inboundNodes.length === 1;
  };
  const classifierStart = model.layers.find((l) => POOLING_OR_FLATTEN.has(l.getClassName()));
  const inbound = classifierStart?.inboundNodes[0]?.inboundLayers[0];
  if (inbound && isFeatureMap(inbound)) return inbound.name;
  const spatial = model.layers.filter((l) => isFeatureMap(l) && ((l.output as tf.SymbolicTensor).shape[1] ?? 2) > 1);
  const last = spatial[spatial.length - 1];
  if (!last) throw new Error(i18n.t('engine:import.noFeatureMap'));
  return last.name;
}

const storageName = (id: string) => `imported-backbone-${id}`;

/** Content address of a model (SHA-256 of its files): the same model imported twice is stored once. */
async function contentId(model: tf.LayersModel): Promise<string> {
  const { modelJson, weights } = await modelArtifacts(model);
  const topology = new TextEncoder().encode(JSON.stringify(modelJson));
  const bytes = new Uint8Array(topology.length + weights.length);
  bytes.set(topology);
  bytes.set(weights, topology.length);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(hash.slice(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Saves the whole backbone (before any head replaces its tail); returns null with the reason when storage fails. */
export async function storeImportedBackbone(model: tf.LayersModel, name: string, featureLayer: string, store: ModelStore): Promise<{ ref: ImportedBackboneRef; warning: string | null }> {
  const inputSize = inputShapeOf(model)[1] ?? 0;
  const ref: ImportedBackboneRef = { id: await contentId(model), name, featureLayer, inputSize };
  try {
    await store.save(model, storageName(ref.id));
    return { ref, warning: null };
  } catch (error) {
    return { ref, warning: `The imported backbone could not be kept in this browser's storage (${errorMessage(error)}): training works now, but runs on it cannot be resumed after a reload.` };
  }
}

export async function loadImportedBackbone(ref: ImportedBackboneRef, store: ModelStore): Promise<tf.LayersModel> {
  const model = await store.load(storageName(ref.id));
  if (!model) throw new Error(i18n.t('engine:import.backboneGone', { name: ref.name }));
  return model;
}

export async function modelOnImportedBackbone(backbone: tf.LayersModel, ref: ImportedBackboneRef, spec: ModelSpec): Promise<tf.LayersModel> {
  const resized = await atInputSize(backbone, spec.inputSize);
  return attachHead(resized, ref.featureLayer, headOptions(spec));
}
