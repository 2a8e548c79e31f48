import * as tf from '@tensorflow/tfjs';
import { i18n } from '../common/i18n/i18n';

/**
 * Backbones kept in IndexedDB through tfjs's own `indexeddb://` model storage: downloaded MobileNets
 * (so the studio works offline after the first download) and models imported as backbones (so runs on
 * them resume after a reload). Structurally the models module's ModelStore.
 */
const url = (name: string) => `indexeddb://thaw-${name}`;

export const INDEXEDDB_MODEL_STORE = {
  async load(name: string): Promise<tf.LayersModel | undefined> {
    if (typeof indexedDB === 'undefined') return undefined;
    try {
      return await tf.loadLayersModel(url(name));
    } catch {
      // Not kept yet, or the record is unreadable: the caller downloads or asks for the files again.
      return undefined;
    }
  },
  async save(model: tf.LayersModel, name: string): Promise<void> {
    if (typeof indexedDB === 'undefined') throw new Error(i18n.t('engine:storage.noIndexedDb'));
    await model.save(url(name));
  },
};
