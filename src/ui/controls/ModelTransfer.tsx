import { useState } from 'react';
import type { ExportFormat } from '../../contract';
import { useStudio } from '../../store/studioStore';
import { saveFile } from '../common/saveFile';
import { ErrorNotice } from './ErrorNotice';

const FORMATS: { value: ExportFormat; label: string; about: string }[] = [
  { value: 'thaw', label: 'TensorFlow.js layers model', about: 'model.json + weights.bin (ending in a softmax), labels.json, preprocessing.json (what a caller must do), config.json and metrics; imports back into the studio.' },
  { value: 'teachable-machine', label: 'Teachable Machine', about: "model.json, weights.bin and metadata.json for @teachablemachine/image (tmImage.load, then predict): probabilities out, pictures cropped to the model's input size by the library. Imports back into the studio." },
  { value: 'onnx', label: 'ONNX', about: 'model.onnx (opset 13; input "image" NHWC, scaled x/127.5 − 1; output "probabilities"), labels.json, preprocessing.json and a README with a Python onnxruntime snippet.' },
  { value: 'demo-page', label: 'Standalone demo page', about: 'index.html with the model and the TensorFlow.js runtime beside it: open it with a double-click, offline, and predict from a picture or the webcam.' },
];

/** Download the trained model in the format another program runs, and bring an export back in. */
export function ModelTransfer() {
  const ready = useStudio((s) => s.engineStatus === 'ready' && s.model !== null);
  const busy = useStudio((s) => s.runState === 'training' || s.runState === 'paused');
  const hasBest = useStudio((s) => s.checkpoints.best !== undefined);
  const building = useStudio((s) => s.modelLoading !== null);
  const imported = useStudio((s) => s.importedModel);
  const exportModel = useStudio((s) => s.exportModel);
  const importModel = useStudio((s) => s.importModel);
  const [format, setFormat] = useState<ExportFormat>('thaw');
  const [writing, setWriting] = useState<string | null>(null);
  const chosen = FORMATS.find((f) => f.value === format) ?? FORMATS[0]!;
  const disabled = !ready || busy || building || writing !== null;
  const download = async (source: 'current' | 'best') => {
    setWriting(`Writing the ${chosen.label} export of the ${source === 'best' ? 'best checkpoint' : 'current model'}…`);
    try {
      const file = await exportModel(format, source);
      if (file) saveFile(file.fileName, file.bytes, 'application/zip');
    } finally {
      setWriting(null);
    }
  };
  const onFiles = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const files = await Promise.all([...list].map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    await importModel(files);
  };
  return (
    <section className="model-transfer" aria-label="Export and import">
      <label>
        Export format{' '}
        <select aria-label="Export format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
          {FORMATS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
        </select>
      </label>
      <p className="hint" aria-label="About this format">{chosen.about}</p>
      <div className="buttons">
        <button type="button" disabled={disabled} onClick={() => void download('current')}>Download model (.zip)</button>
        <button type="button" disabled={disabled || !hasBest} onClick={() => void download('best')}>Download best checkpoint (.zip)</button>
        <label className="file-button">
          Import model (.zip or its files){' '}
          <input type="file" accept=".zip,.json,.bin" multiple disabled={!ready || busy}
            onChange={(e) => { void onFiles(e.target.files); e.target.value = ''; }} />
        </label>
      </div>
      {writing && <p role="status" aria-label="Export progress">{writing}</p>}
      {busy && <p className="hint">Exports and imports wait until the run is stopped or finished (the weights change at every step).</p>}
      {building && !busy && <p className="hint">Exports wait until the model being built is ready.</p>}
      <ErrorNotice part="transfer" />
      {imported && (
        <p role="status" aria-label="Imported model">
          Imported model ({imported.labels.join(', ')}): validation loss {imported.validationLoss.toFixed(4)},
          accuracy {(imported.validationAccuracy * 100).toFixed(1)}% on this dataset
          {imported.test ? `; test accuracy ${(imported.test.accuracy * 100).toFixed(1)}% (${imported.test.images} held-out images, never used to choose anything)` : ''}.
        </p>
      )}
    </section>
  );
}
