import type { ImagePreview, Prediction } from '../../contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store/studioStore';
import { rgbaToRgb } from '../../data/pixels';
import { ErrorNotice } from './ErrorNotice';
import { HeatmapView } from '../charts/HeatmapView';
import { useCamera } from '../../store/cameraStore';
import { i18n, formatNumber } from '../../common/i18n/i18n';

const MAX_SIDE = 256;

interface PredictResult {
  name: string;
  source: 'current' | 'best';
  image: ImagePreview;
  predictions: Prediction[];
}

/** Pick one image: the top classes of the current model, or of the best checkpoint, with their probabilities and a heatmap on request. */
export function PredictPanel() {
  const { t } = useTranslation('controls');
  const ready = useStudio((s) => s.engineStatus === 'ready' && s.model !== null);
  const hasBest = useStudio((s) => s.checkpoints.best !== undefined);
  const [source, setSource] = useState<'current' | 'best'>('current');
  const predict = useStudio((s) => s.predict);
  const cameraOpen = useCamera((s) => s.panelOpen);
  const [result, setResult] = useState<PredictResult | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const from = source === 'best' && hasBest ? 'best' : 'current';
    // The decoded picture is kept for its heatmap: it is decoded once, by the prediction.
    let image: ImagePreview | null = null;
    const decode = async () => (image = await decodeForPrediction(file));
    const predictions = await predict({ name: file.name, decode }, 3, from);
    setResult(predictions && image && { name: file.name, source: from, image, predictions });
  };
  return (
    <section className="predict" aria-label={t('predict.label')}>
      <label>
        {t('predict.with')}{' '}
        <select aria-label={t('predict.with')} value={hasBest ? source : 'current'} onChange={(e) => setSource(e.target.value as 'current' | 'best')}>
          <option value="current">{t('predict.current')}</option>
          <option value="best" disabled={!hasBest}>{t('predict.best')}</option>
        </select>
      </label>{' '}
      <label className="file-button">
        {t('predict.image')}{' '}
        <input type="file" accept="image/*" disabled={!ready} onChange={(e) => { void onFile(e.target.files?.[0]); e.target.value = ''; }} />
      </label>{' '}
      {!cameraOpen && <button type="button" onClick={() => useCamera.getState().openPanel(null)}>{t('predict.liveCamera')}</button>}
      <ErrorNotice part="predict" />
      {result && (
        <ol aria-label={t('predict.predictionsFor', { name: result.name })} title={t(result.source === 'best' ? 'predict.fromBest' : 'predict.fromCurrent')}>
          {result.predictions.map((p) => <li key={p.label} data-label={p.label} data-probability={p.probability}>{p.label} {formatNumber(p.probability, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })}</li>)}
        </ol>
      )}
      {result && <HeatmapView key={`${result.name}-${result.source}`} image={result.image} label={result.name} source={result.source} initiallyShown={false} />}
    </section>
  );
}

/**
 * The whole picture as RGB bytes, scaled down only when its shorter side passes 256 px: the engine cuts the
 * centre square and resizes it exactly as validation does (and as every export's preprocessing says).
 */
async function decodeForPrediction(file: File): Promise<ImagePreview> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(i18n.t('controls:predict.notAnImage'));
  }
  const scale = Math.min(1, MAX_SIDE / Math.min(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error(i18n.t('controls:predict.noCanvas'));
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return { width, height, rgb: rgbaToRgb(context.getImageData(0, 0, width, height).data) };
}
