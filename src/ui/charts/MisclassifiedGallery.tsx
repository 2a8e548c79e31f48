import type { ImagePreview } from '../../contract';
import { useTranslation } from 'react-i18next';
import { formatNumber, i18n } from '../../common/i18n/i18n';
import { startTransition, useEffect, useMemo, useState } from 'react';
import { useStudio } from '../../store/studioStore';
import { OpenableImages } from './OpenableImages';
import { REDRAW_SLOT_MS, useStaggeredValue } from './useStaggeredValue';

const MAX_SHOWN = 24;

interface Miss {
  position: number;
  trueClass: string;
  predicted: string;
  confidence: number;
}

/** The validation images the latest epoch got wrong, most confident mistakes first; each opens with its heatmap. */
export function MisclassifiedGallery() {
  const dataset = useStudio((s) => s.dataset);
  // In its own redraw slot, and held back while off screen during a run: each epoch's gallery decodes and draws images.
  // Predictions and their confidence are one value, so the slot never shows one epoch's with the other's.
  const latestPredictions = useStudio((s) => s.validationPredictions);
  const latestConfidence = useStudio((s) => s.validationConfidence);
  const latest = useMemo(() => ({ predictions: latestPredictions, confidence: latestConfidence }), [latestPredictions, latestConfidence]);
  const { predictions, confidence } = useStaggeredValue(latest, REDRAW_SLOT_MS.mistakes);
  const fetchValidationImages = useStudio((s) => s.fetchValidationImages);
  const { t } = useTranslation('charts');
  const [images, setImages] = useState<{ misses: Miss[]; previews: ImagePreview[] } | null>(null);

  useEffect(() => {
    if (!dataset || !predictions || !confidence) return setImages(null);
    const misses: Miss[] = [];
    const className = (k: number) => dataset.classNames[k] ?? i18n.t('charts:className', { number: k });
    predictions.forEach((p, i) => {
      const truth = dataset.validationLabels[i];
      // −1: the image could not be read this epoch; it is neither right nor wrong.
      if (truth !== undefined && p >= 0 && p !== truth) misses.push({ position: i, trueClass: className(truth), predicted: className(p), confidence: confidence[i] ?? 0 });
    });
    misses.sort((a, b) => b.confidence - a.confidence);
    const shown = misses.slice(0, MAX_SHOWN);
    let cancelled = false;
    void fetchValidationImages(shown.map((m) => m.position)).then((previews) => {
      // A transition: the gallery redraws in an interruptible background render.
      if (!cancelled) startTransition(() => setImages({ misses: shown, previews }));
    });
    return () => { cancelled = true; };
  }, [dataset, predictions, confidence, fetchValidationImages]);

  if (!images || !predictions) return null;
  const total = predictions.filter((p, i) => p >= 0 && p !== dataset?.validationLabels[i]).length;
  const scored = predictions.filter((p) => p >= 0).length;
  return (
    <figure className="gallery" aria-label={t('misclassified.label')}>
      <figcaption>{t('misclassified.caption', { total: formatNumber(total), scored: formatNumber(scored) })}{total > MAX_SHOWN ? t('misclassified.mostConfident', { shown: MAX_SHOWN }) : ''}</figcaption>
      <OpenableImages items={images.misses.flatMap((m, i) => {
        const image = images.previews[i];
        return image ? [{
          key: m.position, image, label: t('predictedAs', { truth: m.trueClass, predicted: m.predicted }),
          caption: <span className="caption">{t('misclassified.truth', { name: m.trueClass })}<br />{t('misclassified.predicted', { name: m.predicted, confidence: formatNumber(m.confidence, { style: 'percent', maximumFractionDigits: 0 }) })}</span>,
        }] : [];
      })} />
    </figure>
  );
}
