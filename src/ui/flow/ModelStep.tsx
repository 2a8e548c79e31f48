import { useTranslation } from 'react-i18next';
import { type ArchitectureId, DEFAULT_PHOTO_INPUT_SIZE, MODEL_BOUNDS } from '../../contract';
import { useStudio } from '../../store/studioStore';
import { catalogEntry, MODEL_CATALOG, modelLabel } from '../../models/catalog';
import type { TFunction } from 'i18next';
import { TFJS_MODELS_BASE_URL } from '../../models/mobilenet';
import { formatNumber } from '../../common/i18n/i18n';
import { NumberField } from '../controls/NumberField';
import { ModelCardView } from '../controls/ModelCardView';
import { ErrorNotice } from '../controls/ErrorNotice';
import { LayersView } from '../layers/LayersView';
import { Disclosure } from './Disclosure';
import { Step } from './Step';
import { useBusy } from './useBusy';

/** Step 2: the network (from scratch or pretrained), its input size and head, and which blocks train. */
export function ModelStep() {
  const { t } = useTranslation('flow');
  const model = useStudio((s) => s.model);
  const engineReady = useStudio((s) => s.engineStatus === 'ready');
  const loading = useStudio((s) => s.modelLoading !== null);
  const pending = model || loading ? null : engineReady ? t('pending.model') : t('pending.engine');
  return (
    <Step step="model" pending={pending}>
      <div className="step-columns">
      <ModelFields />
      <section className="layers-part" aria-labelledby="layers-heading">
        <h3 id="layers-heading">{t('model.layersHeading')}</h3>
        <p className="hint">{t('model.layersHint')}</p>
        <LayersView />
      </section>
      </div>
    </Step>
  );
}

function ModelFields() {
  const { t } = useTranslation('flow');
  const dataset = useStudio((s) => s.dataset);
  const model = useStudio((s) => s.model);
  const modelForm = useStudio((s) => s.modelForm);
  const rebuildModel = useStudio((s) => s.rebuildModel);
  const modelLoading = useStudio((s) => s.modelLoading);
  const modelBaseUrl = useStudio((s) => s.settings.modelBaseUrl);
  const setModelBaseUrl = useStudio((s) => s.setModelBaseUrl);
  const busy = useBusy();
  const entry = catalogEntry(modelForm.architecture);
  return (
    <fieldset>
      <legend>{t('model.legend')}</legend>
      <label>
        {t('model.model')}{' '}
        <select aria-label={t('model.model')} value={modelForm.architecture} disabled={busy} onChange={(e) => void rebuildModel({ architecture: e.target.value as ArchitectureId })}>
          {MODEL_CATALOG.filter((m) => !m.unlisted || (m.id === 'imported-backbone' && modelForm.importedBackbone)).map((m) => (
            <option key={m.id} value={m.id}>{shownModelName(t, m.id, modelLabel({ architecture: m.id, importedBackbone: modelForm.importedBackbone }), modelForm.importedBackbone?.name)}</option>
          ))}
        </select>
      </label>
      <p className="hint">{t(`models.${descriptionKey(entry.id)}.description`, { defaultValue: entry.description })}</p>
      {modelLoading && (
        <label className="model-progress">
          {t('model.loading', { label: modelLoading.label })}{' '}
          <progress aria-label={t('model.downloadLabel')} max={1} value={modelLoading.fraction} /> {formatNumber(modelLoading.fraction, { style: 'percent' })}
        </label>
      )}
      {model && (
        <p className="hint" role="status" aria-label={t('model.inputLabel')}>
          {t('model.input', { size: model.inputShape.slice(0, 2).join('×') })}
        </p>
      )}
      <ErrorNotice part="model" />
      {entry.pretrained ? (
        <>
          <label>
            {t('model.inputSize')}{' '}
            <select aria-label={t('model.inputSize')} value={modelForm.inputSize} disabled={busy} onChange={(e) => void rebuildModel({ inputSize: Number(e.target.value) })}>
              {(entry.inputSizes ?? [modelForm.inputSize]).map((size) => <option key={size} value={size}>{t('model.sizeOption', { size })}</option>)}
            </select>
          </label>
          {entry.downloads && (
            <label>
              {t('model.baseUrl')}{' '}
              <input type="url" defaultValue={modelBaseUrl ?? ''} placeholder={TFJS_MODELS_BASE_URL} disabled={busy} onBlur={(e) => void setModelBaseUrl(e.target.value)} />
            </label>
          )}
          {entry.loadCard && <ModelCardView key={entry.id} load={entry.loadCard} />}
        </>
      ) : (
        <>
          <NumberField label={t('model.width')} value={modelForm.width} {...MODEL_BOUNDS.width} disabled={busy}
            onCommit={(width) => void rebuildModel({ width })} />
          <NumberField label={t('model.scratchInputSize')} value={modelForm.scratchInputSize ?? dataset?.imageSize ?? DEFAULT_PHOTO_INPUT_SIZE} {...MODEL_BOUNDS.scratchInputSize} disabled={busy}
            onCommit={(scratchInputSize) => void rebuildModel({ scratchInputSize })} />
        </>
      )}
      <Disclosure id="head" summary={t('model.headSummary')}>
        <NumberField label={t('model.dropout')} value={modelForm.dropout} {...MODEL_BOUNDS.dropout} disabled={busy}
          onCommit={(dropout) => void rebuildModel({ dropout })} />
        <NumberField label={t('model.hiddenUnits')} value={modelForm.headHiddenUnits} {...MODEL_BOUNDS.headHiddenUnits} disabled={busy}
          onCommit={(headHiddenUnits) => void rebuildModel({ headHiddenUnits })} />
        <NumberField label={t('model.headL2')} value={modelForm.headL2} {...MODEL_BOUNDS.headL2} disabled={busy}
          onCommit={(headL2) => void rebuildModel({ headL2 })} />
        <p className="hint">{t('model.headHint')}</p>
      </Disclosure>
    </fieldset>
  );
}

/** The catalogue's entries share one description per family (the three MobileNets). */
function descriptionKey(id: ArchitectureId): string {
  return id.startsWith('mobilenet') ? 'mobilenet' : id;
}

/** A model's name in the list: MobileNet names are names; the studio's own models are described in words. */
function shownModelName(t: TFunction<'flow'>, id: ArchitectureId, english: string, importedName: string | undefined): string {
  if (id.startsWith('mobilenet')) return english;
  if (id === 'imported-backbone') return importedName ? t('models.importedNamed', { name: importedName }) : t('models.imported-backbone.label');
  return t(`models.${id}.label`, { defaultValue: english });
}
