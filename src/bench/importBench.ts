import * as Comlink from 'comlink';
import { importerApi } from '../store/importerClient';
import { deleteDataset } from '../persistence/datasets';
import { DEFAULT_SPLIT } from '../data/datasetEdits';

/**
 * The importer against a bare decode-and-resize loop on the same generated JPEGs, in one page:
 * images/s of each and their ratio. (The driver samples the renderer's memory meanwhile.)
 */
export interface ImportBenchResult {
  images: number;
  width: number;
  height: number;
  bareImagesPerSecond: number;
  importImagesPerSecond: number;
  importVsBareRatio: number;
  /** Starting the import worker (on a fresh clone's dev server: transforming its modules first), before the timed import. */
  importerStartSeconds: number;
}

/** A different two-colour gradient for each image number: generated benchmark images are not alike. */
export function paintGradient(context: OffscreenCanvasRenderingContext2D, index: number, width: number, height: number): void {
  const gradient = context.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, `hsl(${(index * 37) % 360} 70% 50%)`);
  gradient.addColorStop(1, `hsl(${(index * 91) % 360} 60% 30%)`);
  context.fillStyle = gradient;
  context.fillRect(0, 0, width, height);
}

async function generateJpegs(count: number, width: number, height: number): Promise<Blob[]> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  const blobs: Blob[] = [];
  for (let i = 0; i < count; i++) {
    paintGradient(context, i, width, height);
    context.fillStyle = '#fff';
    context.font = '48px sans-serif';
    context.fillText(`image ${i}`, 40 + (i % 200), 100 + (i % 300));
    blobs.push(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 }));
  }
  return blobs;
}

/** What any importer must do at least: decode each file and resize it to the stored size. */
async function bareLoop(blobs: Blob[], width: number, height: number): Promise<number> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  const start = performance.now();
  for (const blob of blobs) {
    const bitmap = await createImageBitmap(blob, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
    context.drawImage(bitmap, 0, 0);
    bitmap.close();
  }
  return blobs.length / ((performance.now() - start) / 1000);
}

export async function runImportBench(count: number): Promise<ImportBenchResult> {
  const width = 640;
  const height = 480;
  console.log(`[bench] import: generating ${count} JPEGs ${width}x${height}`);
  const blobs = await generateJpegs(count, width, height);
  console.log('[bench] import: bare decode-and-resize loop');
  const bareImagesPerSecond = await bareLoop(blobs, 256, 192);
  console.log('[bench] import: the studio importer (worker, hashing, re-encoding, IndexedDB)');
  // The worker starts (and, on a dev server, its modules are transformed) before the clock starts: a one-off
  // cost, reported apart, that on a fresh clone was a tenth of the import and pulled the ratio down.
  const startedAt = performance.now();
  const importer = importerApi();
  await importer.cancel();
  const importerStartSeconds = (performance.now() - startedAt) / 1000;
  const files = blobs.map((file, i) => ({ path: `bench/class${i % 4}/image${i}.jpg`, file }));
  const start = performance.now();
  const outcome = await importer.importFiles({ name: 'bench', files, split: DEFAULT_SPLIT }, Comlink.proxy(() => {}));
  const seconds = (performance.now() - start) / 1000;
  if (outcome.status !== 'done' || !outcome.manifest) throw new Error(`bench import failed: ${outcome.message}`);
  await deleteDataset(outcome.manifest.id);
  const importImagesPerSecond = outcome.imported / seconds;
  return {
    images: count, width, height, bareImagesPerSecond, importImagesPerSecond, importVsBareRatio: importImagesPerSecond / bareImagesPerSecond, importerStartSeconds,
  };
}
