#!/usr/bin/env node
// `npm run source-head`: recreates the built-in backbone's 10-shape source head (src/pretrain/sourceHeadFit.ts)
// on the shipped backbone and writes public/models/thaw-shapes-cnn/source-head.json. It runs in Node on
// tfjs's CPU backend through vitest (which loads the TypeScript sources and tfjs as the unit tests do):
// src/pretrain/sourceHead.test.ts writes the file when THAW_WRITE_SOURCE_HEAD is set, and checks it always.
import { spawnSync } from 'node:child_process';

const result = spawnSync('npx', ['vitest', 'run', 'src/pretrain/sourceHead.test.ts'], {
  stdio: 'inherit', env: { ...process.env, THAW_WRITE_SOURCE_HEAD: '1' },
});
process.exit(result.status ?? 1);
