import { z } from './zod';

/**
 * Forgetting and domain adaptation (issue 22): the built-in backbone's source head as shipped, and the
 * training options that keep a fine-tuned backbone near its pretrained weights.
 */

/**
 * The 10-shape classifier that sat on the built-in backbone during pretraining, recreated by
 * `npm run source-head` on the frozen shipped backbone (global average pooling, then one Dense layer).
 * `kernel` is features × classes, row-major.
 */
export const SOURCE_HEAD = z.strictObject({
  featureLayer: z.string().min(1),
  classes: z.array(z.string().min(1)).min(2).max(1000),
  features: z.number().int().min(1).max(100_000),
  kernel: z.array(z.number()).max(10_000_000),
  bias: z.array(z.number()).max(1000),
  /** How it was made: the generated set it was fitted on and its accuracy there and on held-out shapes. */
  fit: z.strictObject({
    seed: z.number().int(),
    imagesPerClass: z.number().int().min(1),
    trainAccuracy: z.number().min(0).max(1),
    heldOutAccuracy: z.number().min(0).max(1),
    command: z.string(),
  }),
}).refine((h) => h.kernel.length === h.features * h.classes.length && h.bias.length === h.classes.length, {
  message: 'kernel must hold features × classes values and bias one per class',
});
export type SourceHead = z.infer<typeof SOURCE_HEAD>;

/**
 * A penalty that pulls the thawed backbone blocks back toward their pretrained weights w₀:
 * L2-SP adds strength·Σ(w − w₀)², EWC adds strength/2·Σ F·(w − w₀)² with F the diagonal Fisher
 * information of the source task. Frozen blocks never change, so they are left out; the head (new) too.
 * `blocks` limits it to these backbone blocks (all thawed backbone blocks when absent).
 */
export const PRETRAINED_PENALTY_KIND = z.enum(['l2sp', 'ewc']);
export const PRETRAINED_PENALTY = z.strictObject({
  kind: PRETRAINED_PENALTY_KIND,
  strength: z.number().min(0).max(1e6),
  blocks: z.array(z.string().min(1)).max(1000).optional(),
});
export type PretrainedPenalty = z.infer<typeof PRETRAINED_PENALTY>;
