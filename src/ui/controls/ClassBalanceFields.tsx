import { CLASS_WEIGHT_BOUNDS, type TrainingForm } from '../../contract';
import { NumberField } from './NumberField';

interface Props {
  form: TrainingForm;
  classNames: string[];
  disabled: boolean;
  update: (form: Partial<TrainingForm>) => void;
}

/** Class weights (automatic or by hand) or an oversampling sampler, for imbalanced datasets. */
export function ClassBalanceFields({ form, classNames, disabled, update }: Props) {
  const setWeight = (k: number, weight: number) => {
    const weights = classNames.map((_, i) => form.manualClassWeights[i] ?? 1);
    weights[k] = weight;
    update({ manualClassWeights: weights });
  };
  return (
    <>
      <label>
        Class balance{' '}
        <select aria-label="Class balance" value={form.classBalance} disabled={disabled}
          onChange={(e) => update({ classBalance: e.target.value as TrainingForm['classBalance'] })}>
          <option value="none">None</option>
          <option value="inverse">Class weights by inverse frequency</option>
          <option value="manual">Class weights by hand</option>
          <option value="oversample">Oversample rare classes</option>
        </select>
      </label>
      {form.classBalance === 'manual' && (
        <div className="class-weights" role="group" aria-label="Class weights">
          {classNames.map((name, k) => (
            <NumberField key={name} label={`Weight of ${name}`} value={form.manualClassWeights[k] ?? 1} {...CLASS_WEIGHT_BOUNDS}
              disabled={disabled} onCommit={(w) => setWeight(k, w)} />
          ))}
        </div>
      )}
    </>
  );
}
