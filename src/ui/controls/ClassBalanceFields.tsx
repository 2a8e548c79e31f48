import { CLASS_WEIGHT_BOUNDS, type TrainingForm } from '../../contract';
import { NumberField } from './NumberField';
import { useTranslation } from 'react-i18next';

interface Props {
  form: TrainingForm;
  classNames: string[];
  disabled: boolean;
  update: (form: Partial<TrainingForm>) => void;
}

/** Class weights (automatic or by hand) or an oversampling sampler, for imbalanced datasets. */
export function ClassBalanceFields({ form, classNames, disabled, update }: Props) {
  const { t } = useTranslation('controls');
  const setWeight = (k: number, weight: number) => {
    const weights = classNames.map((_, i) => form.manualClassWeights[i] ?? 1);
    weights[k] = weight;
    update({ manualClassWeights: weights });
  };
  return (
    <>
      <label>
        {t('balance.label')}{' '}
        <select aria-label={t('balance.label')} value={form.classBalance} disabled={disabled}
          onChange={(e) => update({ classBalance: e.target.value as TrainingForm['classBalance'] })}>
          <option value="none">{t('balance.none')}</option>
          <option value="inverse">{t('balance.inverse')}</option>
          <option value="manual">{t('balance.manual')}</option>
          <option value="oversample">{t('balance.oversample')}</option>
        </select>
      </label>
      {form.classBalance === 'manual' && (
        <div className="class-weights" role="group" aria-label={t('balance.weightsLabel')}>
          {classNames.map((name, k) => (
            <NumberField key={name} label={t('balance.weightOf', { name })} value={form.manualClassWeights[k] ?? 1} {...CLASS_WEIGHT_BOUNDS}
              disabled={disabled} onCommit={(w) => setWeight(k, w)} />
          ))}
        </div>
      )}
    </>
  );
}
