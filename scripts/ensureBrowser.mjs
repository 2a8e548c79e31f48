// First step of `npm test` (and `npm run test:e2e`): make sure the e2e tests have a Chromium before anything
// slow runs. Silent when one is found (scripts/chromium.mjs's lookup, the one Playwright's config uses). When
// none is, installs Debian's `chromium` with apt-get where it can (root, or passwordless sudo; .ci/run relies on
// this); otherwise stops at once with one line naming the command to run.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { findChromium, onPath } from './chromium.mjs';

const LOOKED_AT = 'CHROMIUM_PATH, /usr/bin/chromium, chromium-browser, Playwright\'s own Chromium';

/**
 * How this machine can install Debian's chromium: the command prefix (`[]` as root, `['sudo', '-n']` with
 * passwordless sudo), or `{ reason }` when it cannot.
 */
export function installPlan({ platform = process.platform, uid = process.getuid?.(), env = process.env, sudoWorks = sudoWithoutPassword } = {}) {
  if (platform !== 'linux' || !onPath('apt-get', env)) return { reason: 'no apt-get here' };
  if (uid === 0) return { prefix: [] };
  if (onPath('sudo', env) && sudoWorks()) return { prefix: ['sudo', '-n'] };
  return { reason: 'not root and no passwordless sudo' };
}

function sudoWithoutPassword() {
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

/** The one command a person runs to get a Chromium here. */
export function installCommand(env = process.env, platform = process.platform, uid = process.getuid?.()) {
  const sudo = uid === 0 ? '' : 'sudo ';
  return platform === 'linux' && onPath('apt-get', env)
    ? `${sudo}apt-get update && ${sudo}apt-get install -y chromium`
    : 'npx playwright install chromium';
}

function stop(line) {
  console.error(line);
  process.exit(1);
}

/** Runs one apt-get step (quietly, its output shown only if it fails); true when it succeeded. */
function aptGet(prefix, args) {
  const command = [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
  const run = spawnSync(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 << 20 });
  if (run.status === 0) return true;
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error) : ''}`.trim().split('\n').slice(-15).join('\n');
  console.error(`${command.join(' ')} failed (exit ${run.status ?? run.signal}):\n${output}`);
  return false;
}

export function ensureBrowser(env = process.env) {
  const wanted = env.CHROMIUM_PATH;
  const found = findChromium(env);
  if (found) {
    if (wanted && found.source !== 'CHROMIUM_PATH') console.error(`CHROMIUM_PATH=${wanted} does not exist: the e2e tests use ${found.path}`);
    return;
  }
  if (wanted) stop(`npm test: CHROMIUM_PATH=${wanted} does not exist and no other Chromium was found; point CHROMIUM_PATH at a Chromium, or unset it and run: ${installCommand(env)}`);

  const plan = installPlan({ env });
  if (!plan.prefix) stop(`npm test: no Chromium for the e2e tests (looked at ${LOOKED_AT}) and cannot install one (${plan.reason}). Run: ${installCommand(env)}`);

  console.error(`No Chromium for the e2e tests (looked at ${LOOKED_AT}): installing Debian's chromium with apt-get…`);
  const ok = aptGet(plan.prefix, ['update', '-qq']) && aptGet(plan.prefix, ['install', '-y', '-qq', 'chromium']);
  const installed = ok ? findChromium(env) : undefined;
  if (!installed) stop(`npm test: installing Debian's chromium ${ok ? 'found no Chromium afterwards' : 'failed (above)'}. Run: ${installCommand(env)}`);
  console.error(`Installed Chromium for the e2e tests: ${installed.path}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) ensureBrowser();
