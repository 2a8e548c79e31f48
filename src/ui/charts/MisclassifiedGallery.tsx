import type { ImagePreview } from '../../contract';
import { startTransition, useEffect, useState } from 'react';
import { useStudio } from '../../store/studioStore';
import { OpenableImages } from './OpenableImages';

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
  const predictions = useStudio((s) => s.validationPredictions);
  const confidence = useStudio((s) => s.validationConfidence);
  const fetchValidationImages = useStudio((s) => s.fetchValidationImages);
  const [images, setImages] = useState<{ misses: Miss[]; previews: ImagePreview[] } | null>(null);

  useEffect(() => {
    if (!dataset || !predictions || !confidence) return setImages(null);
    const misses: Miss[] = [];
    const className = (k: number) => dataset.classNames[k] ?? `class ${k}`;
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
    <figure className="gallery" aria-label="Misclassified validation images">
      <figcaption>Misclassified: {total} of {scored} validation images{total > MAX_SHOWN ? ` (the ${MAX_SHOWN} most confident shown)` : ''}</figcaption>
      <OpenableImages items={images.misses.flatMap((m, i) => {
        const image = images.previews[i];
        return image ? [{
          key: m.position, image, label: `${m.trueClass} predicted as ${m.predicted}`,
          caption: <span className="caption">true: {m.trueClass}<br />predicted: {m.predicted} ({(m.confidence * 100).toFixed(0)}%)</span>,
        }] : [];
      })} />
    </figure>
  );
}
