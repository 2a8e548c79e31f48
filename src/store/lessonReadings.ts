import type { GridRow, RunFigures } from './gridResults';
import { classStat, rowStat } from './gridResults';

/**
 * Each lesson's plain-language reading, computed from its table's numbers by small rules (never canned
 * text): a reading is a list of sentences, each a catalogue key and the numbers it states, so the
 * component translates it. Percentages are given as 0–100.
 */
export interface Reading {
  key: string;
  values: Record<string, string | number>;
}

/** Two accuracies closer than this (in points) are not told apart with one seed on a small dataset. */
export const TOO_CLOSE_POINTS = 2;

const pct = (x: number) => Math.round(x * 1000) / 10;

/** Rows with a figure, paired with it (rows without a finished run are left out). */
function withFigure(rows: readonly GridRow[], figure: (row: GridRow) => number | null): { row: GridRow; value: number }[] {
  return rows.flatMap((row) => {
    const value = figure(row);
    return value === null ? [] : [{ row, value }];
  });
}

function extreme<T extends { value: number }>(items: readonly T[], pick: 'min' | 'max'): T | null {
  return items.reduce<T | null>((best, item) => (best === null || (pick === 'max' ? item.value > best.value : item.value < best.value) ? item : best), null);
}

const mean = (row: GridRow, key: Parameters<typeof rowStat>[1]) => rowStat(row, key)?.mean ?? null;

/** Lesson 1: which strategy scored best, which overfits least (smallest train − validation gap), which is fastest. */
export function readThreeStrategies(rows: readonly GridRow[]): Reading[] {
  const out: Reading[] = [];
  const accuracy = withFigure(rows, (r) => mean(r, 'bestValidationAccuracy'));
  const best = extreme(accuracy, 'max');
  const worst = extreme(accuracy, 'min');
  if (best && worst && accuracy.length > 1) {
    const spread = pct(best.value) - pct(worst.value);
    out.push(spread < TOO_CLOSE_POINTS
      ? { key: 'tooClose', values: { points: Math.round(spread * 10) / 10 } }
      : { key: 'bestAccuracy', values: { strategy: best.row.label, accuracy: pct(best.value), worst: worst.row.label, worstAccuracy: pct(worst.value) } });
  }
  const gaps = withFigure(rows, (r) => mean(r, 'gap'));
  const least = extreme(gaps, 'min');
  const most = extreme(gaps, 'max');
  if (least && most && gaps.length > 1 && least.row !== most.row) {
    out.push({ key: 'overfitsLeast', values: { strategy: least.row.label, gap: pct(least.value), most: most.row.label, mostGap: pct(most.value) } });
  }
  const time = extreme(withFigure(rows, (r) => mean(r, 'secondsPerEpoch')), 'min');
  const trainable = withFigure(rows, (r) => mean(r, 'trainablePercent'));
  const fewest = extreme(trainable, 'min');
  if (time && fewest && time.row === fewest.row) {
    out.push({ key: 'fastestFewest', values: { strategy: time.row.label, seconds: Math.round(time.value * 100) / 100, trainable: Math.round(fewest.value * 10) / 10 } });
  }
  return out;
}

/** Lesson 2: which schedule reached 90% of its best soonest, which scored best, and when blocks thawed. */
export function readGradualUnfreezing(rows: readonly GridRow[]): Reading[] {
  const out: Reading[] = [];
  const soonest = extreme(withFigure(rows, (r) => mean(r, 'epochsTo90')), 'min');
  if (soonest) out.push({ key: 'soonest90', values: { schedule: soonest.row.label, epochs: soonest.value } });
  const best = extreme(withFigure(rows, (r) => mean(r, 'bestValidationAccuracy')), 'max');
  if (best) out.push({ key: 'bestSchedule', values: { schedule: best.row.label, accuracy: pct(best.value) } });
  for (const row of rows) {
    const first = row.figures[0];
    if (!first) continue;
    out.push(first.thaws.length === 0
      ? { key: 'neverThawed', values: { schedule: row.label } }
      : { key: 'thawedAt', values: { schedule: row.label, blocks: first.thaws.length, first: first.thaws[0]?.epoch ?? 0, last: first.thaws.at(-1)?.epoch ?? 0 } });
  }
  return out;
}

