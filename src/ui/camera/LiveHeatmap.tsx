import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useCamera } from '../../store/cameraStore';
import { drawHeatOverlay } from '../common/heatOverlay';

/** The camera box's side in CSS pixels (styles.css .camera-video): the video fills it as its centre square. */
const BOX_SIDE = 240;

/**
 * The latest live Grad-CAM over the video. The video is shown as its centre square (object-fit: cover),
 * which is what the model sees, so the heatmap covers the whole box.
 */
export function LiveHeatmap() {
  const { t } = useTranslation('camera');
  const heatmap = useCamera((s) => s.liveHeatmap);
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, BOX_SIDE, BOX_SIDE);
    if (heatmap) drawHeatOverlay(context, heatmap.heat, heatmap.side, { x: 0, y: 0, width: BOX_SIDE, height: BOX_SIDE }, 0.45);
  }, [heatmap]);
  return <canvas ref={canvas} role="img" className="live-heatmap" width={BOX_SIDE} height={BOX_SIDE} aria-label={t('heatmapLabel')} data-class={heatmap?.className ?? ''} />;
}

/** What the colours mean, for the class the heatmap explains. */
export function LiveHeatmapLegend() {
  const { t } = useTranslation('camera');
  const heatmap = useCamera((s) => s.liveHeatmap);
  if (!heatmap) return <p className="hint" role="status" aria-label={t('heatmapStatusLabel')}>{t('computing')}</p>;
  return (
    <p className="heat-legend" role="status" aria-label={t('heatmapStatusLabel')}>
      <span className="heat-scale" aria-hidden="true" /> {t('legend', { className: heatmap.className, block: heatmap.blockName })}
    </p>
  );
}
