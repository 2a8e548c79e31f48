import { useRef, useState, type DragEvent } from 'react';
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
      className={dragging ? 'drop-zone dragging' : 'drop-zone'} role="region" aria-label="Import images"
      onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={onDrop}
    >
      <p className="hint">Drop folders of images here (one subfolder per class, or train/ and val/ folders), or:</p>
      <div className="buttons">
        <button type="button" disabled={importing !== null} onClick={() => folderInput.current?.click()}>Choose folder…</button>
        <button type="button" disabled={importing !== null} onClick={() => zipInput.current?.click()}>Choose zip…</button>
        <button type="button" onClick={() => useCamera.getState().openPanel({ datasetId: null, className: '' })}>New dataset from camera</button>
        {/* webkitdirectory is not among React's typed input props, hence the spread. */}
        <input
          ref={folderInput} type="file" aria-label="Image folder" hidden multiple {...{ webkitdirectory: '', directory: '' }}
          onChange={(e) => { void importFiles(filesFromInput(e.target.files)); e.target.value = ''; }}
        />
        <input
          ref={zipInput} type="file" aria-label="Dataset zip" hidden accept=".zip,application/zip"
          onChange={(e) => { void importFiles(filesFromInput(e.target.files)); e.target.value = ''; }}
        />
      </div>
      {importing && (
        <div className="import-progress" role="status" aria-label="Import status">
          <label>
            Importing {importing.name}{' '}
            <progress aria-label="Import progress" max={Math.max(1, importing.total)} value={importing.done} />{' '}
            {importing.done} / {importing.total}
          </label>
          <span className="current-file">{importing.current}</span>
          <button type="button" onClick={() => void cancelImport()}>Cancel import</button>
        </div>
      )}
      <ErrorNotice part="datasets" />
      <ImportReport />
    </div>
  );
}
