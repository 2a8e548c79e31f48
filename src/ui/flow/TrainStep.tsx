import { useTranslation } from 'react-i18next';
import { DECODED_CACHE_BOUNDS, MEMORY_LIMIT_BOUNDS, type OptimizerName, TRAINING_BOUNDS, type TrainingForm } from '../../contract';
import { useStudio } from '../../store/studioStore';
import { NumberField } from '../controls/NumberField';
import { ClassBalanceFields } from '../controls/ClassBalanceFields';
import { AugmentationPanel } from '../augmentation/AugmentationPanel';
import { PenaltyFields } from '../adaptation/PenaltyFields';
import { DomainFields } from '../adaptation/DomainFields';
import { LrFinderPanel } from '../controls/LrFinderPanel';
import { RunControls } from '../controls/RunControls';
import { CheckpointPanel } from '../controls/CheckpointPanel';
import { LossChart } from '../charts/LossChart';
import { LearningRateChart } from '../charts/LearningRateChart';
import { Disclosure } from './Disclosure';
import { Step } from './Step';
import { useBusy } from './useBusy';

const OPTIMIZERS: OptimizerName[] = ['adam', 'adamw', 'sgd', 'rmsprop'];
const SCHEDULES: TrainingForm['schedule'][] = ['constant', 'step', 'cosine', 'cosineRestarts', 'oneCycle'];

/** Step 3: the three numbers that matter first, Train, the live loss; the rest folded by theme. */
export function TrainStep() {
  const { t } = useTranslation('flow');
  const ready = useStudio((s) => s.dataset !== null && s.model !== null);
  const showCharts = useStudio((s) => s.settings.showCharts);
  return (
    <Step step="train" pending={ready ? null : t('pending.train')}>
      <div className="step-columns">
        <div>
          <EssentialFields />
          <RunControls />
          <CheckpointPanel />
        </div>
        <div>
          {showCharts && (
            <>
              <LossChart />
              <LearningRateChart />
            </>
          )}
        </div>
      </div>
      <OptimizerDetails />
      <Regularisation />
      <DomainAdaptation />
      <Callbacks />
    </Step>
  );
}

function EssentialFields() {
  const { t } = useTranslation('flow');
  const form = useStudio((s) => s.trainingForm);
  const update = useStudio((s) => s.updateTrainingForm);
  const busy = useBusy();
  return (
    <fieldset className="essentials">
      <legend>{t('train.essentials')}</legend>
      <NumberField label={t('train.learningRate')} value={form.learningRate} {...TRAINING_BOUNDS.learningRate} disabled={busy}
        onCommit={(learningRate) => update({ learningRate })} />
      <NumberField label={t('train.epochs')} value={form.epochs} {...TRAINING_BOUNDS.epochs} disabled={busy}
        onCommit={(epochs) => update({ epochs })} />
      <NumberField label={t('train.batchSize')} value={form.batchSize} {...TRAINING_BOUNDS.batchSize} disabled={busy}
        onCommit={(batchSize) => update({ batchSize })} />
    </fieldset>
  );
}

