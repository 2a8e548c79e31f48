// The toggled runs' plan (scripts/chartsToggle.mjs): balanced between the two kinds, and a cost that is there shows.
import { describe, expect, it } from 'vitest';
import { combineToggledRuns, toggledEpochCounted, toggledEpochShowsCharts, toggledRunEpochs, TOGGLE_BLOCK_EPOCHS } from './chartsToggle.mjs';

const epochsOf = (quads) => Array.from({ length: toggledRunEpochs(quads) }, (_, i) => i + 1);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the toggled run plan', () => {
  it.each([1, 2, 3])('counts as many epochs of each kind, at the same mean time in the run (%i rounds)', (quads) => {
    const counted = epochsOf(quads).filter(toggledEpochCounted);
    const shown = counted.filter(toggledEpochShowsCharts);
    const hidden = counted.filter((e) => !toggledEpochShowsCharts(e));
    expect(shown.length).toBe(hidden.length);
    expect(shown.length).toBe(2 * (TOGGLE_BLOCK_EPOCHS - 1) * quads);
    // A drift linear in time weighs on both kinds alike.
    expect(mean(shown)).toBeCloseTo(mean(hidden), 10);
  });

  it('leaves out the warm-up epoch and each epoch right after a switch', () => {
    const epochs = epochsOf(2);
    expect(toggledEpochCounted(1)).toBe(false);
    expect(toggledEpochShowsCharts(1)).toBe(true);
    for (const e of epochs.slice(1)) {
      const switched = toggledEpochShowsCharts(e) !== toggledEpochShowsCharts(e - 1);
      if (switched) expect(toggledEpochCounted(e)).toBe(false);
    }
    // Every kind of block comes up: the charts are switched in both directions.
    expect(epochs.filter((e) => toggledEpochShowsCharts(e) !== toggledEpochShowsCharts(e - 1) && !toggledEpochShowsCharts(e)).length).toBeGreaterThan(0);
  });
});

describe('combineToggledRuns', () => {
  /** A run of the plan's counted epochs, each 240 images, the ones with charts `cost` slower, the machine drifting `drift` per epoch. */
  function run(cost, drift) {
    return {
      runState: 'finished',
      epochs: epochsOf(1).filter(toggledEpochCounted).map((epoch) => {
        const show = toggledEpochShowsCharts(epoch);
        const imagesPerSecond = 30 * (1 - drift * epoch) * (show ? 1 - cost : 1);
        return { epoch, seconds: 240 / imagesPerSecond, imagesPerSecond, show, switched: true, cpu: [{ thread: 'renderer/chromium', seconds: show ? 0.4 : 0.2 }] };
      }),
    };
  }

  it('finds a cost the charts have, through a drift of the machine', () => {
    const figure = combineToggledRuns([run(0.1, 0.01), run(0.1, -0.01)]);
    expect(figure.ratio).toBeGreaterThan(0.89);
    expect(figure.ratio).toBeLessThan(0.91);
    expect(combineToggledRuns([run(0, 0.01)]).ratio).toBeCloseTo(1, 2);
    expect(figure.cpuPerSecond.visible['renderer/chromium']).toBeGreaterThan(figure.cpuPerSecond.hidden['renderer/chromium']);
  });

  it('leaves out epochs whose charts were not as planned, and says how many', () => {
    const slow = run(0, 0);
    slow.epochs[0] = { ...slow.epochs[0], imagesPerSecond: 1, seconds: 240, switched: false };
    const figure = combineToggledRuns([slow]);
    expect(figure.unswitched).toBe(1);
    expect(figure.ratio).toBeCloseTo(1, 10);
  });
});
