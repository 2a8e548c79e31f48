import type { DatasetManifest } from '../../contract';
import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { validateSplit } from '../../data/datasetEdits';
import { NumberField } from '../controls/NumberField';

/** The seeded stratified split, stored with the dataset so every run on it sees the same images. */
export function SplitForm({ manifest, disabled, onApply }: { manifest: DatasetManifest; disabled: boolean; onApply: (split: DatasetManifest['split']) => void }) {
  const { t } = useTranslation('data');
  const [split, setSplit] = useState(manifest.split);
  useEffect(() => setSplit(manifest.split), [manifest.split]);
  const given = manifest.images.filter((image) => image.givenSplit).length;
  const problem = validateSplit(split);
  const changed = JSON.stringify(split) !== JSON.stringify(manifest.split);
  return (
    <fieldset className="split-form">
      <legend>{t('split.legend')}</legend>
      {given > 0 && <p className="hint">{t('split.given', { given })}</p>}
      <NumberField label={t('split.validation')} value={split.validationPercent} min={0} max={90} step={5} disabled={disabled}
        onCommit={(validationPercent) => setSplit({ ...split, validationPercent })} />
      <NumberField label={t('split.test')} value={split.testPercent} min={0} max={90} step={5} disabled={disabled}
        onCommit={(testPercent) => setSplit({ ...split, testPercent })} />
      <NumberField label={t('split.seed')} value={split.seed} min={0} max={2 ** 31 - 1} step={1} integer disabled={disabled}
        onCommit={(seed) => setSplit({ ...split, seed })} />
      {problem && <p className="field-error" role="alert">{problem}</p>}
      <button type="button" disabled={disabled || problem !== null || !changed} onClick={() => onApply(split)}>{t('split.apply')}</button>
    </fieldset>
  );
}
