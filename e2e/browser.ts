import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** WebGPU on SwiftShader in headless Chromium, and no calls home from the browser itself. */
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

/**
 * Playwright cannot download its own browser here: use CHROMIUM_PATH or Debian's /usr/bin/chromium,
 * and fall back to Playwright's bundled browser only when neither exists.
 */
export function chromiumExecutable(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

export function chromiumLaunchOptions(): LaunchOptions {
  return { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS };
}
