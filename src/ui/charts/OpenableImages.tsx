import type { ImagePreview } from '../../contract';
import { useTranslation } from 'react-i18next';
import { useState, type ReactNode } from 'react';
import { RgbCanvas } from '../common/RgbCanvas';
import { HeatmapView } from './HeatmapView';

export interface OpenableImage {
  key: number;
  image: ImagePreview;
  /** What the picture is, e.g. "ants predicted as bees". */
  label: string;
  caption?: ReactNode;
}

/** Thumbnails, each with a button that opens the picture with its heatmap below the list. */
export function OpenableImages({ items }: { items: OpenableImage[] }) {
  const { t } = useTranslation('charts');
  const [opened, setOpened] = useState<OpenableImage | null>(null);
  return (
    <>
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            <RgbCanvas image={item.image} label={item.label} />
            {item.caption}
            {/* A button beside the picture, not around it: the picture stays an image of its own for screen readers. */}
            <button type="button" className="thumb-button" aria-label={t('heatmap.open', { label: item.label })} aria-pressed={opened?.key === item.key} onClick={() => setOpened(item)}>
              {t('heatmap.button')}
            </button>
          </li>
        ))}
      </ul>
      {opened && <HeatmapDialog key={opened.key} item={opened} onClose={() => setOpened(null)} />}
    </>
  );
}

/** An opened picture: its heatmap at once, with the class and block choices. Not modal: the charts stay usable. */
function HeatmapDialog({ item, onClose }: { item: OpenableImage; onClose: () => void }) {
  const { t } = useTranslation('charts');
  return (
    <div role="dialog" aria-label={t('heatmap.of', { label: item.label })} className="heatmap-dialog">
      <p>{item.label}</p>
      <HeatmapView image={item.image} label={item.label} initiallyShown />
      <button type="button" onClick={onClose}>{t('heatmap.close')}</button>
    </div>
  );
}
