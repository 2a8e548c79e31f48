/**
 * Axis settings for a chart that passes its own round ticks (see ticks.ts). Without them recharts, at
 * every redraw, searches "nice" ticks itself with decimal.js and measures each tick label's text in the
 * DOM (a forced layout per label) to decide which labels to drop: most of a chart update's main-thread
 * time, measured in a trace. The ticks given are few enough to show all of them.
 * `tick.width: 0`: recharts hands each tick label the axis's width, and a label with a width is measured
 * word by word to wrap it; axis numbers never wrap.
 */
export const FIXED_TICKS = { interval: 0, niceTicks: 'none', tick: { width: 0 } } as const;
