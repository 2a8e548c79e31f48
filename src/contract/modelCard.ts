import { z } from './zod';

/** How one fine-tuning strategy did on the sample dataset, per seed. */
export const TRANSFER_ARM = z.object({
  strategy: z.enum(['scratch', 'feature-extraction', 'fine-tune-all']),
  label: z.string(),
  /** Validation accuracy after the last epoch, one per seed. */
  finalValidationAccuracy: z.array(z.number()),
  meanFinalValidationAccuracy: z.number(),
  /** Mean validation accuracy at each epoch over the seeds. */
  meanValidationAccuracyByEpoch: z.array(z.number()),
});
export type TransferArm = z.infer<typeof TRANSFER_ARM>;

/**
 * What a shipped backbone is, how it was made and how well it transfers; written by `npm run pretrain`
 * next to the weights (card.json) and shown in the studio when the model is picked.
 */
export const MODEL_CARD = z.object({
  name: z.string(),
  summary: z.string(),
  architecture: z.string(),
  parameters: z.number(),
  inputSize: z.number(),
  featureLayer: z.string(),
  preprocessing: z.string(),
  pretraining: z.object({
    dataset: z.string(),
    classes: z.array(z.string()),
    trainImages: z.number(),
    validationImages: z.number(),
    epochs: z.number(),
    seed: z.number(),
    validationAccuracy: z.number(),
    backend: z.string(),
    seconds: z.number(),
  }),
  transfer: z.object({
    dataset: z.string(),
    epochs: z.number(),
    seeds: z.array(z.number()),
    arms: z.array(TRANSFER_ARM),
  }),
  command: z.string(),
  createdAt: z.string(),
});
export type ModelCard = z.infer<typeof MODEL_CARD>;
