import { type ArchitectureId, DECODED_CACHE_BOUNDS, DEFAULT_PHOTO_INPUT_SIZE, MEMORY_LIMIT_BOUNDS, MODEL_BOUNDS, type OptimizerName, TRAINING_BOUNDS, type TrainingForm } from '../../contract';
import { useStudio } from '../../store/studioStore';
import { SAMPLE_TEST_FRACTION } from '../../store/engineSession';
import { catalogEntry, MODEL_CATALOG, modelLabel } from '../../models/catalog';
import { TFJS_MODELS_BASE_URL } from '../../models/mobilenet';
import { NumberField } from './NumberField';
import { ClassBalanceFields } from './ClassBalanceFields';
import { ExerciseSettings } from './ExerciseSettings';
import { AugmentationPreview } from './AugmentationPreview';
import { ModelCardView } from './ModelCardView';
import { ErrorNotice } from './ErrorNotice';
import { LrFinderPanel } from './LrFinderPanel';
import { PenaltyFields } from '../adaptation/PenaltyFields';
import { DatasetPicker } from '../datasets/DatasetPicker';
import { DatasetImport } from '../datasets/DatasetImport';
import { ImbalanceWarning } from '../datasets/ImbalanceWarning';

const OPTIMIZERS: { id: OptimizerName; label: string }[] = [
  { id: 'adam', label: 'Adam' },
  { id: 'adamw', label: 'AdamW' },
  { id: 'sgd', label: 'SGD with momentum' },
  { id: 'rmsprop', label: 'RMSprop' },
];

