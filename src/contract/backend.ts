import { z } from './zod';

export const BACKEND_NAME = z.enum(['webgpu', 'webgl', 'cpu']);
export type BackendName = z.infer<typeof BACKEND_NAME>;
export const BACKEND_ORDER: readonly BackendName[] = BACKEND_NAME.options;

export const BACKEND_INFO = z.object({
  name: BACKEND_NAME,
  /** Human-readable adapter / renderer, e.g. "google swiftshader" or "NVIDIA GeForce RTX 4070". */
  adapter: z.string(),
  /** True for software rasterisers (SwiftShader, llvmpipe, WARP): training works but is very slow. */
  software: z.boolean(),
  /** Why earlier backends in the order were skipped, one line each. */
  fallbacks: z.array(z.string()),
});
export type BackendInfo = z.infer<typeof BACKEND_INFO>;
