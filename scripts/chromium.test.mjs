// The one Chromium lookup (scripts/chromium.mjs) and how npm test's first step decides to install one.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from './chromium.mjs';
import { installCommand, installPlan } from './ensureBrowser.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'thaw-chromium-'));
function executable(name) {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const nowhere = { systemPaths: [path.join(dir, 'absent')], playwright: () => path.join(dir, 'absent-too') };

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH, then the system paths, then PATH, then Playwright’s own', () => {
    const own = executable('own/chrome');
    const system = executable('usr/bin/chromium');
    const onPath = executable('bin/chromium-browser');
    const bundled = executable('ms-playwright/chrome');
    const options = { systemPaths: [system], playwright: () => bundled };
    const env = { PATH: path.dirname(onPath) };
    expect(findChromium({ ...env, CHROMIUM_PATH: own }, options)).toEqual({ path: own, source: 'CHROMIUM_PATH' });
    expect(findChromium({ ...env, CHROMIUM_PATH: path.join(dir, 'gone') }, options)).toEqual({ path: system, source: 'system' });
    expect(findChromium(env, { ...options, systemPaths: [] })).toEqual({ path: onPath, source: 'PATH' });
    expect(findChromium({ PATH: '' }, { ...options, systemPaths: [] })).toEqual({ path: bundled, source: 'playwright' });
  });

  it('finds nothing when none of them exists', () => {
    expect(findChromium({ PATH: path.join(dir, 'empty') }, nowhere)).toBeUndefined();
    expect(findChromium({ PATH: '' }, { ...nowhere, playwright: () => undefined })).toBeUndefined();
  });
});

describe('installPlan', () => {
  const withApt = { PATH: path.dirname(executable('apt/apt-get')) + path.delimiter + path.dirname(executable('apt/sudo')) };
  it('installs as root, or through passwordless sudo', () => {
    expect(installPlan({ platform: 'linux', uid: 0, env: withApt })).toEqual({ prefix: [] });
    expect(installPlan({ platform: 'linux', uid: 1000, env: withApt, sudoWorks: () => true })).toEqual({ prefix: ['sudo', '-n'] });
  });

  it('does not try without apt-get or rights, and names the command to run instead', () => {
    expect(installPlan({ platform: 'linux', uid: 1000, env: withApt, sudoWorks: () => false }).reason).toMatch(/not root/);
    expect(installPlan({ platform: 'linux', uid: 0, env: { PATH: '' } }).reason).toMatch(/no apt-get/);
    expect(installPlan({ platform: 'darwin', uid: 0, env: withApt }).reason).toMatch(/no apt-get/);
    expect(installCommand(withApt, 'linux', 1000)).toBe('sudo apt-get update && sudo apt-get install -y chromium');
    expect(installCommand(withApt, 'linux', 0)).toBe('apt-get update && apt-get install -y chromium');
    expect(installCommand({ PATH: '' }, 'linux', 1000)).toBe('npx playwright install chromium');
  });
});
