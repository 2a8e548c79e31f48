import { z } from './zod';
import { phraseIssue } from './issues';

/**
 * The engine's augmentation, every operation with its own value (torchvision's names), and whether a
 * config changes pixels (which turns the frozen-feature cache off). Its own module so that the
 * training form (forms.ts) can carry a config without an import circle.
 */

const nonNegative = z.number().min(0);
const probability = z.number().min(0).max(1);
const positive = z.number().positive();
/** (0, 1]: a share of the image. */
const unitInterval = z.number().positive().max(1);

/** A min/max pair of one object whose min must not exceed its max. */
function ordered<T extends z.ZodObject>(schema: T, min: string, max: string) {
  return schema.refine((value: Record<string, unknown>) => !((value[min] as number) > (value[max] as number)), {
    error: () => phraseIssue({ kind: 'exceeds', other: max }),
    path: [min],
  });
}

export const AUGMENTATION_CONFIG = z.strictObject({
  horizontalFlip: probability,
  verticalFlip: probability,
  /** Rotation angle drawn uniformly from [-rotationDegrees, rotationDegrees]. */
  rotationDegrees: z.number().min(0).max(180),
  /** Crop share of the area (`scale`) and aspect ratio (`ratio`, log-uniform), as torchvision's RandomResizedCrop. */
  randomResizedCrop: ordered(ordered(z.strictObject({
    enabled: z.boolean(),
    scaleMin: unitInterval,
    scaleMax: unitInterval,
    ratioMin: positive,
    ratioMax: positive,
  }), 'scaleMin', 'scaleMax'), 'ratioMin', 'ratioMax'),
  /** torchvision ColorJitter: factors from [max(0, 1 − b), 1 + b]; hue in turns of the wheel, at most 0.5; 0 is off. */
  colorJitter: z.strictObject({ brightness: nonNegative, contrast: nonNegative, saturation: nonNegative, hue: z.number().min(0).max(0.5) }),
  grayscaleProbability: probability,
  /** Sigma (pixels) drawn from [min(0.1, sigmaMax), sigmaMax]. */
  gaussianBlur: z.strictObject({ probability, sigmaMax: nonNegative }),
  /** Share of the image area erased, as torchvision's RandomErasing `scale`. */
  randomErasing: ordered(z.strictObject({ probability, areaMin: unitInterval, areaMax: unitInterval }), 'areaMin', 'areaMax'),
  /** Beta(α, α) mixing weight; 0 = off. */
  mixupAlpha: nonNegative,
  cutmixAlpha: nonNegative,
});
export type AugmentationConfig = z.infer<typeof AUGMENTATION_CONFIG>;
export type RandomResizedCropConfig = AugmentationConfig['randomResizedCrop'];

export const NO_AUGMENTATION: AugmentationConfig = {
  horizontalFlip: 0,
  verticalFlip: 0,
  rotationDegrees: 0,
  randomResizedCrop: { enabled: false, scaleMin: 0.08, scaleMax: 1, ratioMin: 3 / 4, ratioMax: 4 / 3 },
  colorJitter: { brightness: 0, contrast: 0, saturation: 0, hue: 0 },
  grayscaleProbability: 0,
  gaussianBlur: { probability: 0, sigmaMax: 2 },
  randomErasing: { probability: 0, areaMin: 0.02, areaMax: 0.33 },
  mixupAlpha: 0,
  cutmixAlpha: 0,
};

export const DEFAULT_AUGMENTATION: AugmentationConfig = {
  ...NO_AUGMENTATION,
  horizontalFlip: 0.5,
  randomResizedCrop: { enabled: true, scaleMin: 0.8, scaleMax: 1, ratioMin: 3 / 4, ratioMax: 4 / 3 },
  colorJitter: { brightness: 0.2, contrast: 0.2, saturation: 0.2, hue: 0.02 },
};

/** Whether a config changes the pixels a batch holds (so features cached at the frozen boundary would be wrong). */
export function needsRawPixels(config: AugmentationConfig): boolean {
  return usesPerImageAugmentation(config) || config.mixupAlpha > 0 || config.cutmixAlpha > 0;
}

export function usesPerImageAugmentation(c: AugmentationConfig): boolean {
  const j = c.colorJitter;
  return c.horizontalFlip > 0 || c.verticalFlip > 0 || c.rotationDegrees > 0 || c.randomResizedCrop.enabled
    || j.brightness > 0 || j.contrast > 0 || j.saturation > 0 || j.hue > 0
    || c.grayscaleProbability > 0 || (c.gaussianBlur.probability > 0 && c.gaussianBlur.sigmaMax > 0)
    || c.randomErasing.probability > 0;
}
