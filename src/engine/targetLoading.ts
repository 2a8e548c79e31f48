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
      throw new Error('The shifted sample is the target domain of the sample dataset only. Load the sample dataset, or pick a second imported dataset with the same classes as the target.');
    }
    const images = generateShiftedSample(source.spec);
    const fraction = source.spec.validationFraction > 0 ? source.spec.validationFraction : DEFAULT_TARGET_EVALUATION;
    return targetDomain(new InMemoryPixels(images), images.labels, labelFreeSplit(images.labels.length, fraction, source.spec.seed), inputSize);
  }
  if (source.kind === 'stored' && source.datasetId === target.datasetId) {
    throw new Error('The target domain must be another dataset than the one trained on: pick a second imported dataset.');
  }
  const manifest = await loadManifest(target.datasetId);
  if (!manifest) throw new Error('The target dataset is not stored any more (deleted, or its record is damaged): pick another target.');
  const mismatch = targetClassMismatch(classNames, manifest.classNames);
  if (mismatch) throw new Error(classMismatchMessage(manifest.name, mismatch));
  const mapping = targetClassMapping(classNames, manifest.classNames);
  const images = manifest.images;
  const labels = Int32Array.from(images, (image) => mapping[image.classIndex] ?? -1);
  const train = images.flatMap((image, i) => (image.split === 'train' ? [i] : []));
  const evaluation = images.flatMap((image, i) => (image.split === 'validation' ? [i] : []));
  if (train.length === 0 || evaluation.length === 0) {
    throw new Error(`The target dataset "${manifest.name}" needs images in its training split (adapted to, unlabelled) and its validation split (scored): change its split.`);
  }
  const pixels = new StoredPixels(images, (ids) => loadImages(target.datasetId, ids), decodeToRgb, decodedCacheBytes, inputSize);
  return targetDomain(pixels, labels, { train, evaluation }, inputSize);
}

function classMismatchMessage(name: string, mismatch: { missing: string[]; extra: string[] }): string {
  const parts = [
    mismatch.missing.length > 0 ? `it lacks ${mismatch.missing.map((n) => `"${n}"`).join(', ')}` : '',
    mismatch.extra.length > 0 ? `it has ${mismatch.extra.map((n) => `"${n}"`).join(', ')} that this dataset has not` : '',
  ].filter(Boolean);
  return `"${name}" cannot be the target domain: a target needs the same class names as the dataset trained on, and ${parts.join('; ')}. Rename its classes, or pick another target.`;
}
