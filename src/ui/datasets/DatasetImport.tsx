import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useDatasets } from '../../store/datasetsStore';
import { filesFromDrop, filesFromInput } from '../../data/import/collectFiles';
import { ImportReport } from './ImportReport';
import { ErrorNotice } from '../controls/ErrorNotice';
import { useCamera } from '../../store/cameraStore';

/**
 * Bringing images in: a folder (ImageFolder layout, optionally train/val/test), a zip of one, or
 * folders dropped on the zone. The import runs in its own worker with progress and Cancel.
 */
export function DatasetImport() {
  const { t } = useTranslation('data');
  const importing = useDatasets((s) => s.importing);
  const importFiles = useDatasets((s) => s.importFiles);
  const cancelImport = useDatasets((s) => s.cancelImport);
  const folderInput = useRef<HTMLInputElement>(null);
  const zipInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (importing) return;
    void filesFromDrop(event.dataTransfer).then((files) => importFiles(files));
  };

  return (
    <div
      className={dragging ? 'drop-zone dragging' : 'drop-zone'} role="region" aria-label={t('import.label')}
      onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={onDrop}
    >
      <p className="hint">{t('import.drop')}</p>
      <div className="buttons">
        <button type="button" disabled={importing !== null} onClick={() => folderInput.current?.click()}>{t('import.folder')}</button>
        <button type="button" disabled={importing !== null} onClick={() => zipInput.current?.click()}>{t('import.zip')}</button>
        <button type="button" onClick={() => useCamera.getState().openPanel({ datasetId: null, className: '' })}>{t('import.camera')}</button>
        {/* webkitdirectory is not among React's typed input props, hence the spread. */}
        <input
          ref={folderInput} type="file" aria-label={t('import.folderLabel')} hidden multiple {...{ webkitdirectory: '', directory: '' }}
          onChange={(e) => { void importFiles(filesFromInput(e.target.files)); e.target.value = ''; }}
        />
        <input
          ref={zipInput} type="file" aria-label={t('import.zipLabel')} hidden accept=".zip,application/zip"
          onChange={(e) => { void importFiles(filesFromInput(e.target.files)); e.target.value = ''; }}
        />
      </div>
      {importing && (
        <div className="import-progress" role="status" aria-label={t('import.statusLabel')}>
          <label>
            {t('import.importing', { name: importing.name })}{' '}
            <progress aria-label={t('import.progressLabel')} max={Math.max(1, importing.total)} value={importing.done} />{' '}
            {importing.done} / {importing.total}
          </label>
          <span className="current-file">{importing.current}</span>
          <button type="button" onClick={() => void cancelImport()}>{t('import.cancel')}</button>
        </div>
      )}
      <ErrorNotice part="datasets" />
      <ImportReport />
    </div>
  );
}
