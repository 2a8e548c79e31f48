import { z } from './zod';

export const ARCHITECTURE_ID = z.enum([
  'small-cnn', 'mini-resnet', 'thaw-shapes-cnn', 'imported-backbone', 'mobilenet-v1-0.25', 'mobilenet-v1-0.50', 'mobilenet-v1-1.0',
]);
export type ArchitectureId = z.infer<typeof ARCHITECTURE_ID>;

/** An imported model kept in IndexedDB as a backbone, and where it is cut. */
export const IMPORTED_BACKBONE_REF = z.object({
  id: z.string(),
  name: z.string(),
  featureLayer: z.string(),
  /** Its own input size (0 when it declares none). */
  inputSize: z.number().int().min(0),
});
export type ImportedBackboneRef = z.infer<typeof IMPORTED_BACKBONE_REF>;

export const MODEL_SPEC = z.object({
  architecture: ARCHITECTURE_ID,
  /** Channels of the first convolution; deeper blocks multiply it (from-scratch models only). */
  width: z.number().int().min(1),
  /** Square input size in pixels; images are resized to it. */
  inputSize: z.number().int().min(1),
  /** Base URL pretrained backbones are downloaded from (then cached in IndexedDB). */
  modelBaseUrl: z.string().optional(),
  numClasses: z.number().int().min(1),
  dropout: z.number().min(0).max(1),
  seed: z.number().int(),
  /** Units of a hidden Dense + BatchNorm + ReLU layer in the head; 0 or absent for none. */
  headHiddenUnits: z.number().int().min(0).optional(),
  /** L2 kernel regularization of the head's Dense layers; 0 or absent for none. */
  headL2: z.number().min(0).optional(),
  /** The user's own model this one is built on ('imported-backbone' only). */
  importedBackbone: IMPORTED_BACKBONE_REF.optional(),
});
export type ModelSpec = z.infer<typeof MODEL_SPEC>;

export type BuildModelRequest = Omit<ModelSpec, 'numClasses' | 'inputSize'> & { inputSize?: number };

export const LAYER_SUMMARY = z.object({
  name: z.string(),
  className: z.string(),
  params: z.number(),
  outputShape: z.array(z.number().nullable()),
});
export const BLOCK_SUMMARY = z.object({
  id: z.string(),
  name: z.string(),
  layers: z.array(LAYER_SUMMARY),
  params: z.number(),
  trainableParams: z.number(),
  frozen: z.boolean(),
  lrMultiplier: z.number(),
});
export type BlockSummary = z.infer<typeof BLOCK_SUMMARY>;

export const MODEL_SUMMARY = z.object({
  name: z.string(),
  inputShape: z.array(z.number()),
  blocks: z.array(BLOCK_SUMMARY),
  totalParams: z.number(),
  trainableParams: z.number(),
});
export type ModelSummary = z.infer<typeof MODEL_SUMMARY>;
