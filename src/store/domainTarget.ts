import { targetClassMismatch, type DatasetManifest, type DatasetSource, type TrainingForm } from '../contract';

/**
 * Why the training form's target domain (issue 22) cannot serve the dataset loaded now, as a key of the
 * 'adaptation' catalogue's `domain.refusals` section with its values; null when it can. The engine
 * refuses the same cases when a run starts.
 */
export type DomainRefusal =
  | { key: 'shiftedNeedsSample' }
  | { key: 'pickDataset' }
  | { key: 'sameDataset' }
  | { key: 'datasetGone' }
  | { key: 'classMismatch'; name: string; missing: string[]; extra: string[] }
  | { key: 'adaptationNeedsTarget' };

export function domainRefusal(
  form: Pick<TrainingForm, 'domainTarget' | 'domainTargetDatasetId' | 'domainAdaptation'>,
  source: { source: DatasetSource; classNames: readonly string[] } | null,
  datasets: readonly Pick<DatasetManifest, 'id' | 'name' | 'classNames'>[],
): DomainRefusal | null {
  const target = form.domainTarget ?? 'none';
  if (target === 'none') return (form.domainAdaptation ?? 'none') !== 'none' ? { key: 'adaptationNeedsTarget' } : null;
  if (!source) return null;
  if (target === 'shiftedSample') return source.source.kind === 'sample' ? null : { key: 'shiftedNeedsSample' };
  if (!form.domainTargetDatasetId) return { key: 'pickDataset' };
  if (source.source.kind === 'stored' && source.source.datasetId === form.domainTargetDatasetId) return { key: 'sameDataset' };
  const picked = datasets.find((d) => d.id === form.domainTargetDatasetId);
  if (!picked) return { key: 'datasetGone' };
  const mismatch = targetClassMismatch(source.classNames, picked.classNames);
  return mismatch ? { key: 'classMismatch', name: picked.name, ...mismatch } : null;
}
