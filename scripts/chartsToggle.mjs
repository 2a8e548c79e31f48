// The UI bench's toggled runs (scripts/bench.mjs, `--ui-toggle-runs`): which epochs train with the charts on
// screen, which are counted, and the figure made of them. Pure, so that the plan's balance is tested.

/** Epochs per block of a toggled run: the charts are switched only between blocks. */
export const TOGGLE_BLOCK_EPOCHS = 3;
/**
 * In a run whose charts are toggled, whether epoch `epoch` (from 1) trains with them on screen: the first (the
 * warm-up) does, then blocks of TOGGLE_BLOCK_EPOCHS epochs on, off, off, on, again; and whether it is counted: not
 * the warm-up, and not a block's first epoch, which pays for mounting or unmounting the charts (a run with charts on
 * screen throughout never does). The counted epochs of each kind then sit at the same mean time in the run.
 */
export const toggledEpochShowsCharts = (epoch) => epoch === 1 || [0, 3].includes(Math.floor((epoch - 2) / TOGGLE_BLOCK_EPOCHS) % 4);
export const toggledEpochCounted = (epoch) => epoch > 1 && (epoch - 2) % TOGGLE_BLOCK_EPOCHS !== 0;
/** Epochs in a toggled run of `quads` rounds of four blocks (on, off, off, on), the warm-up epoch included. */
export const toggledRunEpochs = (quads) => 1 + 4 * TOGGLE_BLOCK_EPOCHS * quads;

/**
 * Toggled runs as one figure: images/s over every counted epoch with charts on screen ÷ over those hidden, and the
 * same per run. An epoch is `{ seconds, imagesPerSecond, show, switched, cpu }`; one whose charts were not found as
 * planned a second into it (`switched` false) is left out of the ratios and counted in `unswitched`.
 */
export function combineToggledRuns(runs) {
  // Images over seconds, all epochs of a kind together (a slow epoch weighs by its time, as in a run).
  const rate = (epochs) => epochs.reduce((a, e) => a + e.imagesPerSecond * e.seconds, 0) / epochs.reduce((a, e) => a + e.seconds, 0);
  const ratio = (epochs) => rate(epochs.filter((e) => e.switched && e.show)) / rate(epochs.filter((e) => e.switched && !e.show));
  const all = runs.flatMap((r) => r.epochs);
  // CPU seconds per second of training, by thread and kind of epoch (threads under 0.05 s in an epoch count as 0 there).
  const cpuRate = (epochs) => {
    const seconds = epochs.reduce((a, e) => a + e.seconds, 0);
    const total = {};
    for (const e of epochs) for (const { thread, seconds: s } of e.cpu ?? []) total[thread] = (total[thread] ?? 0) + s;
    return Object.fromEntries(Object.entries(total).map(([thread, s]) => [thread, s / seconds]));
  };
  return {
    cpuPerSecond: { visible: cpuRate(all.filter((e) => e.switched && e.show)), hidden: cpuRate(all.filter((e) => e.switched && !e.show)) },
    runs, epochs: all.length, unswitched: all.filter((e) => !e.switched).length,
    visibleImagesPerSecond: rate(all.filter((e) => e.switched && e.show)), hiddenImagesPerSecond: rate(all.filter((e) => e.switched && !e.show)),
    ratio: ratio(all), runRatios: runs.map((r) => ratio(r.epochs)),
  };
}
