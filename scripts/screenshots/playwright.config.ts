import path from 'node:path';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

const e2eServer = base.webServer;
if (!e2eServer || Array.isArray(e2eServer)) throw new Error('playwright.config.ts should name exactly one web server (the e2e build server)');

/**
 * `npm run screenshots`: the README's pictures of each step, at the two sizes a classroom projects.
 * Not part of `npm test` (its own test folder); it reuses the e2e browser and server settings (a production build).
 */
export default defineConfig({
  ...base,
  testDir: path.resolve(import.meta.dirname),
  testMatch: 'screenshots.spec.ts',
  timeout: 600_000,
  // The tour is dismissed (as in e2e) except where a shot shows it; the language is English unless a shot sets it.
  use: { ...base.use, locale: 'en-US' },
  // Playwright starts a web server in its config's folder: it must build and serve the repository root.
  webServer: { ...e2eServer, cwd: path.resolve(import.meta.dirname, '../..') },
});
