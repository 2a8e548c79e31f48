import type { StepPoint } from '../../store/chartSeries';

/** How a live path joins its points: straight, or as steps held until the next point (the learning rate). */
export type LivePathCurve = 'linear' | 'stepAfter';

/** A chart axis's scale: a data value to pixels, undefined outside what it can place. */
type Scale = (value: unknown) => number | undefined;

/** The SVG path through the points that have a finite value (a step without one, say no penalty, breaks nothing). */
export function pathOf(points: StepPoint[], dataKey: keyof StepPoint, x: Scale, y: Scale, curve: LivePathCurve): string {
  const parts: string[] = [];
  for (const p of points) {
    const value = p[dataKey];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const px = x(p.step);
    const py = y(value);
    if (px === undefined || py === undefined) continue;
    const at = `${px.toFixed(1)},${py.toFixed(1)}`;
    if (parts.length === 0) parts.push(`M${at}`);
    else if (curve === 'stepAfter') parts.push(`H${px.toFixed(1)}`, `V${py.toFixed(1)}`);
    else parts.push(`L${at}`);
  }
  return parts.join('');
}
