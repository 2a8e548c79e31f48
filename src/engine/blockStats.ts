import * as tf from '@tensorflow/tfjs';
import type { FreezeState } from '../freeze/freezeState';
import { valueAt } from './arrays';

/**
 * Measures how much each block's weights moved during an epoch, relative to their size
 * (‖w_end − w_start‖ / ‖w_start‖): exactly 0 for a frozen block, alive for a thawed one.
 */
export class BlockChangeMeter {
  private start = new Map<string, tf.Tensor>();

  constructor(private readonly freeze: FreezeState) {}

  begin(): void {
    this.disposeStart();
    for (const v of this.freeze.allTrainableWeights()) this.start.set(v.name, tf.keep(v.clone()));
  }

  async finish(): Promise<Record<string, number>> {
    const blockIds = this.freeze.blocks.map((b) => b.id);
    const ratios = tf.tidy(() => {
      const delta = new Map<string, tf.Tensor[]>();
      const base = new Map<string, tf.Tensor[]>();
      for (const v of this.freeze.allTrainableWeights()) {
        const before = this.start.get(v.name);
        const block = this.freeze.blockOfVariable(v.name);
        if (!before || !block) continue;
        (delta.get(block) ?? delta.set(block, []).get(block)!).push(v.sub(before).square().sum());
        (base.get(block) ?? base.set(block, []).get(block)!).push(before.square().sum());
      }
      return tf.stack(blockIds.map((id) => {
        const d = delta.get(id);
        const b = base.get(id);
        if (!d || !b) return tf.scalar(0);
        return tf.addN(d).sqrt().div(tf.addN(b).sqrt().add(1e-12));
      }));
    });
    const values = await ratios.data();
    ratios.dispose();
    this.disposeStart();
    return Object.fromEntries(blockIds.map((id, i) => [id, valueAt(values, i)]));
  }

  private disposeStart(): void {
    tf.dispose([...this.start.values()]);
    this.start.clear();
  }

  dispose(): void {
    this.disposeStart();
  }
}

/** Global L2 norm of each block's gradient, as scalars still on the device. */
export function blockGradientNorms(freeze: FreezeState, gradients: tf.NamedTensorMap): tf.Tensor1D {
  return tf.tidy(() => tf.stack(freeze.blocks.map((block) => {
    const squares = Object.entries(gradients)
      .filter(([name]) => freeze.blockOfVariable(name) === block.id)
      .map(([, g]) => g.square().sum());
    return squares.length > 0 ? tf.addN(squares).sqrt() : tf.scalar(0);
  })) as tf.Tensor1D);
}

/** Scales all gradients together so their global norm is at most `maxNorm` (no readback). */
export function clipByGlobalNorm(gradients: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const entries = Object.entries(gradients);
    const norm = tf.addN(entries.map(([, g]) => g.square().sum())).sqrt();
    const scale = tf.minimum(tf.scalar(1), tf.scalar(maxNorm).div(norm.add(1e-12)));
    return Object.fromEntries(entries.map(([n, g]) => [n, g.mul(scale)]));
  });
}
