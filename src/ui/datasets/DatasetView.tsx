import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../common/i18n/i18n';
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
import { selectRunActive } from '../flow/useBusy';
import { useDeferredStudio } from '../common/useDeferredStudio';

/** The inspected dataset: what is in it, how it is split, what was skipped; and its edits. */
export function DatasetView() {
  const { t } = useTranslation('data');
  const manifest = useDatasets((s) => s.datasets.find((d) => d.id === s.inspectedId) ?? null);
  const actions = useDatasets.getState();
  const source = useStudio((s) => s.dataset?.source);
  const busy = useDeferredStudio(selectRunActive);
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
      <h3 id="dataset-view-heading">{t('view.heading', { name: manifest.name })}</h3>
      <div className="dataset-header">
        <label>
          {t('view.name')}{' '}
          <input
            aria-label={t('view.name')} defaultValue={manifest.name} key={manifest.name} maxLength={100} disabled={locked}
            onBlur={(e) => { if (e.target.value !== manifest.name) void actions.renameDataset(manifest.id, e.target.value); }}
            onKeyDown={(e) => { if (e.key === 'Enter') (e.target as HTMLInputElement).blur(); }}
          />
        </label>
        {active ? <span className="hint">{t('view.inUse')}</span>
          : <button type="button" disabled={busy} onClick={() => void actions.trainOn(manifest.id)}>{t('view.trainOn')}</button>}
        {confirmDelete ? (
          <>
            <button type="button" onClick={() => { setConfirmDelete(false); void actions.deleteDataset(manifest.id); }}>{t('view.deleteForGood', { name: manifest.name })}</button>
            <button type="button" onClick={() => setConfirmDelete(false)}>{t('view.keep')}</button>
          </>
        ) : <button type="button" disabled={locked} onClick={() => setConfirmDelete(true)}>{t('view.delete')}</button>}
        <button type="button" onClick={() => useCamera.getState().openPanel({ datasetId: manifest.id, className: '' })}>{t('view.newClassFromCamera')}</button>
        <button type="button" onClick={() => actions.inspect(null)}>{t('view.close')}</button>
      </div>
      <p className="hint" aria-label={t('view.summaryLabel')}>
        {t('view.summary', { images: formatNumber(manifest.images.length), classes: formatNumber(manifest.classNames.length), train: formatNumber(sum(counts.train)), validation: formatNumber(sum(counts.validation)) })}
        {sum(counts.test) > 0 ? t('view.summaryTest', { test: formatNumber(sum(counts.test)) }) : ''}. {t('view.stored', { size: formatBytes(manifest.storedBytes) })}
      </p>
      {manifest.classNames.length < 2 && <p className="warning" role="note">{t('view.twoClasses')}</p>}
      {tooSmall.length > 0 && (
        <p className="warning" role="note" aria-label={t('view.smallLabel')}>
          {t('view.small', { names: tooSmall.join(', ') })}
        </p>
      )}
      <ImbalanceWarning counts={counts.train} classNames={manifest.classNames} />
      <div className="dataset-columns">
        <ClassCountsChart classNames={manifest.classNames} train={counts.train} validation={counts.validation} test={counts.test} />
        <SplitForm manifest={manifest} disabled={locked} onApply={(split) => void actions.applySplit(manifest.id, split)} />
      </div>
      <ul className="class-rows" aria-label={t('view.classesLabel')}>
        {manifest.classNames.map((name, i) => <ClassRow key={`${i}:${name}`} manifest={manifest} classIndex={i} disabled={locked} />)}
      </ul>
      <SkippedFilesTable skipped={manifest.skipped} duplicates={manifest.duplicates} label={t('view.skippedLabel')} />
    </section>
  );
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
