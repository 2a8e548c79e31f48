import { i18n } from '../common/i18n/i18n';
import { targetClassMapping, targetClassMismatch, type DatasetSource, type DomainTarget } from '../contract';
import { generateShiftedSample } from '../data/shiftedShapes';
import { loadImages, loadManifest } from '../persistence/datasets';
import { InMemoryPixels } from './data/pixelSource';
import { StoredPixels } from './data/storedPixels';
import { decodeToRgb } from './data/decodeImage';
import { labelFreeSplit, targetDomain, type TargetDomain } from './data/targetDomain';

/** Share of the shifted sample held out to score target accuracy when the sample has no validation share. */
const DEFAULT_TARGET_EVALUATION = 0.25;

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
    const images = generateShiftedSample(source.spec);
    const fraction = source.spec.validationFraction > 0 ? source.spec.validationFraction : DEFAULT_TARGET_EVALUATION;
    return targetDomain(new InMemoryPixels(images), images.labels, labelFreeSplit(images.labels.length, fraction, source.spec.seed), inputSize);
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
