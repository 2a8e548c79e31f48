import { chromium, expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from './browser';
import { writeCameraClip, type CameraClip } from './fixtures/cameraClip';
import { openStudio, setSampleSize, train } from './studio';

/**
 * The webcam with Chromium's fake camera playing a clip made at test time from the sample dataset's
 * pictures (first one class, then another; e2e/fixtures/cameraClip.ts). The camera switches are per
 * browser, so each test launches its own.
 */
const FAKE_CAMERA = '--use-fake-device-for-media-stream';

async function launch(args: string[]): Promise<Browser> {
  const base = chromiumLaunchOptions();
  return chromium.launch({ ...base, args: [...(base.args ?? []), FAKE_CAMERA, ...args] });
}

async function studioIn(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await openStudio(page);
  return page;
}

type Phase = 'first' | 'second';

/** Which half of the clip the video shows now (the mark left of the centre square), and the live top class. */
function look(page: Page): Promise<{ phase: Phase; top: string | null }> {
  return page.getByLabel('Camera picture').evaluate((element) => {
    const video = element as HTMLVideoElement;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(video, 0, 0);
    const red = context.getImageData(4, Math.floor(video.videoHeight / 2), 1, 1).data[0] ?? 0;
    const top = document.querySelector<HTMLElement>('[aria-label="Live predictions"] li')?.dataset.label ?? null;
    return { phase: red > 128 ? 'first' : 'second', top };
  });
}

/** Waits until the clip has just turned to `phase`, so a whole half of it is ahead. */
async function waitForStartOf(page: Page, phase: Phase): Promise<void> {
  await expect.poll(async () => (await look(page)).phase, { timeout: 30_000, intervals: [100] }).not.toBe(phase);
  await expect.poll(async () => (await look(page)).phase, { timeout: 30_000, intervals: [100] }).toBe(phase);
}

async function recordedSoFar(page: Page): Promise<number> {
  const text = await page.getByRole('status', { name: 'Recording status' }).textContent();
  return Number(/Recording: (\d+) frames/.exec(text ?? '')?.[1] ?? 0);
}

/**
 * Holds the record button (keyboard or pointer) during one half of the clip until at least 20 different
 * frames are stored: a few more are taken, since on a slow machine the video may show the same frame at two
 * grabs, and an identical frame is stored once (a duplicate, as for files).
 */
async function record(page: Page, className: string, phase: Phase, hold: 'keyboard' | 'pointer'): Promise<void> {
  await page.getByLabel('Class to record into').fill(className);
  const button = page.getByRole('button', { name: `Hold to record into ${className}` });
  await expect(button).toBeEnabled();
  await waitForStartOf(page, phase);
  if (hold === 'keyboard') {
    await button.focus();
    await page.keyboard.down('Space');
  } else {
    await button.hover();
    await page.mouse.down();
  }
  await expect.poll(() => recordedSoFar(page), { timeout: 20_000, intervals: [50] }).toBeGreaterThanOrEqual(24);
  if (hold === 'keyboard') await page.keyboard.up('Space');
  else await page.mouse.up();
  // Every frame was of this half of the clip, so the class holds what its name says.
  expect((await look(page)).phase).toBe(phase);
  await expect(page.getByRole('status', { name: 'Recording status' })).toContainText('Hold the button');
  const stored = classRow(page, className).locator('.class-count');
  await expect(stored).toHaveText(/^(\d+) images \(\1 from the camera\)$/);
  expect(Number.parseInt((await stored.textContent()) ?? '', 10)).toBeGreaterThanOrEqual(20);
}

function classRow(page: Page, className: string): Locator {
  return page.locator('.class-row', { has: page.getByLabel(`Name of class ${className}`) });
}

/** Keeps the camera's stream in the page, and returns whether all its tracks have ended by the time it is asked. */
async function watchTracks(page: Page): Promise<() => Promise<boolean>> {
  await page.getByLabel('Camera picture').evaluate((video) => {
    (window as unknown as { watchedStream: MediaStream }).watchedStream = (video as HTMLVideoElement).srcObject as MediaStream;
  });
  return () => page.evaluate(() => (window as unknown as { watchedStream: MediaStream }).watchedStream.getTracks().every((t) => t.readyState === 'ended'));
}

/** As when the user switches tabs: the page turns hidden and says so. */
async function hideTabAndWatchTracks(page: Page): Promise<() => Promise<boolean>> {
  const ended = await watchTracks(page);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  });
  return ended;
}

async function topProbability(page: Page): Promise<string | null> {
  return page.getByRole('list', { name: 'Live predictions' }).locator('li').first().getAttribute('data-probability');
}

