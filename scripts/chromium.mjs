// Shared by Playwright's config and the benchmark driver: how to start Chromium with WebGPU here.
import { existsSync } from 'node:fs';

/** WebGPU on SwiftShader where no GPU exists; harmless flags where one does. No calls home. */
export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Flags for a machine with a real GPU: let Chromium pick the hardware adapter through Vulkan. */
export const CHROMIUM_GPU_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=native',
  '--use-angle=vulkan',
  '--ignore-gpu-blocklist',
  '--enable-gpu',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Playwright cannot download its own browser here: use CHROMIUM_PATH or Debian's chromium, and
 * fall back to Playwright's bundled browser (undefined) only when neither exists.
 */
export function chromiumExecutable() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => !!p && existsSync(p));
}
