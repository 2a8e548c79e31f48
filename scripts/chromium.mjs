// Shared by Playwright's config, the bench and pretrain drivers and npm test's browser check (ensureBrowser.mjs):
// which Chromium to start, and how to start it with WebGPU here.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

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

/** Where Debian (and Ubuntu) install their Chromium. */
export const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The first executable file called `name` in the PATH directories, or undefined. */
export function onPath(name, env = process.env) {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Where `npx playwright install chromium` puts its Chromium (whether or not it is there), or undefined without Playwright. */
function playwrightChromium() {
  try {
    return createRequire(import.meta.url)('@playwright/test').chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * The one lookup of the Chromium that the e2e tests, the benchmark and pretraining launch (Playwright cannot
 * download its own browser on every machine), first found wins: CHROMIUM_PATH, Debian's `/usr/bin/chromium`
 * or `/usr/bin/chromium-browser`, `chromium` or `chromium-browser` on PATH, then Playwright's own Chromium
 * when `npx playwright install chromium` put one in its cache. Returns `{ path, source }`, or undefined when
 * there is none (`scripts/ensureBrowser.mjs`, the first step of `npm test`, then installs one or says how).
 * `systemPaths` and `playwright` are for the tests.
 */
export function findChromium(env = process.env, { systemPaths = SYSTEM_CHROMIUM, playwright = playwrightChromium } = {}) {
  if (env.CHROMIUM_PATH && existsSync(env.CHROMIUM_PATH)) return { path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  const system = systemPaths.find((p) => existsSync(p));
  if (system) return { path: system, source: 'system' };
  const fromPath = onPath('chromium', env) ?? onPath('chromium-browser', env);
  if (fromPath) return { path: fromPath, source: 'PATH' };
  const bundled = playwright();
  if (bundled && existsSync(bundled)) return { path: bundled, source: 'playwright' };
  return undefined;
}

/** The path of the Chromium to launch (see findChromium), or undefined when there is none. */
export function chromiumExecutable() {
  return findChromium()?.path;
}
