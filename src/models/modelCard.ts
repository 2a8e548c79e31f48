import { MODEL_CARD, parseOrThrow, type ModelCard, type TransferArm } from '../contract';

export type { ModelCard, TransferArm };

/** Reads a model card, naming every field that is missing or of the wrong kind. */
export function parseModelCard(value: unknown): ModelCard {
  return parseOrThrow(MODEL_CARD, value, 'Model card');
}

export function transferArm(card: ModelCard, strategy: TransferArm['strategy']): TransferArm | undefined {
  return card.transfer.arms.find((a) => a.strategy === strategy);
}
