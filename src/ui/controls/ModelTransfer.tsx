import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat } from '../../contract';
import { useStudio } from '../../store/studioStore';
import { saveFile } from '../common/saveFile';
import { ErrorNotice } from './ErrorNotice';
import { formatNumber } from '../../common/i18n/i18n';
import { selectRunActive } from '../flow/useBusy';
import { useDeferredStudio } from '../common/useDeferredStudio';

const PERCENT: Intl.NumberFormatOptions = { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 };
const FOUR_DECIMALS: Intl.NumberFormatOptions = { minimumFractionDigits: 4, maximumFractionDigits: 4 };

/** The formats, in the order offered; their names and descriptions are in the catalogue (transfer.formats.<id>). */
const FORMATS: ExportFormat[] = ['thaw', 'teachable-machine', 'onnx', 'demo-page'];

/** Download the trained model in the format another program runs, and bring an export back in. */
export function ModelTransfer() {
  const { t } = useTranslation('controls');
  const ready = useStudio((s) => s.engineStatus === 'ready' && s.model !== null);
  const busy = useDeferredStudio(selectRunActive);
  const hasBest = useStudio((s) => s.checkpoints.best !== undefined);
  const building = useStudio((s) => s.modelLoading !== null);
  const imported = useStudio((s) => s.importedModel);
  const exportModel = useStudio((s) => s.exportModel);
  const importModel = useStudio((s) => s.importModel);
  const [format, setFormat] = useState<ExportFormat>('thaw');
  const [writing, setWriting] = useState<string | null>(null);
  const formatLabel = t(`transfer.formats.${format}.label`);
  const disabled = !ready || busy || building || writing !== null;
  const download = async (source: 'current' | 'best') => {
    setWriting(t(source === 'best' ? 'transfer.writingBest' : 'transfer.writingCurrent', { format: formatLabel }));
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
    <section className="model-transfer" aria-label={t('transfer.label')}>
      <label>
        {t('transfer.format')}{' '}
        <select aria-label={t('transfer.format')} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
          {FORMATS.map((f) => <option key={f} value={f}>{t(`transfer.formats.${f}.label`)}</option>)}
        </select>
      </label>
      <p className="hint" aria-label={t('transfer.aboutLabel')}>{t(`transfer.formats.${format}.about`)}</p>
      <div className="buttons">
        <button type="button" disabled={disabled} onClick={() => void download('current')}>{t('transfer.download')}</button>
        <button type="button" disabled={disabled || !hasBest} onClick={() => void download('best')}>{t('transfer.downloadBest')}</button>
        <label className="file-button">
          {t('transfer.import')}{' '}
          <input type="file" accept=".zip,.json,.bin" multiple disabled={!ready || busy}
            onChange={(e) => { void onFiles(e.target.files); e.target.value = ''; }} />
        </label>
      </div>
      {writing && <p role="status" aria-label={t('transfer.progressLabel')}>{writing}</p>}
      {busy && <p className="hint">{t('transfer.waitRun')}</p>}
      {building && !busy && <p className="hint">{t('transfer.waitModel')}</p>}
      <ErrorNotice part="transfer" />
      {imported && (
        <p role="status" aria-label={t('transfer.importedLabel')}>
          {t('transfer.imported', { labels: imported.labels.join(', '), loss: formatNumber(imported.validationLoss, FOUR_DECIMALS), accuracy: formatNumber(imported.validationAccuracy, PERCENT) })}
          {imported.test ? t('transfer.importedTest', { accuracy: formatNumber(imported.test.accuracy, PERCENT), images: formatNumber(imported.test.images) }) : ''}.
        </p>
      )}
    </section>
  );
}
