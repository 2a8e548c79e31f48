import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUGMENTATION_CONFIG, AUGMENTATION_PRESETS, needsRawPixels, type AugmentationConfig, type ImagePreview } from '../../contract';
import { formAugmentation } from '../../store/trainConfig';
import { formatNumber } from '../../common/i18n/i18n';
import { useStudio } from '../../store/studioStore';
import { RgbCanvas } from '../common/RgbCanvas';
import { AugmentationFields } from './AugmentationFields';
import { selectRunActive } from '../flow/useBusy';
import { useDeferredStudio } from '../common/useDeferredStudio';

/** How long the preview waits after the last change before asking the engine: a dragged value asks once. */
const PREVIEW_DELAY_MS = 300;

const PRESET_NAMES = ['none', 'basic', 'strong'] as const;

/**
 * Every augmentation the engine has, each with its own control, presets "basic" and "strong", and
 * a preview grid that follows the values. Values go into the training form (its augmentationOps),
 * so settings files and run records carry each one. Augmentation turns the frozen-feature cache off:
 * the panel says so, and what an epoch then costs.
 */
export function AugmentationPanel() {
  const { t } = useTranslation('augmentation');
  const form = useStudio((s) => s.trainingForm);
  const update = useStudio((s) => s.updateTrainingForm);
  const busy = useDeferredStudio(selectRunActive);
  const ops = formAugmentation(form);
  const [refusal, setRefusal] = useState<string | null>(null);

  const apply = (next: AugmentationConfig) => {
    const checked = AUGMENTATION_CONFIG.safeParse(next);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      setRefusal(t('refused', { field: issue?.path.join('.') ?? '', reason: issue?.message ?? '' }));
      return;
    }
    setRefusal(null);
    update({ augmentationOps: checked.data, mixupAlpha: checked.data.mixupAlpha });
  };

  return (
    <details className="augmentation-panel" open>
      <summary>{t('heading')}</summary>
      <div className="buttons" role="group" aria-label={t('presets')}>
        {PRESET_NAMES.map((p) => (
          <button key={p} type="button" disabled={busy} onClick={() => apply(AUGMENTATION_PRESETS[p])}>{t(`preset.${p}`)}</button>
        ))}
      </div>
      <AugmentationFields value={ops} disabled={busy} onChange={apply} />
      {refusal && <p className="field-error" role="alert">{refusal}</p>}
      <CacheNote ops={ops} />
      <LivePreview ops={ops} />
    </details>
  );
}

/** Says that pixel augmentation turns the frozen-feature cache off, and what an epoch then costs. */
function CacheNote({ ops }: { ops: AugmentationConfig }) {
  const { t } = useTranslation('augmentation');
  const frozen = useStudio((s) => s.model?.blocks.some((b) => b.frozen) ?? false);
  const images = useStudio((s) => (s.dataset?.trainCounts ?? []).reduce((a, b) => a + b, 0));
  const batch = useStudio((s) => s.trainingForm.batchSize);
  const lastEpoch = useStudio((s) => s.epochs.at(-1));
  if (!needsRawPixels(ops)) return <p className="hint">{t('cache.on')}</p>;
  const batches = Math.max(1, Math.ceil(images / batch));
  return (
    <p className="hint" role="note" aria-label={t('cache.name')}>
      {frozen ? t('cache.off', { images: formatNumber(images), batches: formatNumber(batches) }) : t('cache.noFrozen', { images: formatNumber(images), batches: formatNumber(batches) })}
      {lastEpoch && ` ${t('cache.lastEpoch', { seconds: formatNumber(lastEpoch.seconds, { maximumFractionDigits: 1 }) })}`}
    </p>
  );
}

/** Eight augmented copies of one training image, redrawn (same seed) whenever a value changes. */
function LivePreview({ ops }: { ops: AugmentationConfig }) {
  const { t } = useTranslation('augmentation');
  const previewAugmentation = useStudio((s) => s.previewAugmentation);
  const ready = useStudio((s) => s.engineStatus === 'ready' && s.dataset !== null);
  const [images, setImages] = useState<ImagePreview[]>([]);
  const key = JSON.stringify(ops);
  useEffect(() => {
    if (!ready) return;
    let current = true;
    const timer = setTimeout(() => {
      void previewAugmentation(8, 1).then((result) => { if (current) setImages(result); });
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, ready, previewAugmentation]);
  if (images.length === 0) return null;
  return (
    <ul className="augmentation-live" aria-label={t('preview')}>
      {images.map((img, i) => <li key={i}><RgbCanvas image={img} label={t('sample', { n: i + 1 })} size={56} /></li>)}
    </ul>
  );
}
