import { useTranslation } from 'react-i18next';
import { TRAINING_BOUNDS, type TrainingForm } from '../../contract';
import { useStudio } from '../../store/studioStore';
import { catalogEntry, modelLabel } from '../../models/catalog';
import { penaltyRefusal } from '../../store/forgetting';
import { NumberField } from '../controls/NumberField';

/** L2-SP / EWC in the training form: which penalty, its λ, and why it cannot apply to the model chosen. */
export function PenaltyFields({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation('adaptation');
  const form = useStudio((s) => s.trainingForm);
  const update = useStudio((s) => s.updateTrainingForm);
  const modelForm = useStudio((s) => s.modelForm);
  const kind = form.pretrainedPenalty ?? 'none';
  const refusal = penaltyRefusal(kind, modelForm.architecture, catalogEntry(modelForm.architecture).pretrained);
  return (
    <div className="penalty-fields">
      <label>
        {t('penalty.kind')}{' '}
        <select aria-label={t('penalty.kind')} value={kind} disabled={disabled}
          onChange={(e) => update({ pretrainedPenalty: e.target.value as TrainingForm['pretrainedPenalty'] })}>
          <option value="none">{t('penalty.none')}</option>
          <option value="l2sp">{t('penalty.l2sp')}</option>
          <option value="ewc">{t('penalty.ewc')}</option>
        </select>
      </label>
      {kind !== 'none' && (
        <>
          <NumberField label={t('penalty.strength')} value={form.penaltyStrength} {...TRAINING_BOUNDS.penaltyStrength} disabled={disabled}
            onCommit={(penaltyStrength) => update({ penaltyStrength })} />
          <p className="hint">{t('penalty.hint')}{kind === 'ewc' ? ` ${t('penalty.ewcHint')}` : ''}</p>
          {refusal && <p className="warning" role="note" aria-label={t('penalty.kind')}>{t(`penalty.${refusal}`, { model: modelLabel(modelForm) })}</p>}
        </>
      )}
    </div>
  );
}
