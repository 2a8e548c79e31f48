import type { ImagePreview } from '../../contract';
import { useEffect, useRef } from 'react';

/** Draws raw RGB pixels on a canvas: user images never pass through HTML. */
export function RgbCanvas({ image, label, size = 64 }: { image: ImagePreview; label: string; size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const data = new ImageData(image.width, image.height);
    for (let i = 0, j = 0; i < image.rgb.length; i += 3, j += 4) {
      data.data[j] = image.rgb[i] ?? 0;
      data.data[j + 1] = image.rgb[i + 1] ?? 0;
      data.data[j + 2] = image.rgb[i + 2] ?? 0;
      data.data[j + 3] = 255;
    }
    ctx.putImageData(data, 0, 0);
  }, [image]);
  return <canvas ref={ref} width={image.width} height={image.height} role="img" aria-label={label} className="rgb-canvas" style={{ width: size, height: size }} />;
}
