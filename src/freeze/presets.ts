import type { GradualUnfreezerOptions } from '../contract';

/**
 * Fine-tuning strategies as presets over an ordered list of block ids (bottom/stem first, head last).
 * Each returns the set of frozen blocks, so applying a preset is just a batch of freeze/thaw changes.
 */
export type StrategyPreset =
  | { id: 'feature-extraction' }
  | { id: 'fine-tune-top'; blocks: number }
  | { id: 'full-retraining' }
  /** fastai `freeze_to(k)`: the first k blocks frozen, the rest trainable (negative k counts from the top). */
  | { id: 'freeze-to'; k: number };

export interface PresetDescription {
  id: StrategyPreset['id'];
  label: string;
  explanation: string;
}

export const PRESET_DESCRIPTIONS: readonly PresetDescription[] = [
  { id: 'feature-extraction', label: 'Feature extraction', explanation: 'Only the new head trains. Fast and safe with little data or data close to the pretraining images.' },
  { id: 'fine-tune-top', label: 'Fine-tune top blocks', explanation: 'The head and the top N blocks train. More data, or data unlike the pretraining images: adapt the high-level features.' },
  { id: 'full-retraining', label: 'Full retraining', explanation: 'Every block trains. Plenty of data, or a model trained from scratch; use a small learning rate on a pretrained model.' },
  { id: 'freeze-to', label: 'Freeze up to block k', explanation: 'fastai freeze_to: everything below block k stays frozen. Pick the depth where features stop being generic.' },
];

export function frozenBlocksFor(blockIds: readonly string[], preset: StrategyPreset): Set<string> {
  const body = blockIds.slice(0, -1);
  switch (preset.id) {
    case 'feature-extraction':
      return new Set(body);
    case 'full-retraining':
      return new Set();
    case 'fine-tune-top': {
      const n = Math.max(0, Math.min(body.length, Math.floor(preset.blocks)));
      return new Set(body.slice(0, body.length - n));
    }
    case 'freeze-to': {
      const k = preset.k < 0 ? blockIds.length + preset.k : preset.k;
      return new Set(blockIds.slice(0, Math.max(0, Math.min(blockIds.length, Math.floor(k)))));
    }
  }
}

/**
 * Differential learning rates by geometric decay from the head down: block l of L gets α^(L−l), so
 * the head keeps the base rate and each block below it gets α times the one above.
 */
export function geometricLrMultipliers(blockIds: readonly string[], alpha: number): Record<string, number> {
  const last = blockIds.length - 1;
  return Object.fromEntries(blockIds.map((id, l) => [id, Math.pow(alpha, last - l)]));
}

/** One epoch of the new head alone before the preset's blocks thaw (fastai's `fine_tune(freeze_epochs=1)`). */
export const HEAD_FIRST_EPOCHS = 1;

/**
 * The gradual unfreezing that makes a preset train its new head alone first: a randomly initialised
 * head sends large, meaningless gradients into the blocks below it, which would undo their pretrained
 * features. "Fine-tune top N" and "Full retraining" start from the head only and thaw their blocks
 * after HEAD_FIRST_EPOCHS; the other presets train nothing but what they show, so they need none.
 */
export function headFirstUnfreezing(preset: StrategyPreset, blockCount: number): GradualUnfreezerOptions | null {
  const body = Math.max(0, blockCount - 1);
  if (preset.id === 'full-retraining' && body > 0) return { everyEpochs: HEAD_FIRST_EPOCHS, thawAll: true };
  if (preset.id !== 'fine-tune-top') return null;
  const n = Math.max(0, Math.min(body, Math.floor(preset.blocks)));
  return n > 0 ? { everyEpochs: HEAD_FIRST_EPOCHS, thawAll: true, maxThawed: n } : null;
}
