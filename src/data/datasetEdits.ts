import type { DatasetManifest, SplitName, SplitSettings, StoredImageMeta } from '../contract';
import { classesTooSmallForSplit, stratifiedSplit } from './split';
import { i18n } from '../common/i18n/i18n';

/**
 * Edits of an imported dataset, as pure functions from manifest to manifest: the store persists the
 * result. Each refuses bad input with an Error whose message the user sees.
 */
export const DEFAULT_SPLIT: SplitSettings = { seed: 1, validationPercent: 20, testPercent: 0 };

export function validateSplit(settings: SplitSettings): string | null {
  const { validationPercent: v, testPercent: t, seed } = settings;
  if (![v, t].every((p) => Number.isFinite(p) && p >= 0 && p <= 90)) return 'Percentages must be between 0 and 90';
  if (v + t > 90) return 'Validation and test together may take at most 90% (training needs images)';
  if (!Number.isInteger(seed) || seed < 0) return 'The seed must be a whole number ≥ 0';
  return null;
}

/** Draws the seeded stratified split again for every image whose split the folders did not name. */
export function assignSplit(manifest: DatasetManifest, settings: SplitSettings): DatasetManifest {
  const problem = validateSplit(settings);
  if (problem) throw new Error(problem);
  const free = manifest.images.filter((image) => !image.givenSplit);
  const parts = stratifiedSplit(free.map((image) => image.classIndex), manifest.classNames.length, settings.validationPercent / 100, settings.seed, settings.testPercent / 100);
  const splitOf = new Map<number, SplitName>();
  for (const [name, positions] of [['train', parts.train], ['validation', parts.validation], ['test', parts.test]] as const) {
    for (const p of positions) {
      const image = free[p];
      if (image) splitOf.set(image.id, name);
    }
  }
  const images = manifest.images.map((image) => (image.givenSplit ? image : { ...image, split: splitOf.get(image.id) ?? 'train' }));
  return { ...manifest, images, split: settings };
}

export function countsBySplit(manifest: DatasetManifest): Record<SplitName | 'all', number[]> {
  const zero = () => new Array<number>(manifest.classNames.length).fill(0);
  const counts = { all: zero(), train: zero(), validation: zero(), test: zero() };
  // A manifest's class indices are checked against its class list when it is read (DATASET_MANIFEST).
  const add = (row: number[], c: number) => { row[c] = (row[c] ?? 0) + 1; };
  for (const image of manifest.images) {
    add(counts.all, image.classIndex);
    add(counts[image.split], image.classIndex);
  }
  return counts;
}

/** Classes that cannot give an image to each part of the split (flagged in the dataset view). */
export function smallClasses(manifest: DatasetManifest): string[] {
  const counts = countsBySplit(manifest).all;
  const given = manifest.images.some((image) => image.givenSplit);
  if (given) {
    const bySplit = countsBySplit(manifest);
    return manifest.classNames.filter((_, c) => bySplit.train[c] === 0 || bySplit.validation[c] === 0);
  }
  return classesTooSmallForSplit(counts, manifest.split.validationPercent / 100, manifest.split.testPercent / 100).map((c) => manifest.classNames[c] ?? `class ${c + 1}`);
}

export function cleanName(name: string, what: 'class' | 'dataset'): string {
  const trimmed = name.normalize('NFC').trim();
  if (!trimmed) throw new Error(i18n.t(`store:datasets.nameEmpty.${what}`));
  if (trimmed.length > 100) throw new Error(i18n.t(`store:datasets.nameTooLong.${what}`));
  return trimmed;
}

export function renameClass(manifest: DatasetManifest, classIndex: number, name: string): DatasetManifest {
  const clean = cleanName(name, 'class');
  if (manifest.classNames.some((other, i) => i !== classIndex && other === clean)) throw new Error(i18n.t('store:datasets.classExists', { name: clean }));
  return { ...manifest, classNames: manifest.classNames.map((c, i) => (i === classIndex ? clean : c)) };
}

/** Moves every image of `from` into `into` and removes `from`; the split is drawn again. */
export function mergeClasses(manifest: DatasetManifest, from: number, into: number): DatasetManifest {
  if (from === into) throw new Error(i18n.t('store:datasets.mergeSame'));
  const moved = manifest.images.map((image) => (image.classIndex === from ? { ...image, classIndex: into } : image));
  return withoutClass({ ...manifest, images: moved }, from);
}

export function deleteClass(manifest: DatasetManifest, classIndex: number): DatasetManifest {
  return withoutClass({ ...manifest, images: manifest.images.filter((image) => image.classIndex !== classIndex) }, classIndex);
}

export function removeImages(manifest: DatasetManifest, imageIds: number[]): DatasetManifest {
  const doomed = new Set(imageIds);
  return assignSplit({ ...manifest, images: manifest.images.filter((image) => !doomed.has(image.id)) }, manifest.split);
}

function withoutClass(manifest: DatasetManifest, classIndex: number): DatasetManifest {
  const images: StoredImageMeta[] = manifest.images.map((image) => ({ ...image, classIndex: image.classIndex > classIndex ? image.classIndex - 1 : image.classIndex }));
  const classNames = manifest.classNames.filter((_, i) => i !== classIndex);
  return assignSplit({ ...manifest, classNames, images }, manifest.split);
}