export function SetupPanel() {
  const dataset = useStudio((s) => s.dataset);
  const model = useStudio((s) => s.model);
  const modelForm = useStudio((s) => s.modelForm);
  const form = useStudio((s) => s.trainingForm);
  const update = useStudio((s) => s.updateTrainingForm);
  const rebuildModel = useStudio((s) => s.rebuildModel);
  const busy = useStudio((s) => s.runState === 'training' || s.runState === 'paused' || s.engineStatus !== 'ready' || s.modelLoading !== null);
  const modelLoading = useStudio((s) => s.modelLoading);
  const settings = useStudio((s) => s.settings);
  const setModelBaseUrl = useStudio((s) => s.setModelBaseUrl);
  const setMemoryLimit = useStudio((s) => s.setMemoryLimit);
  const setDecodedCacheSize = useStudio((s) => s.setDecodedCacheSize);
  const entry = catalogEntry(modelForm.architecture);
  const sampleOptions = useStudio((s) => s.sampleOptions);
  const loadSampleDataset = useStudio((s) => s.loadSampleDataset);
  return (
    <div className="setup-panel">
      <ExerciseSettings disabled={busy} />
      <ErrorNotice part="setup" />
      <fieldset>
        <legend>Data</legend>
        <DatasetPicker disabled={busy} />
        {dataset?.source.kind === 'sample' && (
          <label>
            <input
              type="checkbox" checked={sampleOptions.imbalanced} disabled={busy}
              onChange={(e) => void loadSampleDataset({ ...sampleOptions, imbalanced: e.target.checked })}
            />{' '}
            Imbalanced classes (largest 5× the smallest)
          </label>
        )}
        {dataset?.source.kind === 'sample' && (
          <label>
            <input
              type="checkbox" checked={(sampleOptions.testFraction ?? 0) > 0} disabled={busy}
              onChange={(e) => void loadSampleDataset({ ...sampleOptions, testFraction: e.target.checked ? SAMPLE_TEST_FRACTION : 0 })}
            />{' '}
            Hold out a test split ({SAMPLE_TEST_FRACTION * 100}% of each class, scored only after a run)
          </label>
        )}
        {dataset && (
          <p className="hint">
            {dataset.classNames.length} classes ({dataset.classNames.join(', ')}), {dataset.imageSize !== null ? `${dataset.imageSize}×${dataset.imageSize} px` : 'photos stored at up to 256 px'};{' '}
            {sum(dataset.trainCounts)} training and {sum(dataset.validationCounts)} validation images
            {sum(dataset.testCounts) > 0 ? `, ${sum(dataset.testCounts)} test images held out` : ''}.
          </p>
        )}
        {dataset && <ImbalanceWarning counts={dataset.trainCounts} classNames={dataset.classNames} />}
        <DatasetImport />
      </fieldset>
      <fieldset>
        <legend>Model</legend>
        <label>
          Model{' '}
          <select
            aria-label="Model"
            value={modelForm.architecture}
            disabled={busy}
            onChange={(e) => void rebuildModel({ architecture: e.target.value as ArchitectureId })}
          >
            {MODEL_CATALOG.filter((m) => !m.unlisted || (m.id === 'imported-backbone' && modelForm.importedBackbone)).map((m) => (
              <option key={m.id} value={m.id}>{modelLabel({ architecture: m.id, importedBackbone: modelForm.importedBackbone })}</option>
            ))}
          </select>
        </label>
        <p className="hint">{entry.description}</p>
        {modelLoading && (
          <label className="model-progress">
            Loading {modelLoading.label}{' '}
            <progress aria-label="Model download" max={1} value={modelLoading.fraction} /> {Math.round(modelLoading.fraction * 100)}%
          </label>
        )}
        {model && <p className="hint" role="status" aria-label="Model input">The model sees {model.inputShape.slice(0, 2).join('×')} px images: each picture's centre square (a random crop of the whole picture when augmentation crops), resized.</p>}
        <ErrorNotice part="model" />
        {entry.pretrained ? (
          <>
            <label>
              Input size{' '}
              <select aria-label="Input size" value={modelForm.inputSize} disabled={busy} onChange={(e) => void rebuildModel({ inputSize: Number(e.target.value) })}>
                {(entry.inputSizes ?? [modelForm.inputSize]).map((size) => <option key={size} value={size}>{size} px</option>)}
              </select>
            </label>
            {entry.downloads && (
              <label>
                Model base URL{' '}
                <input
                  type="url" defaultValue={settings.modelBaseUrl ?? ''} placeholder={TFJS_MODELS_BASE_URL} disabled={busy}
                  onBlur={(e) => void setModelBaseUrl(e.target.value)}
                />
              </label>
            )}
            {entry.loadCard && <ModelCardView key={entry.id} load={entry.loadCard} />}
          </>
        ) : (
          <>
            <NumberField label="Width (channels of the first layer)" value={modelForm.width} {...MODEL_BOUNDS.width} disabled={busy}
              onCommit={(width) => void rebuildModel({ width })} />
            <NumberField label="Input size (px)" value={modelForm.scratchInputSize ?? dataset?.imageSize ?? DEFAULT_PHOTO_INPUT_SIZE} {...MODEL_BOUNDS.scratchInputSize} disabled={busy}
              onCommit={(scratchInputSize) => void rebuildModel({ scratchInputSize })} />
          </>
        )}
        <NumberField label="Head dropout" value={modelForm.dropout} {...MODEL_BOUNDS.dropout} disabled={busy}
          onCommit={(dropout) => void rebuildModel({ dropout })} />
        <NumberField label="Head hidden units (0 = none)" value={modelForm.headHiddenUnits} {...MODEL_BOUNDS.headHiddenUnits} disabled={busy}
          onCommit={(headHiddenUnits) => void rebuildModel({ headHiddenUnits })} />
        <NumberField label="Head L2 regularization" value={modelForm.headL2} {...MODEL_BOUNDS.headL2} disabled={busy}
          onCommit={(headL2) => void rebuildModel({ headL2 })} />
        <p className="hint">A hidden layer adds Dense + BatchNorm + ReLU before the classifier; L2 adds λ·Σw² of the head's kernels to the training loss.</p>
      </fieldset>
      <fieldset>
        <legend>Optimisation</legend>
        <label>
          Optimizer{' '}
          <select aria-label="Optimizer" value={form.optimizer} disabled={busy} onChange={(e) => update({ optimizer: e.target.value as OptimizerName })}>
            {OPTIMIZERS.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
          </select>
        </label>
        <NumberField label="Learning rate" value={form.learningRate} {...TRAINING_BOUNDS.learningRate} disabled={busy}
          onCommit={(learningRate) => update({ learningRate })} />
        <LrFinderPanel />
        <NumberField label="Epochs" value={form.epochs} {...TRAINING_BOUNDS.epochs} disabled={busy}
          onCommit={(epochs) => update({ epochs })} />
        <NumberField label="Batch size" value={form.batchSize} {...TRAINING_BOUNDS.batchSize} disabled={busy}
          onCommit={(batchSize) => update({ batchSize })} />
        <NumberField label="Memory limit (GB, 0 = as the browser reports)" value={settings.memoryLimitGb ?? 0} {...MEMORY_LIMIT_BOUNDS} disabled={busy}
          onCommit={(gb) => void setMemoryLimit(gb)} />
        <NumberField label="Decoded image cache (MB, 0 = automatic)" value={settings.decodedCacheMb ?? 0} {...DECODED_CACHE_BOUNDS} disabled={busy}
          onCommit={(mb) => void setDecodedCacheSize(mb)} />
        <NumberField label="Seed" value={form.seed} {...TRAINING_BOUNDS.seed} disabled={busy}
          onCommit={(seed) => update({ seed })} />
        <label>
          Schedule{' '}
          <select aria-label="Schedule" value={form.schedule} disabled={busy} onChange={(e) => update({ schedule: e.target.value as TrainingForm['schedule'] })}>
            <option value="constant">Constant</option>
            <option value="step">Step (×0.1 every third of the run)</option>
            <option value="cosine">Cosine to 0</option>
            <option value="cosineRestarts">Cosine with warm restarts</option>
            <option value="oneCycle">One-cycle (peak = learning rate)</option>
          </select>
        </label>
        <NumberField label="Warm-up steps" value={form.warmupSteps} {...TRAINING_BOUNDS.warmupSteps} disabled={busy}
          onCommit={(warmupSteps) => update({ warmupSteps })} />
        <NumberField label="Gradient clipping (global norm, 0 = off)" value={form.clipNorm} {...TRAINING_BOUNDS.clipNorm} disabled={busy}
          onCommit={(clipNorm) => update({ clipNorm })} />
        <ClassBalanceFields form={form} classNames={dataset?.classNames ?? []} disabled={busy} update={update} />
      </fieldset>
      <fieldset>
        <legend>Regularisation</legend>
        <NumberField label="Weight decay" value={form.weightDecay} {...TRAINING_BOUNDS.weightDecay} disabled={busy}
          onCommit={(weightDecay) => update({ weightDecay })} />
        <NumberField label="Label smoothing" value={form.labelSmoothing} {...TRAINING_BOUNDS.labelSmoothing} disabled={busy}
          onCommit={(labelSmoothing) => update({ labelSmoothing })} />
        <label>
          Augmentation{' '}
          <select aria-label="Augmentation" value={form.augmentation} disabled={busy} onChange={(e) => update({ augmentation: e.target.value as TrainingForm['augmentation'] })}>
            <option value="none">None</option>
            <option value="mild">Mild (flip, crop, colour jitter)</option>
          </select>
        </label>
        <NumberField label="Mixup α (0 = off)" value={form.mixupAlpha} {...TRAINING_BOUNDS.mixupAlpha} disabled={busy}
          onCommit={(mixupAlpha) => update({ mixupAlpha })} />
        <PenaltyFields disabled={busy} />
        <p className="hint">Validation images are never augmented.</p>
        <AugmentationPreview />
      </fieldset>
      <fieldset>
        <legend>Callbacks</legend>
        <NumberField label="Early stopping patience (epochs, 0 = off)" value={form.earlyStoppingPatience} {...TRAINING_BOUNDS.earlyStoppingPatience} disabled={busy}
          onCommit={(earlyStoppingPatience) => update({ earlyStoppingPatience })} />
        <NumberField label="Reduce LR on plateau patience (epochs, 0 = off)" value={form.plateauPatience} {...TRAINING_BOUNDS.plateauPatience} disabled={busy}
          onCommit={(plateauPatience) => update({ plateauPatience })} />
        <NumberField label="Gradual unfreezing: thaw a block every N epochs (0 = off)" value={form.gradualEveryEpochs} {...TRAINING_BOUNDS.gradualEveryEpochs} disabled={busy}
          onCommit={(gradualEveryEpochs) => update({ gradualEveryEpochs })} />
        <NumberField label="Gradual unfreezing: thaw a block when validation loss stalls for N epochs (0 = off)" value={form.gradualPlateauPatience} {...TRAINING_BOUNDS.gradualPlateauPatience} disabled={busy}
          onCommit={(gradualPlateauPatience) => update({ gradualPlateauPatience })} />
        <NumberField label="Learning rate × at each thaw" value={form.thawLrFactor} {...TRAINING_BOUNDS.thawLrFactor} disabled={busy}
          onCommit={(thawLrFactor) => update({ thawLrFactor })} />
        <p className="hint">Early stopping restores the best epoch's weights. Gradual unfreezing starts with only the head trainable.</p>
      </fieldset>
    </div>
  );
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
