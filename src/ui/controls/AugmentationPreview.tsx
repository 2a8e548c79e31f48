import type { ImagePreview } from '../../contract';
import { useState } from 'react';
import { useStudio } from '../../store/studioStore';
import { RgbCanvas } from '../common/RgbCanvas';

/** A grid of one training image as the current augmentation settings would show it to the network. */
export function AugmentationPreview() {
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
      <button type="button" disabled={!ready} onClick={() => void refresh()}>Preview augmentation</button>
      {images.length > 0 && (
        <ul aria-label="Augmentation preview">
          {images.map((img, i) => <li key={i}><RgbCanvas image={img} label={`Augmented sample ${i + 1}`} size={56} /></li>)}
        </ul>
      )}
    </div>
  );
}
