import * as tf from '@tensorflow/tfjs';
import type { PretrainedPenalty } from '../contract';

/**
 * L2-SP and EWC: penalties that pull a fine-tuned backbone toward its pretrained weights w₀.
 * L2-SP: λ·Σ(w − w₀)²; EWC: λ/2·Σ F·(w − w₀)², F the source task's diagonal Fisher information.
 * Only variables being trained take part (a frozen block has no gradient, so its Fisher changes nothing),
 * and only those with an anchor: the backbone's, not the new head's.
 */
export interface PenaltyAnchors {
  readonly config: PretrainedPenalty;
  /** w₀ of each backbone variable, by variable name. */
  readonly weights: ReadonlyMap<string, tf.Tensor>;
  /** F of each backbone variable, by variable name (EWC only). */
  readonly fisher: ReadonlyMap<string, tf.Tensor> | null;
  /** The block of a variable, to honour `config.blocks`. */
  readonly blockOf: (variableName: string) => string | undefined;
}

/** The penalty over the trainable `variables`, as a scalar in the caller's tape; null when none takes part. */
export function pretrainedPenalty(anchors: PenaltyAnchors, variables: readonly tf.Variable[]): tf.Scalar | null {
  const { config, weights, fisher, blockOf } = anchors;
  const terms: tf.Scalar[] = [];
  for (const v of variables) {
    const anchor = weights.get(v.name);
    if (!anchor || (config.blocks && !config.blocks.includes(blockOf(v.name) ?? ''))) continue;
    const squared = tf.square(tf.sub(v, anchor));
    if (config.kind === 'l2sp') {
      terms.push(tf.sum(squared));
    } else {
      const f = fisher?.get(v.name);
      if (!f) throw new Error(`EWC: no Fisher information for ${v.name}`);
      terms.push(tf.sum(tf.mul(f, squared)));
    }
  }
  if (terms.length === 0) return null;
  const factor = config.kind === 'l2sp' ? config.strength : config.strength / 2;
  return tf.mul<tf.Scalar>(tf.addN(terms), factor);
}
