import { z } from './zod';
import type { FieldBounds } from './forms';

export const MEMORY_LIMIT_MAX_GB = 1024;

/** The memory limit field (GB; 0 means what the browser reports). */
export const MEMORY_LIMIT_BOUNDS: FieldBounds = { min: 0, max: MEMORY_LIMIT_MAX_GB, step: 0.25 };

/** The decoded-image cache field (MB; 0 means a share of the device's memory). */
export const DECODED_CACHE_BOUNDS: FieldBounds = { min: 0, max: 65536, step: 64, integer: true };

/** The studio's own settings (IndexedDB). A damaged field reads as its default, never as an error. */
export const STUDIO_SETTINGS = z.object({
  backend: z.enum(['webgpu', 'webgl', 'cpu', 'auto']).catch('auto'),
  classroomMode: z.boolean().catch(false),
  /** Charts can be hidden (slow machines, or to compare speed); the data keeps accumulating. */
  showCharts: z.boolean().catch(true),
  /** Where pretrained backbones are downloaded from; undefined means the official TensorFlow.js host. */
  modelBaseUrl: z.string().trim().min(1).optional().catch(undefined),
  /** The memory a run may use, in GB; undefined means what the browser reports (Chromium says at most 8). */
  memoryLimitGb: z.number().positive().max(MEMORY_LIMIT_MAX_GB).optional().catch(undefined),
  /** CPU memory for decoded training images, in MB; undefined means an eighth of what the browser reports. */
  decodedCacheMb: z.number().int().positive().max(DECODED_CACHE_BOUNDS.max).optional().catch(undefined),
});
export type StudioSettings = z.output<typeof STUDIO_SETTINGS>;

export const DEFAULT_SETTINGS: StudioSettings = { backend: 'auto', classroomMode: false, showCharts: true };
