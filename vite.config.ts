/// <reference types="vitest/config" />
import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { defineConfig, type Plugin, type PreviewServer, type ViteDevServer } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Tests and benchmarks only: with THAW_SHARED_MODELS set, the dev and preview servers serve that folder (the
 * project's ../shared/models with real pretrained weights) under /__shared/models/, so the studio
 * can load them through its configurable model base URL. Nothing is copied into the repository.
 */
function serveSharedModels(): Plugin {
  const root = process.env.THAW_SHARED_MODELS ? path.resolve(process.env.THAW_SHARED_MODELS) : null;
  const serve = (server: PreviewServer | ViteDevServer): void => {
    if (!root) return;
    server.middlewares.use('/__shared/models/', (req, res, next) => {
      const file = path.join(root, decodeURIComponent((req.url ?? '').split('?')[0] ?? ''));
      if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) return next();
      res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
      createReadStream(file).pipe(res);
    });
  };
  // Both servers: e2e runs on the production build (`vite preview`), the bench and `npm start` on the dev server.
  return { name: 'thaw-serve-shared-models', configureServer: serve, configurePreviewServer: serve };
}

/** The one host the studio fetches from besides itself: the official MobileNet weights, when the user picks one. */
export const MODEL_HOST = 'https://storage.googleapis.com';

/**
 * The studio page's Content-Security-Policy, as a meta tag put first in index.html. Scripts, workers and
 * connections come from the studio's own origin (plus the official model host; WebAssembly may compile, as tfjs'
 * int64 helper tries to); images also from blob:/data:
 * URLs made in the page. The dev server needs inline scripts for React's fast-refresh preamble; the production
 * build has none. The bench and pretraining pages are developer tools and get no policy.
 */
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${dev ? " 'unsafe-inline'" : ''}`,
    "worker-src 'self'",
    `connect-src 'self' ${MODEL_HOST}`,
    "img-src 'self' blob: data:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function contentSecurityPolicyTag(): Plugin {
  let dev = false;
  return {
    name: 'thaw-content-security-policy',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml(_html, context) {
      if (!/(^|\/)index\.html$/.test(context.path) && context.path !== '/') return [];
      return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(dev) }, injectTo: 'head-prepend' }];
    },
  };
}

export default defineConfig({
  plugins: [react(), serveSharedModels(), contentSecurityPolicyTag()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.mjs'],
    environment: 'node',
    testTimeout: 60_000,
    // One test file per core: Vitest's default leaves one core idle (cores − 1), which on a 2-core CI machine
    // runs the files one at a time, and the unit tests are tfjs CPU work that keeps a core busy.
    maxWorkers: availableParallelism(),
  },
});
