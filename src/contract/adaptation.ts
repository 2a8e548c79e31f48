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
  // English on purpose: only a bug or a damaged record breaks this rule (not a file a person wrote).
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

/**
 * Domain adaptation (issue 22): each step also takes an unlabelled batch of the target domain and pulls
 * the two domains' features together at one block. `mmd` adds strength·MMD²(source, target) with the
 * median-heuristic bandwidth; `dann` trains a small domain classifier behind a gradient-reversal layer
 * (coefficient strength·λ_p, λ_p = 2/(1 + exp(−10p)) − 1 over the run's progress p). `block` names the
 * backbone block whose output is aligned (spatially pooled); the backbone's last feature map when absent.
 */
export const DOMAIN_ADAPTATION_METHOD = z.enum(['mmd', 'dann']);
export const DOMAIN_ADAPTATION = z.strictObject({
  method: DOMAIN_ADAPTATION_METHOD,
  strength: z.number().min(0).max(1e6),
  block: z.string().min(1).optional(),
});
export type DomainAdaptation = z.infer<typeof DOMAIN_ADAPTATION>;

/**
 * The target domain of a run: the sample dataset's shifted drawing (generated, same classes), or a second
 * imported dataset with the same class names. Its labels are read for evaluation only, never for training.
 */
export const DOMAIN_TARGET = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('shiftedSample') }),
  z.strictObject({ kind: z.literal('stored'), datasetId: z.string().min(1) }),
]);
export type DomainTarget = z.infer<typeof DOMAIN_TARGET>;

/**
 * Whether a second dataset can be the target of this one: the same class names, in any order (its labels
 * are mapped onto the source's class indices). Null when they match, else the names each side lacks.
 */
export function targetClassMismatch(sourceClasses: readonly string[], targetClasses: readonly string[]): { missing: string[]; extra: string[] } | null {
  const key = (name: string) => name.trim().toLowerCase();
  const targetKeys = new Set(targetClasses.map(key));
  const sourceKeys = new Set(sourceClasses.map(key));
  const missing = sourceClasses.filter((name) => !targetKeys.has(key(name)));
  const extra = targetClasses.filter((name) => !sourceKeys.has(key(name)));
  return missing.length === 0 && extra.length === 0 ? null : { missing, extra };
}

/** The source class index of each target class (matched by name as `targetClassMismatch` does); −1 where none. */
export function targetClassMapping(sourceClasses: readonly string[], targetClasses: readonly string[]): number[] {
  const key = (name: string) => name.trim().toLowerCase();
  const index = new Map(sourceClasses.map((name, i) => [key(name), i] as const));
  return targetClasses.map((name) => index.get(key(name)) ?? -1);
}