/** Lesson 3: the minority classes' accuracy under each remedy against the unweighted run. */
export function readClassImbalance(rows: readonly GridRow[], classNames: readonly string[], minority: readonly number[]): Reading[] {
  const out: Reading[] = [];
  const [plain, ...remedies] = rows;
  if (!plain || plain.runs.length === 0) return out;
  for (const c of minority) {
    const base = classStat(plain, c)?.mean ?? null;
    if (base === null) continue;
    const name = classNames[c] ?? String(c + 1);
    const scored = withFigure(remedies, (r) => classStat(r, c)?.mean ?? null);
    const best = extreme(scored, 'max');
    if (!best) continue;
    const gain = pct(best.value) - pct(base);
    out.push(gain >= TOO_CLOSE_POINTS
      ? { key: 'minorityHelped', values: { className: name, remedy: best.row.label, accuracy: pct(best.value), base: pct(base), gain: Math.round(gain * 10) / 10 } }
      : { key: 'minorityNotHelped', values: { className: name, base: pct(base), best: pct(best.value) } });
  }
  const overall = withFigure(rows, (r) => mean(r, 'finalValidationAccuracy'));
  const top = extreme(overall, 'max');
  if (top) out.push({ key: 'bestOverall', values: { remedy: top.row.label, accuracy: pct(top.value) } });
  return out;
}

/**
 * Lesson 4: the best combination, and which factor moves accuracy most (the largest difference between
 * the mean accuracies of its values, over every other setting); with one seed, a warning that noise is unmeasured.
 */
export function readAblation(rows: readonly GridRow[], factors: readonly string[]): Reading[] {
  const out: Reading[] = [];
  const scored = withFigure(rows, (r) => mean(r, 'bestValidationAccuracy'));
  const best = extreme(scored, 'max');
  if (best) out.push({ key: 'bestCombination', values: { combination: best.row.label, accuracy: pct(best.value) } });
  const effects = factors.map((factor, f) => {
    const levels = new Map<string, number[]>();
    for (const { row, value } of scored) {
      const level = String(row.values[f]);
      levels.set(level, [...(levels.get(level) ?? []), value]);
    }
    const means = [...levels.entries()].map(([level, xs]) => ({ level, value: xs.reduce((a, b) => a + b, 0) / xs.length }));
    const hi = extreme(means, 'max');
    const lo = extreme(means, 'min');
    return { factor, effect: hi && lo ? hi.value - lo.value : 0, hi, lo };
  });
  const strongest = effects.reduce<(typeof effects)[number] | null>((b, e) => (b === null || e.effect > b.effect ? e : b), null);
  if (strongest?.hi && strongest.lo && strongest.effect > 0) {
    out.push({ key: 'strongestFactor', values: { factor: strongest.factor, high: strongest.hi.level, low: strongest.lo.level, points: Math.round(pct(strongest.effect) * 10) / 10 } });
  }
  const seeds = Math.min(...rows.map((r) => r.runs.length));
  if (seeds < 2) out.push({ key: 'oneSeed', values: {} });
  else {
    const noise = Math.max(...rows.map((r) => rowStat(r, 'bestValidationAccuracy')?.spread ?? 0));
    out.push({ key: 'noise', values: { seeds, spread: pct(noise) } });
  }
  return out;
}

/** A run's diagnosis: over- or underfitting or a good fit, with the evidence from its curves. */
export function diagnoseFirstFineTune(f: RunFigures, plannedEpochs: number, run: { epochs: { epoch: number; trainAccuracy: number; validationAccuracy: number; validationLoss: number }[] }): Reading[] {
  const out: Reading[] = [];
  const last = run.epochs.at(-1);
  if (!last) return out;
  const lowest = run.epochs.reduce((b, e) => (e.validationLoss < b.validationLoss ? e : b));
  const gap = last.trainAccuracy - last.validationAccuracy;
  const values = {
    epoch: last.epoch, train: pct(last.trainAccuracy), validation: pct(last.validationAccuracy), gap: pct(gap),
    bestEpoch: lowest.epoch, bestLoss: Math.round(lowest.validationLoss * 1000) / 1000, lastLoss: Math.round(last.validationLoss * 1000) / 1000,
  };
  if (gap >= 0.1 || (last.epoch > lowest.epoch + 1 && last.validationLoss > lowest.validationLoss * 1.1)) out.push({ key: 'overfitting', values });
  else if (last.trainAccuracy < 0.7) out.push({ key: 'underfitting', values });
  else out.push({ key: 'goodFit', values });
  if (f.epochsRun < plannedEpochs) out.push({ key: 'stoppedEarly', values: { epochs: f.epochsRun, planned: plannedEpochs, bestEpoch: f.bestEpoch ?? lowest.epoch } });
  const thaw = f.thaws[0];
  if (thaw) out.push({ key: 'thawed', values: { epoch: thaw.epoch } });
  return out;
}
