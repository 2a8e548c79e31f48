import type { ImagePreview } from '../../contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store/studioStore';
import { RgbCanvas } from '../common/RgbCanvas';

/** A grid of one training image as the current augmentation settings would show it to the network. */
export function AugmentationPreview() {
  const { t } = useTranslation('controls');
  const previewAugmentation = useStudio((s) => s.previewAugmentation);
  const ready = useStudio((s) => s.engineStatus === 'ready');
  const [images, setImages] = useState<ImagePreview[]>([]);
  const [seed, setSeed] = useState(1);
  const refresh = async () => {
    setImages(await previewAugmentation(8, seed));
    setSeed(seed + 1);
  };
  return (
    <div className="augmentation-preview">
      <button type="button" disabled={!ready} onClick={() => void refresh()}>{t('augmentation.preview')}</button>
      {images.length > 0 && (
        <ul aria-label={t('augmentation.previewLabel')}>
          {images.map((img, i) => <li key={i}><RgbCanvas image={img} label={t('augmentation.sample', { number: i + 1 })} size={56} /></li>)}
        </ul>
      )}
    </div>
  );
}
