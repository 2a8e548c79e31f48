import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/browser';

/**
 * e2e runs in headless Chromium with WebGL and WebGPU through SwiftShader (no GPU on CI). It is slow, so tests
 * train tiny models on 32 px images, most of them on the CPU backend (e2e/studio.ts); speed is measured by
 * `npm run bench`, never by timed tests.
 */
export const SHARED_MODELS = path.resolve(import.meta.dirname, '..', 'shared', 'models');

// THAW_E2E_PORT lets a second checkout run its e2e while another one's are running.
const E2E_PORT = Number(process.env.THAW_E2E_PORT ?? 5174);
const E2E_BUILD = `node_modules/.thaw-e2e-${E2E_PORT}`;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 240_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  // One test at a time: two workers finished ten CPU-backend tests 1.4× sooner on a 2-core machine, but the whole
  // suite only 4% sooner (the SwiftShader tests take both cores), and timing-sensitive tests got slower. Running only
  // the CPU-backend tests two at a time (GPU-backend ones after, alone) took them 17.3 min instead of about 19.1, and
  // each test took 1.2–2.3× as long (BENCHMARKS.md).
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    launchOptions: chromiumLaunchOptions(),
    // The Chromium scripts/chromium.mjs finds (CHROMIUM_PATH, Debian's, or Playwright's own); see e2e/browser.ts.
    viewport: { width: 1400, height: 1000 },
    // The first-visit tour is dismissed for every test but its own (e2e/tour.spec.ts): it would sit over the page.
    storageState: { cookies: [], origins: [{ origin: `http://127.0.0.1:${E2E_PORT}`, localStorage: [{ name: 'thaw.tourDismissed', value: '1' }] }] },
  },
  webServer: {
    // The production build, as users of a deployed studio get it: React's production renderer, one bundle per
    // page. A page opens in about 2 s instead of the dev server's 9 s of unbundled modules, which every test pays.
    // Its own port and folder: a studio the user left running with `npm start` is never reused, nor is an older build.
    command: `npx vite build --outDir ${E2E_BUILD} --emptyOutDir --logLevel error && npx vite preview --outDir ${E2E_BUILD} --host 127.0.0.1 --port ${E2E_PORT} --strictPort`,
    url: `http://127.0.0.1:${E2E_PORT}`,
    reuseExistingServer: false,
    timeout: 180_000,
    // Real pretrained weights for the tests, from the shared folder beside the checkout (never copied in).
    env: { THAW_SHARED_MODELS: SHARED_MODELS },
  },
});
