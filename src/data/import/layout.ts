import { type SplitName } from '../../contract';
import { i18n } from '../../common/i18n/i18n';
export interface LayoutInput {
  path: string;
  size: number;
}

/**
 * `index` is the file's position in the input (two zip entries may share a path); `className` is the
 * class folder's name as written (not yet normalized: the importer names folders that differ only so).
 */
export type LayoutEntry =
  | { kind: 'image'; index: number; path: string; className: string; split: SplitName | null }
  | { kind: 'skip'; path: string; reason: string };

export interface Layout {
  entries: LayoutEntry[];
  /** Class names in first-seen order of their sorted paths. */
  classNames: string[];
  /** True when the folders named the split (train/val/test); the importer keeps it. */
  givenSplit: boolean;
}

const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'jfif', 'png', 'gif', 'webp', 'bmp']);
/** Picture formats the studio does not take, named as such (not as "not an image"). */
const OTHER_IMAGE_EXTENSIONS = new Set(['tif', 'tiff', 'avif', 'jxl', 'jp2', 'psd', 'ico', 'tga', 'dng', 'cr2', 'cr3', 'nef', 'arw', 'orf', 'rw2', 'raf']);
const SPLIT_FOLDERS: Record<string, SplitName> = {
  train: 'train', training: 'train',
  val: 'validation', valid: 'validation', validation: 'validation',
  test: 'test', testing: 'test',
};
const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini', '__macosx']);

export function segmentsOf(path: string): string[] {
  return rawSegmentsOf(path.normalize('NFC'));
}

/** NFC keeps the segments as they are in number: the n-th raw segment is the n-th normalized one. */
function rawSegmentsOf(path: string): string[] {
  return path.split(/[\\/]+/).filter((s) => s.length > 0 && s !== '.');
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Why a file cannot be an image of the dataset, judged by its name and size alone; null when it may be one. */
export function fileNameProblem(segments: string[], size: number): string | null {
  if (segments.includes('..')) return i18n.t('importer:skip.outside');
  if (segments.some((s) => s.startsWith('.') || SYSTEM_FILES.has(s.toLowerCase()))) return i18n.t('importer:skip.hidden');
  const ext = extensionOf(segments[segments.length - 1] ?? '');
  if (OTHER_IMAGE_EXTENSIONS.has(ext)) return i18n.t('importer:skip.convert', { format: ext.toUpperCase() });
  if (ext === 'svg' || ext === 'svgz') return i18n.t('importer:skip.svg');
  if (ext === 'heic' || ext === 'heif') return i18n.t('importer:skip.heic');
  if (!IMAGE_EXTENSIONS.has(ext)) return ext ? i18n.t('importer:skip.notImage', { extension: ext }) : i18n.t('importer:skip.notImageNoExtension');
  if (size === 0) return i18n.t('importer:skip.empty');
  return null;
}

export function parseLayout(files: LayoutInput[]): Layout {
  const sorted = files.map((file, index) => ({ ...file, index })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.index - b.index));
  const candidates: { index: number; path: string; segments: string[]; raw: string[] }[] = [];
  const entries: LayoutEntry[] = [];
  for (const file of sorted) {
    const segments = segmentsOf(file.path);
    const problem = segments.length === 0 ? i18n.t('importer:skip.emptyPath') : fileNameProblem(segments, file.size);
    if (problem) entries.push({ kind: 'skip', path: file.path, reason: problem });
    else candidates.push({ index: file.index, path: file.path, segments, raw: rawSegmentsOf(file.path) });
  }
  const depth = commonRootDepth(candidates.map((c) => c.segments));
  const relative = candidates.map((c) => ({ ...c, segments: c.segments.slice(depth), raw: c.raw.slice(depth) }));
  const topFolders = new Set(relative.filter((c) => c.segments.length > 1).map((c) => (c.segments[0] ?? '').toLowerCase()));
  const givenSplit = topFolders.size > 0 && [...topFolders].every((f) => f in SPLIT_FOLDERS) && [...topFolders].some((f) => SPLIT_FOLDERS[f] === 'train');
  const classNames: string[] = [];
  for (const { index, path, segments, raw } of relative) {
    const classDepth = givenSplit ? 1 : 0;
    if (segments.length <= classDepth + 1) {
      entries.push({ kind: 'skip', path, reason: i18n.t(givenSplit && segments.length === 2 ? 'importer:skip.notInClassOfSplit' : 'importer:skip.notInClass') });
      continue;
    }
    // segments.length > classDepth + 1 (checked above): the class folder and the split folder are there.
    const className = segments[classDepth]!;
    if (!classNames.includes(className)) classNames.push(className);
    entries.push({ kind: 'image', index, path, className: raw[classDepth] ?? className, split: givenSplit ? SPLIT_FOLDERS[segments[0]!.toLowerCase()] ?? null : null });
  }
  return { entries, classNames, givenSplit };
}

/**
 * How many leading folders every file shares and that can be dropped: a chosen `flowers/` folder or a
 * zip's single top folder. It stops before the files would lie at the root, so a lone folder of
 * images stays their class.
 */
function commonRootDepth(paths: string[][]): number {
  let depth = 0;
  for (;;) {
    const first = paths[0]?.[depth];
    if (first === undefined) return depth;
    const shared = paths.every((p) => p.length > depth + 1 && p[depth] === first);
    const leavesSubfolders = paths.some((p) => p.length > depth + 2);
    if (!shared || !leavesSubfolders) return depth;
    depth++;
  }
}
