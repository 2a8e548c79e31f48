import { useDatasets } from '../../store/datasetsStore';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../common/i18n/i18n';
import { useStudio } from '../../store/studioStore';
import { formatBytes } from '../../common/formatBytes';

/** Which dataset training uses: the built-in sample or one of the stored imports. */
export function DatasetPicker({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation('data');
  const datasets = useDatasets((s) => s.datasets);
  const damaged = useDatasets((s) => s.damaged);
  const storage = useDatasets((s) => s.storage);
  const trainOn = useDatasets((s) => s.trainOn);
  const inspect = useDatasets((s) => s.inspect);
  const source = useStudio((s) => s.dataset?.source);
  const loading = useStudio((s) => s.loadingDataset);
  const loadSample = useStudio((s) => s.loadSampleDataset);
  const value = source?.kind === 'stored' ? source.datasetId : 'sample';
  return (
    <>
      <label>
        {t('picker.label')}{' '}
        <select
          aria-label={t('picker.label')} value={value} disabled={disabled}
          onChange={(e) => {
            if (e.target.value === 'sample') void loadSample(useStudio.getState().sampleOptions);
            else void trainOn(e.target.value);
          }}
        >
          <option value="sample">{t('picker.sample')}</option>
          {datasets.map((d) => <option key={d.id} value={d.id}>{t('picker.option', { name: d.name, images: formatNumber(d.images.length) })}</option>)}
        </select>
      </label>
      {loading && <p className="hint" role="status" aria-label={t('picker.loadingLabel')}>{t('picker.loading', { name: loading.name })}</p>}
      {source?.kind === 'stored' && (
        <>
          <p className="hint">{t('picker.resizeHint')}</p>
          <button type="button" className="small" onClick={() => inspect(source.datasetId)}>{t('picker.inspect')}</button>
        </>
      )}
      {damaged.length > 0 && <p className="warning" role="note">{t('picker.damaged', { damaged: damaged.length })}</p>}
      {storage?.usedBytes != null && storage.quotaBytes != null && (
        <p className="hint" aria-label={t('picker.storageLabel')}>
          {t(storage.persisted ? 'picker.storagePersistent' : 'picker.storage', { used: formatBytes(storage.usedBytes), quota: formatBytes(storage.quotaBytes) })}
        </p>
      )}
    </>
  );
}
