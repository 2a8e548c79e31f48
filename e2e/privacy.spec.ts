import { expect, test } from '@playwright/test';
import { zipSync } from 'fflate';
import { openStudio, setInputSize, train } from './studio';
import { png, solid } from './fixtures/imageFiles';

declare global {
  interface Window {
    cspViolations: string[];
  }
}

test('a whole session (import, train, export, predict) talks only to the studio itself, under a policy that refuses other origins', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });

  await openStudio(page);
  const images: Record<string, Uint8Array> = {};
  ['red', 'blue'].forEach((name, c) => {
    for (let i = 0; i < 6; i++) images[`${name}/${i}.png`] = new Uint8Array(png(12, 12, 2, 8, solid(c ? 20 : 230, 30 + i * 9, c ? 220 : 40)));
  });
  await page.getByLabel('Dataset zip').setInputFiles({ name: 'colours.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(images)) });
  await expect(page.getByRole('status', { name: 'Import report' })).toContainText('Imported 12 images into “colours”', { timeout: 60_000 });
  await expect(page.getByText(/2 classes \(blue, red\), photos stored/)).toBeVisible({ timeout: 60_000 });
  await setInputSize(page, 32);
  await train(page, 1);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download model (.zip)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  await page.getByLabel('Predict an image').setInputFiles({ name: 'probe.png', mimeType: 'image/png', buffer: png(12, 12, 2, 8, solid(230, 40, 40)) });
  await expect(page.getByRole('list', { name: 'Predictions for probe.png' })).toBeVisible();

  const elsewhere = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'));
  expect(elsewhere).toEqual([]);
  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);

  // The policy is in force: a connection or a script from another origin is refused by the browser itself.
  const fetched = await page.evaluate(() => fetch('http://127.0.0.1:9/collect').then(() => 'sent', () => 'refused'));
  expect(fetched).toBe('refused');
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.src = 'http://127.0.0.1:9/tracker.js';
    document.head.append(script);
  });
  await expect.poll(() => page.evaluate(() => window.cspViolations)).toEqual(['connect-src http://127.0.0.1:9/collect', 'script-src-elem http://127.0.0.1:9/tracker.js']);
});
