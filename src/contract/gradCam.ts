import { z } from './zod';
import type { ImagePreview, Prediction } from './results';

/** What a Grad-CAM heatmap is asked for: which class (null: the top one), at which block (null: the last feature map), from which weights. */
export const GRAD_CAM_REQUEST = z.object({
  classIndex: z.number().int().min(0).nullable(),
  blockId: z.string().min(1).nullable(),
  source: z.enum(['current', 'best']),
}).strict();
export type GradCamRequest = z.infer<typeof GRAD_CAM_REQUEST>;

/** A block whose output is a spatial feature map, so a heatmap can be taken there. */
export interface HeatmapBlock {
  id: string;
  name: string;
}

/** A Grad-CAM heatmap over the picture as the model saw it (its centre square). */
export interface GradCamResult {
  /** The class the heatmap explains, and its name. */
  classIndex: number;
  className: string;
  /** Every class's probability, in class order (the class choice lists them). */
  probabilities: Prediction[];
  /** Where it was taken: the block, its last layer, and that feature map's [height, width, channels]. */
  blockId: string;
  blockName: string;
  layerName: string;
  featureShape: [number, number, number];
  /** The blocks a heatmap can be taken at, in forward order. */
  blocks: HeatmapBlock[];
  /** The centre square the model saw, at `picture.width` px a side. */
  picture: ImagePreview;
  /** One value per pixel of `picture`, row-major, 0..1: 1 where the class's score rose most, 0 where nothing raised it. */
  heat: Float32Array;
}
