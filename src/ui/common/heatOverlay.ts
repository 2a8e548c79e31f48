/**
 * Drawing a Grad-CAM heatmap over a picture, with no React: the Predict panel, the galleries and the live camera
 * view all draw through here. A heatmap is `side × side` values in 0..1 over the centre square the model saw.
 */

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The centre square of a `width × height` picture: where the model looked, so where its heatmap goes. */
export function centreSquareArea(width: number, height: number): Area {
  const side = Math.min(width, height);
  return { x: (width - side) / 2, y: (height - side) / 2, width: side, height: side };
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** The "jet" colour map: dark blue at 0 (no contribution) through cyan, yellow, to dark red at 1 (raised the score most). */
export function heatColour(value: number): [number, number, number] {
  const v = clamp01(value);
  const channel = (centre: number) => Math.round(255 * clamp01(1.5 - Math.abs(4 * v - centre)));
  return [channel(3), channel(2), channel(1)];
}

/** The heatmap as RGBA pixels at a constant opacity (0..1): blue stays visible, since "no contribution" is information too. */
export function heatOverlayRgba(heat: ArrayLike<number>, opacity: number): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(heat.length * 4);
  const alpha = Math.round(255 * clamp01(opacity));
  for (let i = 0; i < heat.length; i++) {
    const [r, g, b] = heatColour(heat[i] ?? 0);
    rgba.set([r, g, b, alpha], i * 4);
  }
  return rgba;
}

/** Draws the heatmap over what `context` already shows, stretched smoothly onto `area` (e.g. a video's centre square). */
export function drawHeatOverlay(context: CanvasRenderingContext2D, heat: ArrayLike<number>, side: number, area: Area, opacity = 0.5): void {
  const layer = new OffscreenCanvas(side, side);
  const layerContext = layer.getContext('2d');
  if (!layerContext) return;
  layerContext.putImageData(new ImageData(heatOverlayRgba(heat, opacity), side, side), 0, 0);
  context.imageSmoothingEnabled = true;
  context.drawImage(layer, area.x, area.y, area.width, area.height);
}
