import { inputShapeOf } from './modelShape';
import { errorMessage } from '../common/errors';
import * as tf from '@tensorflow/tfjs';
import { loadMobileNet, mobileNetUrl, type MobileNetVariant } from './mobilenet';
import type { ModelStore } from './modelStore';
import { i18n } from '../common/i18n/i18n';

export interface BackboneLoadReport {
  /** Where the weights came from this time. */
  source: 'cache' | 'network';
  /** Set when the download worked but caching it for offline use did not (quota, private mode). */
  cacheWarning: string | null;
}

const cacheName = (variant: MobileNetVariant) => `backbone-${variant.id}`;

/**
 * Loads a pretrained MobileNet from the model store, or else from `baseUrl` (with progress) and
 * caches it, so the studio works offline after the first download.
 */
export async function loadCachedBackbone(
  variant: MobileNetVariant,
  baseUrl: string,
  onProgress: (fraction: number) => void,
  store: ModelStore,
): Promise<{ model: tf.LayersModel; report: BackboneLoadReport }> {
  const cached = await store.load(cacheName(variant));
  if (cached) {
    onProgress(1);
    return { model: cached, report: { source: 'cache', cacheWarning: null } };
  }
  const url = mobileNetUrl(variant, baseUrl);
  let model: tf.LayersModel;
  try {
    model = await loadMobileNet(url, onProgress);
  } catch (error) {
    const reason = errorMessage(error);
    throw new Error(
      i18n.t('engine:models.download', { model: variant.label, url, reason }),
      { cause: error },
    );
  }
  let cacheWarning: string | null = null;
  try {
    await store.save(model, cacheName(variant));
  } catch (error) {
    cacheWarning = `Downloaded, but not cached for offline use: ${errorMessage(error)}`;
  }
  return { model, report: { source: 'network', cacheWarning } };
}

/**
 * Rebuilds a backbone for another square input size with the same weights. Convolutions do not
 * care about the spatial size, and small inputs make fine-tuning on small images far cheaper.
 */
export async function atInputSize(backbone: tf.LayersModel, inputSize: number): Promise<tf.LayersModel> {
  const current = inputShapeOf(backbone);
  if (current[1] === inputSize && current[2] === inputSize) return backbone;
  const topology = backbone.toJSON(null, false) as { config: { layers: { config: Record<string, unknown> }[] } };
  const inputConfig = topology.config.layers[0]?.config;
  if (!inputConfig) throw new Error(`The backbone "${backbone.name}" has no input layer to resize`);
  inputConfig.batch_input_shape = [null, inputSize, inputSize, 3];
  const resized = await tf.models.modelFromJSON({ modelTopology: topology } as unknown as tf.io.ModelJSON);
  resized.setWeights(backbone.getWeights());
  backbone.dispose();
  return resized;
}
