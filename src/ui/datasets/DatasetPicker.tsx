import { useDatasets } from '../../store/datasetsStore';
import { useStudio } from '../../store/studioStore';
import { formatBytes } from '../../common/formatBytes';

/** Which dataset training uses: the built-in sample or one of the stored imports. */
export function DatasetPicker({ disabled }: { disabled: boolean }) {
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
        Dataset{' '}
        <select
          aria-label="Dataset" value={value} disabled={disabled}
          onChange={(e) => {
            if (e.target.value === 'sample') void loadSample(useStudio.getState().sampleOptions);
            else void trainOn(e.target.value);
          }}
        >
          <option value="sample">Built-in sample: shapes</option>
          {datasets.map((d) => <option key={d.id} value={d.id}>{d.name} ({d.images.length} images)</option>)}
        </select>
      </label>
      {loading && <p className="hint" role="status" aria-label="Dataset loading">Loading “{loading.name}” for training…</p>}
      {source?.kind === 'stored' && (
        <>
          <p className="hint">Images are resized to the model's <em>Input size</em> (Model panel) as they stream in: centre crop for validation, the whole picture for random crops.</p>
          <button type="button" className="small" onClick={() => inspect(source.datasetId)}>Inspect dataset</button>
        </>
      )}
      {damaged.length > 0 && <p className="warning" role="note">{damaged.length} stored dataset record(s) are damaged and were skipped.</p>}
      {storage?.usedBytes != null && storage.quotaBytes != null && (
        <p className="hint" aria-label="Storage">
          Storage: {formatBytes(storage.usedBytes)} used of {formatBytes(storage.quotaBytes)} available{storage.persisted ? ' (persistent)' : ''}.
        </p>
      )}
    </>
  );
}
