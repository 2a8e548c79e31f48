import { useTranslation } from 'react-i18next';
import { TRAINING_BOUNDS, type TrainingForm } from '../../contract';
import { useStudio } from '../../store/studioStore';
import { useDatasets } from '../../store/datasetsStore';
import { domainRefusal } from '../../store/domainTarget';
import { NumberField } from '../controls/NumberField';
import { DomainRefusalNote } from './DomainRefusalNote';

/**
 * Domain adaptation in the training form (issue 22): the target domain (the sample's shifted drawing or a
 * second imported dataset), MMD or DANN, its λ and the block whose features are aligned.
 */
export function DomainFields({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation('adaptation');
  const form = useStudio((s) => s.trainingForm);
  const update = useStudio((s) => s.updateTrainingForm);
  const dataset = useStudio((s) => s.dataset);
  const model = useStudio((s) => s.model);
  const blocks = model?.blocks ?? [];
  const datasets = useDatasets((s) => s.datasets);
  const target = form.domainTarget ?? 'none';
  const method = form.domainAdaptation ?? 'none';
  const refusal = domainRefusal(form, dataset ? { source: dataset.source, classNames: dataset.classNames } : null, datasets);
  const others = datasets.filter((d) => !(dataset?.source.kind === 'stored' && dataset.source.datasetId === d.id));
  return (
    <div className="domain-fields">
      <label>
        {t('domain.target')}{' '}
        <select aria-label={t('domain.target')} value={target} disabled={disabled}
          onChange={(e) => update({ domainTarget: e.target.value as TrainingForm['domainTarget'] })}>
          <option value="none">{t('domain.targets.none')}</option>
          <option value="shiftedSample">{t('domain.targets.shiftedSample')}</option>
          <option value="dataset">{t('domain.targets.dataset')}</option>
        </select>
      </label>
      {target === 'dataset' && (
        <label>
          {t('domain.targetDataset')}{' '}
          <select aria-label={t('domain.targetDataset')} value={form.domainTargetDatasetId ?? ''} disabled={disabled}
            onChange={(e) => update({ domainTargetDatasetId: e.target.value })}>
            <option value="">{t('domain.pickDataset')}</option>
            {others.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        </label>
      )}
      <label>
        {t('domain.method')}{' '}
        <select aria-label={t('domain.method')} value={method} disabled={disabled}
          onChange={(e) => update({ domainAdaptation: e.target.value as TrainingForm['domainAdaptation'] })}>
          <option value="none">{t('domain.methods.none')}</option>
          <option value="mmd">{t('domain.methods.mmd')}</option>
          <option value="dann">{t('domain.methods.dann')}</option>
        </select>
      </label>
      {method !== 'none' && (
        <>
          <NumberField label={t('domain.strength')} value={form.domainStrength ?? 1} {...TRAINING_BOUNDS.domainStrength} disabled={disabled}
            onCommit={(domainStrength) => update({ domainStrength })} />
          <label>
            {t('domain.block')}{' '}
            <select aria-label={t('domain.block')} value={form.domainBlock ?? ''} disabled={disabled}
              onChange={(e) => update({ domainBlock: e.target.value })}>
              <option value="">{t('domain.defaultBlock')}</option>
              {blocks.filter((b) => b.id !== 'head').map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
            </select>
          </label>
        </>
      )}
      <p className="hint">{t(method === 'none' ? 'domain.hintTarget' : `domain.hints.${method}`)}</p>
      {refusal && <DomainRefusalNote refusal={refusal} />}
    </div>
  );
}
