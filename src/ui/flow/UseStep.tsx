import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store/studioStore';
import { ModelTransfer } from '../controls/ModelTransfer';
import { PredictPanel } from '../controls/PredictPanel';
import { CameraPanel } from '../camera/CameraPanel';
import { ExerciseSettings } from '../controls/ExerciseSettings';
import { ErrorNotice } from '../controls/ErrorNotice';
import { Step } from './Step';
import { useBusy } from './useBusy';

/** Step 5: predict on a picture or the camera, export the model, hand the settings out as an exercise. */
export function UseStep() {
  const { t } = useTranslation('flow');
  const model = useStudio((s) => s.model !== null);
  const trained = useStudio((s) => s.epochs.length > 0 || s.importedModel !== null);
  const pending = !model ? t('pending.useNoModel') : trained ? null : t('pending.useUntrained');
  return (
    <Step step="use" pending={pending}>
      <PredictPanel />
      <CameraPanel />
      <ModelTransfer />
      <section className="exercise" aria-labelledby="exercise-heading">
        <h3 id="exercise-heading">{t('use.exerciseHeading')}</h3>
        <p className="hint">{t('use.exerciseHint')}</p>
        <ExerciseSettings disabled={useBusy()} />
        <ErrorNotice part="setup" />
      </section>
    </Step>
  );
}
