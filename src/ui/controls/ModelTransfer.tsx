import { useStudio } from '../../store/studioStore';
import { saveFile } from '../common/saveFile';
import { ErrorNotice } from './ErrorNotice';

/** Download the trained model (Thaw or Teachable Machine layout) and bring an export back in. */
export function ModelTransfer() {
  const ready = useStudio((s) => s.engineStatus === 'ready' && s.model !== null);
  const busy = useStudio((s) => s.runState === 'training' || s.runState === 'paused');
  const hasBest = useStudio((s) => s.checkpoints.best !== undefined);
  const imported = useStudio((s) => s.importedModel);
  const exportModel = useStudio((s) => s.exportModel);
  const importModel = useStudio((s) => s.importModel);
  const disabled = !ready || busy;
  const download = async (format: 'thaw' | 'teachable-machine', source: 'current' | 'best') => {
    const file = await exportModel(format, source);
    if (file) saveFile(file.fileName, file.bytes, 'application/zip');
  };
  const onFiles = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const files = await Promise.all([...list].map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    await importModel(files);
  };
  return (
    <section className="model-transfer" aria-label="Export and import">
      <div className="buttons">
        <button type="button" disabled={disabled} onClick={() => void download('thaw', 'current')}>Download model (.zip)</button>
        <button type="button" disabled={disabled || !hasBest} onClick={() => void download('thaw', 'best')}>Download best checkpoint (.zip)</button>
        <button type="button" disabled={disabled} onClick={() => void download('teachable-machine', 'current')}>Download for Teachable Machine (.zip)</button>
        <label className="file-button">
          Import model (.zip or its files){' '}
          <input type="file" accept=".zip,.json,.bin" multiple disabled={disabled}
            onChange={(e) => { void onFiles(e.target.files); e.target.value = ''; }} />
        </label>
      </div>
      <ErrorNotice part="transfer" />
      {imported && (
        <p role="status" aria-label="Imported model">
          Imported model ({imported.labels.join(', ')}): validation loss {imported.validationLoss.toFixed(4)},
          accuracy {(imported.validationAccuracy * 100).toFixed(1)}% on this dataset.
        </p>
      )}
    </section>
  );
}
