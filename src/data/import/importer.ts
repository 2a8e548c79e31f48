import { errorMessage, isQuotaError } from '../../common/errors';
import type { DatasetManifest, DuplicateFile, SkippedFile, SplitSettings, StoredImage, StoredImageMeta } from '../../contract';
import { parseLayout, type LayoutEntry, type LayoutInput } from './layout';
import { assignSplit } from '../datasetEdits';
import { importedClassName, importedDatasetName, normalizationNotes } from './names';
import { formatNumber, i18n } from '../../common/i18n/i18n';

/**
 * The import pipeline, free of browser globals so it is unit-tested in Node: layout → per-file
 * processing (a few files in flight) → image records in batches → the manifest last. Cancel and
 * failure roll back the records this import wrote, so the stored datasets stay as they were.
 */
export interface ImportFile {
  path: string;
  file: Blob;
}

/**
 * A file as the pipeline sees it: its path and size are known up front (for the layout), its bytes
 * only while `use` runs (a zip entry is inflated for it and released after).
 */
export interface ImportSource {
  path: string;
  size: number;
  use<T>(work: (file: FileBytes) => Promise<T>): Promise<T | { skip: string }>;
}

/** A chosen file as it is, or a zip entry's inflated bytes. */
export type FileBytes = Blob | Uint8Array<ArrayBuffer>;

export function fileSource(item: ImportFile): ImportSource {
  return { path: item.path, size: item.file.size, use: (work) => work(item.file) };
}

/** What the page asks the import worker for. */
export interface ImportRequest {
  /** Set to add images to an existing dataset; otherwise a new dataset named `name` is made. */
  datasetId?: string;
  name: string;
  files: ImportFile[];
  split: SplitSettings;
  /** Every file goes into this class (the "add images to a class" action). */
  intoClass?: string;
  /** Files refused before the pipeline (e.g. oversized zip entries), reported with the rest. */
  skippedBefore?: SkippedFile[];
  /** Camera frames recorded in the studio: their records say so. */
  origin?: 'camera';
}

/** What the pipeline runs: the request with its files (and zips' entries) as sources. */
export interface ImportJob extends Omit<ImportRequest, 'files'> {
  sources: ImportSource[];
  /** Lines for the report from before the pipeline (e.g. a zip's entries sharing a name). */
  notesBefore?: string[];
}

export interface ImportProgress {
  done: number;
  total: number;
  current: string;
  imported: number;
  skipped: number;
}

export interface ImportOutcome {
  status: 'done' | 'cancelled' | 'failed';
  /** Why it failed or stopped, for the user. */
  message: string | null;
  manifest: DatasetManifest | null;
  imported: number;
  skipped: SkippedFile[];
  duplicates: DuplicateFile[];
  /** What the import changed on its way that the user should know (shortened or merged class names). */
  notes: string[];
}

export interface ProcessedImage {
  image: StoredImage;
  width: number;
  height: number;
  hash: string;
}

export type ProcessImage = (file: FileBytes) => Promise<ProcessedImage | { skip: string }>;

export interface ImportStorage {
  loadManifest(id: string): Promise<DatasetManifest | undefined>;
  markImportPending(datasetId: string): Promise<void>;
  putImages(datasetId: string, images: { id: number; image: StoredImage }[]): Promise<void>;
  commitManifest(manifest: DatasetManifest): Promise<void>;
  discardImages(datasetId: string, imageIds: number[]): Promise<void>;
}

export interface ImportDeps {
  process: ProcessImage;
  storage: ImportStorage;
  isCancelled: () => boolean;
  onProgress(progress: ImportProgress): void;
  newId(): string;
  /** Files decoded at once: the browser decodes off-thread, so a few in flight keep it busy. */
  concurrency?: number;
  /** Image records per IndexedDB transaction. */
  batchSize?: number;
}

type ImageEntry = Extract<LayoutEntry, { kind: 'image' }>;

