import { errorMessage } from '../common/errors';
import type { ModelSpec } from '../contract';
import * as tf from '@tensorflow/tfjs';
import { attachHead } from './mobilenet';
import { atInputSize } from './pretrained';
import { headOptions } from './head';
import { parseModelCard, type ModelCard } from './modelCard';
import { i18n } from '../common/i18n/i18n';

/**
 * The pretrained backbone shipped with the studio in `public/models/thaw-shapes-cnn/`: a small CNN
 * (the catalog's small CNN at width 16, without its head) pretrained by `npm run pretrain` on ten
 * generated shapes. It is one of the studio's own assets, so it works offline with no download.
 */
export const BUILT_IN_BACKBONE = {
  directory: 'models/thaw-shapes-cnn/',
  featureLayer: 'block3_relu',
  /** The from-scratch model with the same architecture: the card's comparison trains it. */
  scratchEquivalent: { architecture: 'small-cnn', width: 8 },
  inputSize: 32,
} as const;

/** Absolute URL of a file of the built-in backbone, from the page or from a worker. */
export function builtInFileUrl(file: 'model.json' | 'card.json' | 'source-head.json'): string {
  return new URL(`${import.meta.env.BASE_URL}${BUILT_IN_BACKBONE.directory}${file}`, self.location.origin).href;
}

export async function loadBuiltInBackbone(onProgress: (fraction: number) => void): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(builtInFileUrl('model.json'), { onProgress });
  } catch (error) {
    throw new Error(
      i18n.t('engine:models.builtIn', { url: builtInFileUrl('model.json'), reason: errorMessage(error) }),
      { cause: error },
    );
  }
}

export async function loadBuiltInModelCard(): Promise<ModelCard> {
  const response = await fetch(builtInFileUrl('card.json'));
  if (!response.ok) throw new Error(`The model card could not be loaded (HTTP ${response.status})`);
  return parseModelCard(await response.json());
}

/** The backbone's 10-shape source head (JSON, checked by the caller against SOURCE_HEAD). */
export async function loadBuiltInSourceHead(): Promise<unknown> {
  const response = await fetch(builtInFileUrl('source-head.json'));
  if (!response.ok) throw new Error(`The built-in source head could not be loaded (HTTP ${response.status}); \`npm run source-head\` rebuilds it`);
  return response.json();
}

/** The fine-tuning model on the built-in backbone: resized to the spec's input, a fresh head on top. */
export async function modelOnBuiltInBackbone(backbone: tf.LayersModel, spec: ModelSpec): Promise<tf.LayersModel> {
  const resized = await atInputSize(backbone, spec.inputSize);
  return attachHead(resized, BUILT_IN_BACKBONE.featureLayer, headOptions(spec));
}
