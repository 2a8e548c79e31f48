import type { OptimizerConfig, OptimizerState } from '../contract';
import * as tf from '@tensorflow/tfjs';

export interface ParameterUpdate {
  variable: tf.Variable;
  gradient: tf.Tensor;
  /** The block's learning-rate multiplier (differential learning rates). */
  lrMultiplier: number;
}

interface Slots {
  first?: tf.Variable;
  second?: tf.Variable;
  /** Steps this variable has been updated: Adam's bias correction restarts for a block thawed late. */
  steps: number;
}

/**
 * Optimizers written per variable so the set of variables can change at every step (freeze/thaw),
 * each variable keeps its own state (a frozen block's momentum survives until it is thawed again),
 * and each gets its own learning rate. Variables not passed to `apply` are not touched at all.
 */
export class StudioOptimizer {
  private readonly slots = new Map<string, Slots>();

  constructor(readonly config: OptimizerConfig) {}

  apply(updates: ParameterUpdate[], learningRate: number): void {
    for (const update of updates) {
      const slots = this.slotsFor(update.variable);
      slots.steps++;
      const lr = learningRate * update.lrMultiplier;
      tf.tidy(() => this.applyOne(update.variable, update.gradient, lr, slots));
    }
  }

  private applyOne(w: tf.Variable, g0: tf.Tensor, lr: number, s: Slots): void {
    const c = this.config;
    const decayed = c.weightDecay > 0 && c.name !== 'adamw' ? g0.add(w.mul(c.weightDecay)) : g0;
    switch (c.name) {
      case 'sgd': {
        if (c.momentum > 0) {
          const first = this.slot(s, 'first', w);
          const velocity = first.mul(c.momentum).add(decayed);
          first.assign(velocity);
          const step = c.nesterov ? decayed.add(velocity.mul(c.momentum)) : velocity;
          w.assign(w.sub(step.mul(lr)));
        } else {
          w.assign(w.sub(decayed.mul(lr)));
        }
        return;
      }
      case 'adam':
      case 'adamw': {
        const first = this.slot(s, 'first', w);
        const second = this.slot(s, 'second', w);
        const m = first.mul(c.beta1).add(decayed.mul(1 - c.beta1));
        const v = second.mul(c.beta2).add(decayed.square().mul(1 - c.beta2));
        first.assign(m);
        second.assign(v);
        const mHat = m.div(1 - Math.pow(c.beta1, s.steps));
        const vHat = v.div(1 - Math.pow(c.beta2, s.steps));
        let next = w.sub(mHat.div(vHat.sqrt().add(c.epsilon)).mul(lr));
        if (c.name === 'adamw' && c.weightDecay > 0) next = next.sub(w.mul(lr * c.weightDecay));
        w.assign(next);
        return;
      }
      case 'rmsprop': {
        const second = this.slot(s, 'second', w);
        const meanSquare = second.mul(c.rho).add(decayed.square().mul(1 - c.rho));
        second.assign(meanSquare);
        const scaled = decayed.div(meanSquare.add(c.epsilon).sqrt());
        if (c.momentum > 0) {
          const first = this.slot(s, 'first', w);
          const velocity = first.mul(c.momentum).add(scaled.mul(lr));
          first.assign(velocity);
          w.assign(w.sub(velocity));
        } else {
          w.assign(w.sub(scaled.mul(lr)));
        }
        return;
      }
    }
  }

  private slotsFor(variable: tf.Variable): Slots {
    let slots = this.slots.get(variable.name);
    if (!slots) {
      slots = { steps: 0 };
      this.slots.set(variable.name, slots);
    }
    return slots;
  }

  /** The variable's slot, created (zeros) at its first use. */
  private slot(s: Slots, which: 'first' | 'second', like: tf.Variable): tf.Variable {
    const existing = s[which];
    if (existing) return existing;
    const created = tf.keep(tf.variable(tf.zerosLike(like), false));
    s[which] = created;
    return created;
  }

  /** Reads every slot back to the CPU (for checkpoints); `weights` fixes the index of each variable. */
  async exportState(weights: readonly tf.Variable[]): Promise<OptimizerState> {
    const slots: OptimizerState['slots'] = [];
    for (const [weightIndex, w] of weights.entries()) {
      const s = this.slots.get(w.name);
      if (!s) continue;
      const [first, second] = await Promise.all([s.first?.data(), s.second?.data()]);
      slots.push({ weightIndex, steps: s.steps, first: first as Float32Array | undefined, second: second as Float32Array | undefined });
    }
    return { config: this.config, slots };
  }

  /** Restores slots exported from a model of the same architecture; throws (changing nothing) on a mismatch. */
  importState(state: OptimizerState, weights: readonly tf.Variable[]): void {
    if (state.config.name !== this.config.name) throw new Error(`Saved optimizer state is for ${state.config.name}, not ${this.config.name}`);
    const fitted = state.slots.map((slot) => {
      const w = weights[slot.weightIndex];
      if (!w || !Number.isInteger(slot.steps) || slot.steps < 0 || [slot.first, slot.second].some((a) => a !== undefined && a.length !== w.size)) {
        throw new Error(`Saved optimizer state does not fit this model (weight ${slot.weightIndex})`);
      }
      return { slot, w };
    });
    this.dispose();
    for (const { slot, w } of fitted) {
      const restore = (values?: Float32Array) => {
        if (!values) return undefined;
        const initial = tf.tensor(values, w.shape);
        const variable = tf.variable(initial, false);
        initial.dispose();
        return variable;
      };
      this.slots.set(w.name, { steps: slot.steps, first: restore(slot.first), second: restore(slot.second) });
    }
  }

  /** Number of variables holding optimizer state, for tests and the UI. */
  get stateCount(): number {
    return this.slots.size;
  }

  dispose(): void {
    for (const s of this.slots.values()) {
      s.first?.dispose();
      s.second?.dispose();
    }
    this.slots.clear();
  }
}

