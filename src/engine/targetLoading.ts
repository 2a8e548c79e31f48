import { i18n } from '../common/i18n/i18n';
import { targetClassMapping, targetClassMismatch, type DatasetSource, type DomainTarget } from '../contract';
import { generateShiftedSample } from '../data/shiftedShapes';
import { loadImages, loadManifest } from '../persistence/datasets';
import { InMemoryPixels } from './data/pixelSource';
import { StoredPixels } from './data/storedPixels';
import { decodeToRgb } from './data/decodeImage';
import { labelFreeSplit, targetDomain, type TargetDomain } from './data/targetDomain';

/**
 * The shifted sample is drawn at this many times the source's images per class and this share of it is held
 * out to score target accuracy (the rest feeds adaptation unlabelled): at the sample's 60 images per class,
 * 300 held-out target images, so one image is a third of a point of target accuracy, not 1.7 points.
 */
export const SHIFTED_SAMPLE_SCALE = 2;
export const SHIFTED_SAMPLE_EVALUATION = 0.5;

/**
 * A run's target domain from its config (issue 22): the sample's shifted drawing, generated from the
 * sample's own spec, or a second imported dataset with the same class names, streamed like the source.
 * Throws, saying why and what to change, when the target cannot serve this dataset.
 */
export async function loadTargetDomain(
  target: DomainTarget, source: DatasetSource, classNames: readonly string[], inputSize: number, decodedCacheBytes: number,
): Promise<TargetDomain> {
  if (target.kind === 'shiftedSample') {
    if (source.kind !== 'sample') {
      throw new Error(i18n.t('engine:domain.shiftedSampleOnly'));
    }
    const images = generateShiftedSample({ ...source.spec, imagesPerClass: source.spec.imagesPerClass * SHIFTED_SAMPLE_SCALE });
    return targetDomain(new InMemoryPixels(images), images.labels, labelFreeSplit(images.labels.length, SHIFTED_SAMPLE_EVALUATION, source.spec.seed), inputSize);
  }
  if (source.kind === 'stored' && source.datasetId === target.datasetId) {
    throw new Error(i18n.t('engine:domain.sameDataset'));
  }
  const manifest = await loadManifest(target.datasetId);
  if (!manifest) throw new Error(i18n.t('engine:domain.targetGone'));
  const mismatch = targetClassMismatch(classNames, manifest.classNames);
  if (mismatch) throw new Error(classMismatchMessage(manifest.name, mismatch));
  const mapping = targetClassMapping(classNames, manifest.classNames);
  const images = manifest.images;
  const labels = Int32Array.from(images, (image) => mapping[image.classIndex] ?? -1);
  const train = images.flatMap((image, i) => (image.split === 'train' ? [i] : []));
  const evaluation = images.flatMap((image, i) => (image.split === 'validation' ? [i] : []));
  if (train.length === 0 || evaluation.length === 0) {
    throw new Error(i18n.t('engine:domain.targetSplit', { name: manifest.name }));
  }
  const pixels = new StoredPixels(images, (ids) => loadImages(target.datasetId, ids), decodeToRgb, decodedCacheBytes, inputSize);
  return targetDomain(pixels, labels, { train, evaluation }, inputSize);
}

function classMismatchMessage(name: string, mismatch: { missing: string[]; extra: string[] }): string {
  const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
  const parts = [
    mismatch.missing.length > 0 ? i18n.t('engine:domain.lacks', { names: quoted(mismatch.missing) }) : '',
    mismatch.extra.length > 0 ? i18n.t('engine:domain.extra', { names: quoted(mismatch.extra) }) : '',
  ].filter(Boolean);
  return i18n.t('engine:domain.classMismatch', { name, parts: parts.join('; ') });
}
