import { useEffect, useRef, useState } from 'react';
import { useDatasets } from '../../store/datasetsStore';
import { useStudio } from '../../store/studioStore';
import { countsBySplit, smallClasses } from '../../data/datasetEdits';
import { ClassCountsChart } from './ClassCountsChart';
import { ImbalanceWarning } from './ImbalanceWarning';
import { SplitForm } from './SplitForm';
import { ClassRow } from './ClassRow';
import { SkippedFilesTable } from './SkippedFilesTable';
import { formatBytes } from '../../common/formatBytes';
import { useCamera } from '../../store/cameraStore';

/** The inspected dataset: what is in it, how it is split, what was skipped; and its edits. */
export function DatasetView() {
  const manifest = useDatasets((s) => s.datasets.find((d) => d.id === s.inspectedId) ?? null);
  const actions = useDatasets.getState();
  const source = useStudio((s) => s.dataset?.source);
  const busy = useStudio((s) => s.runState === 'training' || s.runState === 'paused');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const section = useRef<HTMLElement>(null);
  const shownId = manifest?.id;
  // The view sits below the training panels: bring it into sight when a dataset is opened (import, Inspect).
  useEffect(() => {
    if (shownId) section.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [shownId]);
  if (!manifest) return null;
  const active = source?.kind === 'stored' && source.datasetId === manifest.id;
  const locked = busy && active;
  const counts = countsBySplit(manifest);
  const tooSmall = smallClasses(manifest);
  return (
    <section ref={section} className="panel dataset-view" aria-labelledby="dataset-view-heading">
      <h2 id="dataset-view-heading">Dataset: {manifest.name}</h2>
      <div className="dataset-header">
        <label>
          Dataset name{' '}
          <input
            aria-label="Dataset name" defaultValue={manifest.name} key={manifest.name} maxLength={100} disabled={locked}
            onBlur={(e) => { if (e.target.value !== manifest.name) void actions.renameDataset(manifest.id, e.target.value); }}
            onKeyDown={(e) => { if (e.key === 'Enter') (e.target as HTMLInputElement).blur(); }}
          />
        </label>
        {active ? <span className="hint">Training uses this dataset.</span>
          : <button type="button" disabled={busy} onClick={() => void actions.trainOn(manifest.id)}>Train on this dataset</button>}
        {confirmDelete ? (
          <>
            <button type="button" onClick={() => { setConfirmDelete(false); void actions.deleteDataset(manifest.id); }}>Delete “{manifest.name}” for good</button>
            <button type="button" onClick={() => setConfirmDelete(false)}>Keep it</button>
          </>
        ) : <button type="button" disabled={locked} onClick={() => setConfirmDelete(true)}>Delete dataset</button>}
        <button type="button" onClick={() => useCamera.getState().openPanel({ datasetId: manifest.id, className: '' })}>New class from camera</button>
        <button type="button" onClick={() => actions.inspect(null)}>Close</button>
      </div>
      <p className="hint" aria-label="Dataset summary">
        {manifest.images.length} images in {manifest.classNames.length} classes: {sum(counts.train)} training, {sum(counts.validation)} validation
        {sum(counts.test) > 0 ? `, ${sum(counts.test)} test (held out)` : ''}. Stored copies: {formatBytes(manifest.storedBytes)}.
      </p>
      {manifest.classNames.length < 2 && <p className="warning" role="note">A dataset needs at least two classes to train on.</p>}
      {tooSmall.length > 0 && (
        <p className="warning" role="note" aria-label="Small classes">
          Too few images for this split: {tooSmall.join(', ')}. Add images or lower the validation/test share.
        </p>
      )}
      <ImbalanceWarning counts={counts.train} classNames={manifest.classNames} />
      <div className="dataset-columns">
        <ClassCountsChart classNames={manifest.classNames} train={counts.train} validation={counts.validation} test={counts.test} />
        <SplitForm manifest={manifest} disabled={locked} onApply={(split) => void actions.applySplit(manifest.id, split)} />
      </div>
      <ul className="class-rows" aria-label="Classes">
        {manifest.classNames.map((name, i) => <ClassRow key={`${i}:${name}`} manifest={manifest} classIndex={i} disabled={locked} />)}
      </ul>
      <SkippedFilesTable skipped={manifest.skipped} duplicates={manifest.duplicates} label="Files skipped when importing this dataset" />
    </section>
  );
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
