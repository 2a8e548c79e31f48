import type * as tf from '@tensorflow/tfjs';
import { i18n } from '../common/i18n/i18n';

/**
 * Where downloaded and imported backbones are kept between visits. The models module only names what
 * it keeps; persistence/ implements it over IndexedDB and the engine hands it in, so this layer never
 * touches storage itself.
 */
export interface ModelStore {
  /** The model kept under this name, or undefined when there is none (or it cannot be read). */
  load(name: string): Promise<tf.LayersModel | undefined>;
  /** Throws when the browser refuses (quota, private browsing). */
  save(model: tf.LayersModel, name: string): Promise<void>;
}

/** No storage (Node tests, a browser without IndexedDB): nothing is found, nothing can be kept. */
export const NO_MODEL_STORE: ModelStore = {
  load: async () => undefined,
  save: async () => {
    throw new Error(i18n.t('engine:import.noModelStorage'));
  },
};
