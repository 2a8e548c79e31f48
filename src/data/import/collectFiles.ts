import type { ImportFile } from './importer';
import { importedDatasetName } from './names';

/**
 * Turns what the user chose or dropped into files with their relative paths. Runs on the page (the
 * DataTransfer is only readable inside the drop event); the files themselves are read in the worker.
 */
export function filesFromInput(list: FileList | null): ImportFile[] {
  return Array.from(list ?? [], (file) => ({ path: file.webkitRelativePath || file.name, file }));
}

interface HandleItem {
  getAsFileSystemHandle?: () => Promise<FileSystemHandle | null>;
}

/** Must be called inside the drop handler: every item is claimed before the first await. */
export function filesFromDrop(transfer: DataTransfer): Promise<ImportFile[]> {
  const claims: Promise<ImportFile[]>[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    const file = item.getAsFile();
    const asFile = (): ImportFile[] => (file ? [{ path: file.name, file }] : []);
    const handleItem = item as DataTransferItem & HandleItem;
    if (typeof handleItem.getAsFileSystemHandle === 'function') {
      const fallback = () => (entry ? walkEntry(entry) : asFile());
      claims.push(handleItem.getAsFileSystemHandle().then((handle) => (handle ? walkHandle(handle, '') : fallback()), fallback));
    } else {
      claims.push(entry ? walkEntry(entry) : Promise.resolve(asFile()));
    }
  }
  return Promise.all(claims).then((lists) => lists.flat());
}

async function walkHandle(handle: FileSystemHandle, parent: string): Promise<ImportFile[]> {
  const path = parent ? `${parent}/${handle.name}` : handle.name;
  if (handle.kind === 'file') return [{ path, file: await (handle as FileSystemFileHandle).getFile() }];
  const out: ImportFile[] = [];
  // `values()` is in Chromium's FileSystemDirectoryHandle but not yet in TypeScript's DOM types.
  const directory = handle as FileSystemDirectoryHandle & { values(): AsyncIterable<FileSystemHandle> };
  for await (const child of directory.values()) out.push(...(await walkHandle(child, path)));
  return out;
}

async function walkEntry(entry: FileSystemEntry): Promise<ImportFile[]> {
  const path = entry.fullPath.replace(/^\//, '');
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ path, file }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const out: ImportFile[] = [];
  // readEntries returns at most ~100 entries per call: read until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return out;
    for (const child of batch) out.push(...(await walkEntry(child)));
  }
}

/** A name for a new dataset: the chosen folder's or zip's, else a dated default. */
export function datasetNameFor(files: ImportFile[]): string {
  const paths = files.map((f) => f.path.split('/').filter(Boolean));
  const first = paths[0] ?? [];
  const top = first[0];
  if (top === undefined) return `Images ${new Date().toLocaleDateString()}`;
  // A name over 100 characters is shortened, never refused (the import would fail at its end).
  if (paths.length === 1 && first.length === 1 && top.toLowerCase().endsWith('.zip')) return importedDatasetName(top.slice(0, -4));
  if (first.length >= 2 && paths.every((p) => p.length >= 2 && p[0] === top)) return importedDatasetName(top);
  return `Images ${new Date().toLocaleDateString()}`;
}