/**
 * Each image's class from its folder's name: a blank name skips its files, a long one is shortened;
 * folders that normalize to one name are merged. None of these fails the import.
 */
function classesOf(entries: ImageEntry[], intoClass: string | undefined) {
  const images: (ImageEntry & { classLabel: string })[] = [];
  const skipped: SkippedFile[] = [];
  const notes = new Set<string>();
  for (const entry of entries) {
    const name = importedClassName(intoClass ?? entry.className);
    if ('skip' in name) { skipped.push({ path: entry.path, reason: name.skip }); continue; }
    if (name.note) notes.add(name.note);
    images.push({ ...entry, classLabel: name.name });
  }
  const folders = new Set(entries.map((e) => e.className));
  return { images, skipped, notes: [...notes, ...normalizationNotes(folders)] };
}

export async function runImport(request: ImportJob, deps: ImportDeps): Promise<ImportOutcome> {
  const existing = request.datasetId ? await deps.storage.loadManifest(request.datasetId) : undefined;
  if (request.datasetId && !existing) return failed(i18n.t('importer:outcome.datasetGone'), [], [], []);
  const datasetId = existing?.id ?? deps.newId();
  const inputs: LayoutInput[] = request.sources.map((f) => ({ path: request.intoClass ? `${request.intoClass}/${baseName(f.path)}` : f.path, size: f.size }));
  const layout = parseLayout(inputs);
  const classes = classesOf(layout.entries.flatMap((e) => (e.kind === 'image' ? [e] : [])), request.intoClass);
  const notes = [...(request.notesBefore ?? []), ...classes.notes];
  const skipped: SkippedFile[] = [...(request.skippedBefore ?? []), ...layout.entries.flatMap((e) => (e.kind === 'skip' ? [{ path: e.path, reason: e.reason }] : [])), ...classes.skipped];
  const duplicates: DuplicateFile[] = [];
  const candidates = classes.images;

  const classNames = [...(existing?.classNames ?? [])];
  const hashes = new Map((existing?.images ?? []).map((image) => [image.hash, image.path]));
  const images: StoredImageMeta[] = [];
  const written: number[] = [];
  let nextImageId = existing?.nextImageId ?? 0;
  let storedBytes = existing?.storedBytes ?? 0;
  let done = 0;
  let pendingBatch: { id: number; image: StoredImage }[] = [];
  const total = layout.entries.length + (request.skippedBefore?.length ?? 0);
  const skippedByLayout = skipped.length;
  const report = (current: string) => deps.onProgress({ done: skippedByLayout + done, total, current, imported: images.length, skipped: skipped.length + duplicates.length });

  // Writes run behind the decoding (one transaction at a time, at most two waiting), so storage and
  // decoding overlap. The chain never rejects: a failed write is kept and thrown at the next flush or at the end.
  let writing: Promise<void> = Promise.resolve();
  let writeError: Error | null = null;
  let waitingWrites = 0;
  const settleWrites = async () => {
    await writing;
    if (writeError) throw writeError;
  };
  const flush = async () => {
    if (writeError) throw writeError;
    if (pendingBatch.length === 0) return;
    const batch = pendingBatch;
    pendingBatch = [];
    written.push(...batch.map((b) => b.id));
    if (waitingWrites >= 2) await settleWrites();
    waitingWrites++;
    writing = writing
      .then(() => (writeError ? undefined : deps.storage.putImages(datasetId, batch)))
      .catch((error: unknown) => { writeError ??= error instanceof Error ? error : new Error(String(error)); })
      .finally(() => { waitingWrites--; });
  };

  try {
    await deps.storage.markImportPending(datasetId);
    const processed = mapInOrder(candidates, deps.concurrency ?? 4, deps.isCancelled, async (entry) => {
      try {
        // The layout was parsed from `request.sources`, so its index is always one of them.
        return await request.sources[entry.index]!.use(deps.process);
      } catch (error) {
        return { skip: i18n.t('importer:skip.unreadable', { reason: errorMessage(error) }) };
      }
    });
    for await (const [entry, result] of processed) {
      done++;
      if ('skip' in result) {
        skipped.push({ path: entry.path, reason: result.skip });
      } else if (hashes.has(result.hash)) {
        duplicates.push({ path: entry.path, duplicateOf: hashes.get(result.hash)! });
      } else {
        hashes.set(result.hash, entry.path);
        const className = entry.classLabel;
        if (!classNames.includes(className)) classNames.push(className);
        const id = nextImageId++;
        images.push({
          id, path: entry.path, classIndex: classNames.indexOf(className), hash: result.hash, width: result.width, height: result.height,
          split: entry.split ?? 'train', givenSplit: entry.split !== null, ...(request.origin === 'camera' ? { source: 'camera' as const } : {}),
        });
        storedBytes += result.image.bytes.byteLength;
        pendingBatch.push({ id, image: result.image });
        if (pendingBatch.length >= (deps.batchSize ?? 16)) await flush();
      }
      report(entry.path);
    }
    await writing;
    if (deps.isCancelled()) {
      await deps.storage.discardImages(datasetId, [...written, ...pendingBatch.map((b) => b.id)]);
      return { status: 'cancelled', message: i18n.t('importer:outcome.cancelled'), manifest: null, imported: 0, skipped, duplicates, notes };
    }
    await flush();
    await settleWrites();
    if (images.length === 0) {
      await deps.storage.discardImages(datasetId, []);
      return failed(i18n.t('importer:outcome.noneImported', { skipped: formatNumber(skipped.length), duplicates: formatNumber(duplicates.length) }), skipped, duplicates, notes);
    }
    const now = Date.now();
    const base: DatasetManifest = existing
      ? { ...existing, classNames, images: [...existing.images, ...images], nextImageId, storedBytes,
          skipped: [...existing.skipped, ...skipped], duplicates: [...existing.duplicates, ...duplicates] }
      : { version: 1, id: datasetId, name: importedDatasetName(request.name), createdAt: now, updatedAt: now, classNames, images, nextImageId,
          split: request.split, skipped, duplicates, storedBytes };
    const manifest = assignSplit(base, existing?.split ?? request.split);
    await deps.storage.commitManifest(manifest);
    return { status: 'done', message: null, manifest, imported: images.length, skipped, duplicates, notes };
  } catch (error) {
    await writing;
    await deps.storage.discardImages(datasetId, [...written, ...pendingBatch.map((b) => b.id)]).catch(() => undefined);
    const message = isQuotaError(error)
      ? i18n.t('importer:outcome.storageFull', { images: formatNumber(images.length) })
      : i18n.t('importer:outcome.failed', { reason: errorMessage(error) });
    return failed(message, skipped, duplicates, notes);
  }
}

function failed(message: string, skipped: SkippedFile[], duplicates: DuplicateFile[], notes: string[]): ImportOutcome {
  return { status: 'failed', message, manifest: null, imported: 0, skipped, duplicates, notes };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/**
 * Runs `work` on up to `concurrency` items at once and yields results in input order, so image ids
 * and the split do not depend on which decode finished first. Stops starting new work once cancelled.
 */
async function* mapInOrder<T, R>(items: T[], concurrency: number, isCancelled: () => boolean, work: (item: T) => Promise<R>): AsyncGenerator<[T, R]> {
  const inFlight: Promise<R>[] = [];
  let next = 0;
  const fill = () => {
    for (let item = items[next]; inFlight.length < concurrency && item !== undefined && !isCancelled(); item = items[++next]) inFlight.push(work(item));
  };
  fill();
  // Results come back in order: the i-th promise in flight is the i-th item's.
  for (let i = 0; ; i++) {
    const result = inFlight.shift();
    const item = items[i];
    if (!result || item === undefined) return;
    yield [item, await result];
    fill();
  }
}