function OptimizerDetails() {
  const { t } = useTranslation('flow');
  const dataset = useStudio((s) => s.dataset);
  const form = useStudio((s) => s.trainingForm);
  const update = useStudio((s) => s.updateTrainingForm);
  const memoryLimitGb = useStudio((s) => s.settings.memoryLimitGb);
  const decodedCacheMb = useStudio((s) => s.settings.decodedCacheMb);
  const setMemoryLimit = useStudio((s) => s.setMemoryLimit);
  const setDecodedCacheSize = useStudio((s) => s.setDecodedCacheSize);
  const busy = useBusy();
  return (
    <Disclosure id="optimizer" summary={t('train.optimizerSummary')}>
      <label>
        {t('train.optimizer')}{' '}
        <select aria-label={t('train.optimizer')} value={form.optimizer} disabled={busy} onChange={(e) => update({ optimizer: e.target.value as OptimizerName })}>
          {OPTIMIZERS.map((o) => <option key={o} value={o}>{t(`train.optimizers.${o}`)}</option>)}
        </select>
      </label>
      <LrFinderPanel />
      <label>
        {t('train.schedule')}{' '}
        <select aria-label={t('train.schedule')} value={form.schedule} disabled={busy} onChange={(e) => update({ schedule: e.target.value as TrainingForm['schedule'] })}>
          {SCHEDULES.map((s) => <option key={s} value={s}>{t(`train.schedules.${s}`)}</option>)}
        </select>
      </label>
      <NumberField label={t('train.warmup')} value={form.warmupSteps} {...TRAINING_BOUNDS.warmupSteps} disabled={busy}
        onCommit={(warmupSteps) => update({ warmupSteps })} />
      <NumberField label={t('train.clipNorm')} value={form.clipNorm} {...TRAINING_BOUNDS.clipNorm} disabled={busy}
        onCommit={(clipNorm) => update({ clipNorm })} />
      <NumberField label={t('train.seed')} value={form.seed} {...TRAINING_BOUNDS.seed} disabled={busy}
        onCommit={(seed) => update({ seed })} />
      <ClassBalanceFields form={form} classNames={dataset?.classNames ?? []} disabled={busy} update={update} />
      <NumberField label={t('train.memoryLimit')} value={memoryLimitGb ?? 0} {...MEMORY_LIMIT_BOUNDS} disabled={busy}
        onCommit={(gb) => void setMemoryLimit(gb)} />
      <NumberField label={t('train.decodedCache')} value={decodedCacheMb ?? 0} {...DECODED_CACHE_BOUNDS} disabled={busy}
        onCommit={(mb) => void setDecodedCacheSize(mb)} />
    </Disclosure>
  );
}

function Regularisation() {
  const { t } = useTranslation('flow');
  const form = useStudio((s) => s.trainingForm);
  const update = useStudio((s) => s.updateTrainingForm);
  const busy = useBusy();
  return (
    <Disclosure id="regularisation" summary={t('train.regularisationSummary')}>
      <NumberField label={t('train.weightDecay')} value={form.weightDecay} {...TRAINING_BOUNDS.weightDecay} disabled={busy}
        onCommit={(weightDecay) => update({ weightDecay })} />
      <NumberField label={t('train.labelSmoothing')} value={form.labelSmoothing} {...TRAINING_BOUNDS.labelSmoothing} disabled={busy}
        onCommit={(labelSmoothing) => update({ labelSmoothing })} />
      <PenaltyFields disabled={busy} />
      {/* Every augmentation, mixup α included, with its presets and live preview (it replaced the None/Mild choice). */}
      <p className="hint">{t('train.augmentationHint')}</p>
      <AugmentationPanel />
    </Disclosure>
  );
}

/** Domain adaptation toward a target domain (MMD / DANN), folded like the other advanced settings. */
function DomainAdaptation() {
  const { t } = useTranslation('adaptation');
  const busy = useBusy();
  return (
    <Disclosure id="domain-adaptation" summary={t('domain.summary')}>
      <DomainFields disabled={busy} />
    </Disclosure>
  );
}

function Callbacks() {
  const { t } = useTranslation('flow');
  const form = useStudio((s) => s.trainingForm);
  const update = useStudio((s) => s.updateTrainingForm);
  const busy = useBusy();
  return (
    <Disclosure id="callbacks" summary={t('train.callbacksSummary')}>
      <NumberField label={t('train.earlyStopping')} value={form.earlyStoppingPatience} {...TRAINING_BOUNDS.earlyStoppingPatience} disabled={busy}
        onCommit={(earlyStoppingPatience) => update({ earlyStoppingPatience })} />
      <NumberField label={t('train.plateau')} value={form.plateauPatience} {...TRAINING_BOUNDS.plateauPatience} disabled={busy}
        onCommit={(plateauPatience) => update({ plateauPatience })} />
      <NumberField label={t('train.gradualEvery')} value={form.gradualEveryEpochs} {...TRAINING_BOUNDS.gradualEveryEpochs} disabled={busy}
        onCommit={(gradualEveryEpochs) => update({ gradualEveryEpochs })} />
      <NumberField label={t('train.gradualPlateau')} value={form.gradualPlateauPatience} {...TRAINING_BOUNDS.gradualPlateauPatience} disabled={busy}
        onCommit={(gradualPlateauPatience) => update({ gradualPlateauPatience })} />
      <NumberField label={t('train.thawFactor')} value={form.thawLrFactor} {...TRAINING_BOUNDS.thawLrFactor} disabled={busy}
        onCommit={(thawLrFactor) => update({ thawLrFactor })} />
      <p className="hint">{t('train.callbacksHint')}</p>
    </Disclosure>
  );
}
