/**
 * Round tick values (1, 2 or 5 times a power of ten) covering [min, max], and the domain they span.
 * Given to recharts as fixed ticks, so a redraw does not recompute "nice" ticks itself (its
 * decimal.js arithmetic was a large part of every chart update).
 */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; domain: [number, number] } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [0, 1], domain: [0, 1] };
  if (max <= min) max = min + (Math.abs(min) || 1);
  const rough = (max - min) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  // Rounded to the step's decimals: 0.1 + 0.2 must print as 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let value = first; value < max + step / 2; value += step) ticks.push(Number(value.toFixed(decimals)));
  // The loop runs at least once (first ≤ min < max + step / 2): `first` never stands in for a tick.
  const lastTick = ticks.at(-1) ?? first;
  if (lastTick < max) ticks.push(Number((lastTick + step).toFixed(decimals)));
  return { ticks, domain: [ticks[0] ?? first, ticks.at(-1) ?? first] };
}

/** Whether two `niceTicks` results draw the same axis. */
export function sameTicks(a: { ticks: number[]; domain: [number, number] }, b: { ticks: number[]; domain: [number, number] }): boolean {
  return a.domain[0] === b.domain[0] && a.domain[1] === b.domain[1] && a.ticks.length === b.ticks.length && a.ticks.every((t, i) => t === b.ticks[i]);
}

/** Margins shared by the studio's line charts; one object, so a redraw does not hand recharts a new one. */
export const CHART_MARGIN = { top: 8, right: 16, bottom: 4, left: 0 };

/**
 * Where the step axis of a run's per-step charts ends: at the last step the run plans (epochs × steps
 * per epoch), so the axis stays put while the curve grows across it and a redraw only brings new points;
 * past the plan, or with none, at the last step drawn.
 */
export function stepAxisEnd(firstStep: number, lastStep: number, plannedLastStep: number | null): number {
  return Math.max(lastStep, plannedLastStep ?? lastStep, firstStep + 1);
}

/** Whole-number ticks (steps, epochs) from `min` to `max`. */
export function wholeTicks(min: number, max: number, count = 6): { ticks: number[]; domain: [number, number] } {
  const { ticks } = niceTicks(min, Math.max(max, min + 1), count);
  const whole = [...new Set(ticks.map((t) => Math.round(t)))].filter((t) => t >= min && t <= Math.max(max, min + 1));
  return { ticks: whole.length > 0 ? whole : [min], domain: [min, Math.max(max, min + 1)] };
}
