import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';

/**
 * Test support only (Node): an IOHandler reading a layers model (model.json + shards) from a folder.
 * tfjs's own file:// handler lives in tfjs-node, which this project does not ship.
 */
export function fileSystemHandler(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const modelJson = JSON.parse(await fs.promises.readFile(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const shard of group.paths) {
            const bytes = await fs.promises.readFile(path.join(dir, shard));
            // A Node Buffer may be a view into a shared pool; copy out exactly its bytes.
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
          }
        }
        return [specs, buffers];
      });
    },
  };
}

/** The shared MobileNet v1 0.25 folder (outside the repo), or null when this checkout lacks it. */
export function sharedMobileNetDir(): string | null {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/models/mobilenet_v1_0.25_224');
  return fs.existsSync(path.join(dir, 'model.json')) ? dir : null;
}
