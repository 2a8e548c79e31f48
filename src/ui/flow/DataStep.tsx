import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store/studioStore';
import { SAMPLE_TEST_FRACTION } from '../../store/engineSession';
import { formatNumber } from '../../common/i18n/i18n';
import { DatasetPicker } from '../datasets/DatasetPicker';
import { DatasetImport } from '../datasets/DatasetImport';
import { DatasetView } from '../datasets/DatasetView';
import { ImbalanceWarning } from '../datasets/ImbalanceWarning';
import { NumberField } from '../controls/NumberField';
import { SAMPLE_IMAGES_PER_CLASS } from '../../contract';
import { Step } from './Step';
import { useBusy } from './useBusy';

/** Step 1: which images, how many of each class, and how they are split (the split sits with its data). */
export function DataStep() {
  const { t } = useTranslation('flow');
  const dataset = useStudio((s) => s.dataset);
  const loading = useStudio((s) => s.loadingDataset);
  const pending = dataset ? null : loading ? t('pending.datasetLoading', { name: loading.name }) : t('pending.data');
  return (
    <Step step="data" pending={pending}>
      <fieldset>
        <legend>{t('data.legend')}</legend>
        <DatasetPicker disabled={useBusy()} />
        <SampleOptions />
        <DatasetSummaryLine />
        {dataset && <ImbalanceWarning counts={dataset.trainCounts} classNames={dataset.classNames} />}
        <DatasetImport />
      </fieldset>
      <DatasetView />
    </Step>
  );
}

/** The built-in sample's choices: how many images of each class, imbalanced classes, and a held-out test split. */
function SampleOptions() {
  const { t } = useTranslation('flow');
  const isSample = useStudio((s) => s.dataset?.source.kind === 'sample');
  const sampleOptions = useStudio((s) => s.sampleOptions);
  const loadSampleDataset = useStudio((s) => s.loadSampleDataset);
  const busy = useBusy();
  if (!isSample) return null;
  return (
    <>
      <NumberField
        label={t('data.imagesPerClass')} value={sampleOptions.imagesPerClass} disabled={busy}
        min={SAMPLE_IMAGES_PER_CLASS.min} max={SAMPLE_IMAGES_PER_CLASS.max} step={SAMPLE_IMAGES_PER_CLASS.step} integer
        onCommit={(imagesPerClass) => void loadSampleDataset({ ...sampleOptions, imagesPerClass })}
      />
      <label>
        <input
          type="checkbox" checked={sampleOptions.imbalanced} disabled={busy}
          onChange={(e) => void loadSampleDataset({ ...sampleOptions, imbalanced: e.target.checked })}
        />{' '}
        {t('data.imbalanced')}
      </label>
      <label>
        <input
          type="checkbox" checked={(sampleOptions.testFraction ?? 0) > 0} disabled={busy}
          onChange={(e) => void loadSampleDataset({ ...sampleOptions, testFraction: e.target.checked ? SAMPLE_TEST_FRACTION : 0 })}
        />{' '}
        {t('data.holdOutTest', { percent: formatNumber(SAMPLE_TEST_FRACTION * 100) })}
      </label>
    </>
  );
}

function DatasetSummaryLine() {
  const { t } = useTranslation('flow');
  const dataset = useStudio((s) => s.dataset);
  if (!dataset) return null;
  const test = sum(dataset.testCounts);
  const size = dataset.imageSize !== null ? t('data.sizePx', { size: dataset.imageSize }) : t('data.sizePhotos');
  return (
    <p className="hint">
      {t('data.summary', {
        classes: formatNumber(dataset.classNames.length), names: dataset.classNames.join(', '), size,
        train: formatNumber(sum(dataset.trainCounts)), validation: formatNumber(sum(dataset.validationCounts)),
      })}
      {test > 0 ? t('data.summaryTest', { test: formatNumber(test) }) : ''}.
    </p>
  );
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