test('record 20 frames into each of two classes, train, and the live bars follow the clip, also while it trains', async ({ baseURL }) => {
  const clip: CameraClip = writeCameraClip(test.info().outputPath('clip.y4m'));
  const browser = await launch(['--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${clip.path}`]);
  try {
    const page = await studioIn(browser, baseURL);
    const [first, second] = clip.classes;
    await page.getByRole('button', { name: 'New dataset from camera' }).click();
    const status = page.getByRole('status', { name: 'Camera status' });
    // Off until asked for.
    await expect(status).toHaveAttribute('data-camera', 'off');
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect(status).toHaveAttribute('data-camera', 'on');
    await expect.poll(() => page.getByLabel('Camera picture').evaluate((v) => (v as HTMLVideoElement).videoWidth)).toBe(clip.width);
    await page.getByRole('spinbutton', { name: 'Frames per second to record' }).fill('5');

    await record(page, first, 'first', 'keyboard');
    await record(page, second, 'second', 'pointer');
    await expect(page.getByText('Training uses this dataset.')).toBeVisible();
    // The built-in backbone, pretrained on other shapes, learns two classes from 20 frames each in a few epochs.
    await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption('thaw-shapes-cnn');
    await expect(page.getByRole('status', { name: 'Model input' })).toContainText('32×32 px', { timeout: 60_000 });

    // Live prediction, then a run: the bars keep changing while it trains.
    await page.getByRole('checkbox', { name: 'Live prediction' }).check();
    await expect(page.getByRole('list', { name: 'Live predictions' })).toBeVisible();
    await train(page, 20);
    const runStatus = page.getByRole('status', { name: 'Run status' });
    await expect(runStatus).toHaveAttribute('data-state', 'training');
    const atStart = await topProbability(page);
    await expect.poll(async () => {
      const training = (await runStatus.getAttribute('data-state')) === 'training';
      return training && (await topProbability(page)) !== atStart;
    }, { timeout: 60_000, intervals: [100] }).toBe(true);
    await expect(page.getByRole('status', { name: 'Live frame rate' })).toContainText('between training steps');
    await expect(runStatus).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });

    // The top class follows the clip: sampled over both halves of it (a frame's answer may lag it a little).

    const seen: { phase: Phase; top: string | null }[] = [];
    const halfSeconds = clip.framesPerClass / clip.fps;
    for (let i = 0; i < 4 * halfSeconds; i++) {
      seen.push(await look(page));
      await page.waitForTimeout(500);
    }
    for (const [phase, name] of [['first', first], ['second', second]] as const) {
      const during = seen.filter((s) => s.phase === phase);
      expect(during.length, `samples during the ${phase} half`).toBeGreaterThan(4);
      expect(during.filter((s) => s.top === name).length / during.length, `share of ${name} while the clip shows ${name}: ${JSON.stringify(during)}`).toBeGreaterThanOrEqual(0.75);
    }
    await expect(page.getByRole('status', { name: 'Live frame rate' })).toHaveAttribute('data-fps', /^[1-9]|^0\.[1-9]/);

    // From the best checkpoint too.
    await page.getByRole('combobox', { name: 'Live prediction from' }).selectOption('best');
    await expect(page.getByRole('list', { name: 'Live predictions' }).locator('li')).toHaveCount(2);

    // What the network looks at, over the video: a Grad-CAM of the top class, said in words, drawn on a canvas.
    await page.getByRole('checkbox', { name: 'Heatmap over the video' }).check();
    const legend = page.getByRole('status', { name: 'Live heatmap status' });
    await expect(legend).toContainText(/Red: regions that raised the score of (circle|square|triangle|cross|ring|star|\S+) the most; blue: no contribution/, { timeout: 60_000 });
    const drawn = await page.getByRole('img', { name: 'Live heatmap' }).evaluate((canvas: HTMLCanvasElement) => canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data.some((v, i) => i % 4 === 3 && v > 0));
    expect(drawn).toBe(true);
    await page.getByRole('checkbox', { name: 'Heatmap over the video' }).uncheck();
    await expect(legend).toHaveCount(0);

    // A hidden tab releases the camera (its tracks end) and says why; Start camera turns it on again.
    const tracksEnded = await hideTabAndWatchTracks(page);
    await expect(status).toHaveAttribute('data-camera', 'off');
    await expect(page.getByRole('alert', { name: 'Camera notice' })).toContainText('the tab was hidden');
    expect(await tracksEnded()).toBe(true);
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect(status).toHaveAttribute('data-camera', 'on');

    // Closing the panel releases it too.
    const endedOnClose = await watchTracks(page);
    await page.getByRole('button', { name: 'Close camera' }).click();
    await expect(page.getByRole('region', { name: 'Camera', exact: true })).toHaveCount(0);
    expect(await endedOnClose()).toBe(true);
  } finally {
    await browser.close();
  }
});

test('camera refused: a line says so and what to do, and the studio still trains', async ({ baseURL }) => {
  const browser = await launch(['--use-fake-ui-for-media-stream=deny']);
  try {
    const page = await studioIn(browser, baseURL);
    await page.getByRole('button', { name: 'Live camera' }).click();
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect(page.getByRole('alert', { name: 'Camera notice' })).toContainText(/not allowed.*site settings.*Start camera again/);
    await expect(page.getByRole('status', { name: 'Camera status' })).toHaveAttribute('data-camera', 'off');
    await setSampleSize(page, 20);
    await train(page, 1);
    await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });
  } finally {
    await browser.close();
  }
});
