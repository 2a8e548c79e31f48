/// <reference types="vitest/config" />
import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Tests and benchmarks only: with THAW_SHARED_MODELS set, the dev server serves that folder (the
 * project's ../shared/models with real pretrained weights) under /__shared/models/, so the studio
 * can load them through its configurable model base URL. Nothing is copied into the repository.
 */
function serveSharedModels(): Plugin {
  const root = process.env.THAW_SHARED_MODELS ? path.resolve(process.env.THAW_SHARED_MODELS) : null;
  return {
    name: 'thaw-serve-shared-models',
    configureServer(server) {
      if (!root) return;
      server.middlewares.use('/__shared/models/', (req, res, next) => {
        const file = path.join(root, decodeURIComponent((req.url ?? '').split('?')[0]));
        if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        createReadStream(file).pipe(res);
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), serveSharedModels()],
  worker: { format: 'es' },
  // Under e2e (THAW_E2E=1) the server neither watches nor hot-reloads: an edit made while tests run
  // must not reload the page under a test.
  server: { host: '127.0.0.1', port: 5173, strictPort: true, ...(process.env.THAW_E2E ? { hmr: false, watch: null } : {}) },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
