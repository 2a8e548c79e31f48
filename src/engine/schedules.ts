import type { ScheduleConfig } from '../contract';
/**
 * Learning-rate schedules as pure functions of the training position, so the trainer, the UI's preview
 * chart and a resumed checkpoint all agree on the rate at any step without replaying history.
 * Configs are plain data (structured-clone and JSON safe).
 */

/**
 * Where training is. `step` is the 0-based global step (the trainer's 1-based event step minus one);
 * `epoch` is the 0-based epoch and may be fractional. Epoch-wise schedules (step, exponential) use
 * floor(epoch); the cosine schedules use step / stepsPerEpoch so the curve is smooth within an epoch
 * (falling back to `epoch` when stepsPerEpoch is 0); warm-up and one-cycle count steps.
 */
export interface SchedulePosition {
  step: number;
  epoch: number;
  stepsPerEpoch: number;
}

/** The position of a 0-based global step when every epoch has the same number of steps. */
export function positionAt(step: number, stepsPerEpoch: number): SchedulePosition {
  return { step, epoch: stepsPerEpoch > 0 ? step / stepsPerEpoch : 0, stepsPerEpoch };
}

/**
 * Tolerance for epoch boundaries: epochs computed as step / stepsPerEpoch can land a hair below a whole
 * number (e.g. 0.1 * 3), which must not delay a decay or a restart by a whole epoch.
 */
const BOUNDARY_EPSILON = 1e-9;

/** Assumes a config that passed the contract's SCHEDULE_CONFIG; it is called every step, so it does not re-check. */
export function learningRateAt(config: ScheduleConfig, baseLr: number, position: SchedulePosition): number {
  const lr = scheduledRate(config, baseLr, position);
  const warmup = config.warmupSteps ?? 0;
  if (warmup > 0 && position.step < warmup) return lr * (Math.max(0, position.step) / warmup);
  return lr;
}

function scheduledRate(config: ScheduleConfig, baseLr: number, position: SchedulePosition): number {
  const smoothEpoch = position.stepsPerEpoch > 0 ? position.step / position.stepsPerEpoch : position.epoch;
  switch (config.kind) {
    case 'constant':
      return baseLr;
    case 'step':
      return baseLr * Math.pow(config.gamma, Math.floor(position.epoch / config.stepSize + BOUNDARY_EPSILON));
    case 'exponential':
      return baseLr * Math.pow(config.gamma, Math.floor(position.epoch + BOUNDARY_EPSILON));
    case 'cosine': {
      // Clamped rather than cycling back up as PyTorch's CosineAnnealingLR does past T_max:
      // training past the planned length should stay at the floor.
      const progress = Math.min(1, Math.max(0, smoothEpoch) / config.totalEpochs);
      return cosineBetween(baseLr, config.minLr, progress);
    }
    case 'cosineRestarts': {
      const { sinceRestart, cycleLength } = sgdrCycle(Math.max(0, smoothEpoch), config.t0, config.tMult);
      return cosineBetween(baseLr, config.minLr, sinceRestart / cycleLength);
    }
    case 'oneCycle':
      return oneCycleRate(config, position.step);
  }
}

/** Cosine from `start` (progress 0) to `end` (progress 1). */
function cosineBetween(start: number, end: number, progress: number): number {
  return end + ((start - end) * (1 + Math.cos(Math.PI * progress))) / 2;
}

/** The SGDR cycle containing epoch t: cycles are t0, t0*tMult, t0*tMult^2 ... epochs long. */
function sgdrCycle(t: number, t0: number, tMult: number): { sinceRestart: number; cycleLength: number } {
  // tMult < 1 or t0 <= 0 (refused by SCHEDULE_CONFIG) must not hang the loop below: treat as fixed cycles.
  if (tMult <= 1 || !(t0 > 0) || !Number.isFinite(t)) {
    const cycles = Math.floor(t / t0 + BOUNDARY_EPSILON);
    return { sinceRestart: Math.max(0, t - cycles * t0), cycleLength: t0 };
  }
  // Walking the cycles (logarithmically many) avoids the rounding of a closed-form log at restarts.
  let start = 0;
  let length = t0;
  while (t + BOUNDARY_EPSILON * length >= start + length) {
    start += length;
    length *= tMult;
  }
  return { sinceRestart: Math.max(0, t - start), cycleLength: length };
}

type OneCycleConfig = Extract<ScheduleConfig, { kind: 'oneCycle' }>;

/**
 * PyTorch's phase boundaries: the peak is at step pctStart*totalSteps - 1 and the floor
 * (maxLr / divFactor / finalDivFactor) at step totalSteps - 1; later steps stay at the floor
 * (PyTorch raises there instead).
 */
function oneCycleRate(config: OneCycleConfig, step: number): number {
  const initialLr = config.maxLr / config.divFactor;
  const minLr = initialLr / config.finalDivFactor;
  const peakStep = config.pctStart * config.totalSteps - 1;
  const lastStep = config.totalSteps - 1;
  if (step <= peakStep) {
    // A peak at step 0 (pctStart*totalSteps = 1) would divide by zero: start at the peak instead.
    return peakStep > 0 ? cosineBetween(initialLr, config.maxLr, Math.max(0, step) / peakStep) : config.maxLr;
  }
  const span = lastStep - peakStep;
  const progress = span > 0 ? Math.min(1, (step - peakStep) / span) : 1;
  return cosineBetween(config.maxLr, minLr, progress);
}
