import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectBackend, openStudio, train } from '../../e2e/studio';

const OUT = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const VIEWPORTS = [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }];

/** When in the scripted session a shot is taken: before training, while a run trains, or after it. */
type Phase = 'before' | 'during' | 'after';

interface Shot {
  /** The file name: docs/screenshots/<name>-<width>x<height>.jpg */
  name: string;
  phase: Phase;
  /** Brings what the shot shows into view (scrolls to a step, opens a view). */
  show: (page: Page) => Promise<void>;
}

/**
 * Live views redraw in their own slots (REDRAW_SLOT_MS, the last 320 ms after new data), and one scrolled out of
 * sight during a run catches up when it comes into view: a shot waits that long, with room to spare.
 */
const VIEWS_SETTLE_MS = 1_000;

const stepInView = (step: string) => async (page: Page) => {
  const skipTour = page.getByRole('button', { name: 'Skip the tour' });
  if (await skipTour.isVisible()) await skipTour.click();
  await page.locator(`#step-${step}`).evaluate((section) => section.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(VIEWS_SETTLE_MS);
};

const panelInView = (selector: string) => async (page: Page) => {
  await page.locator(selector).first().evaluate((section) => section.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(VIEWS_SETTLE_MS);
};

/**
 * THE LIST OF SHOTS. Add a shot here, with the phase it belongs to; the README links the files.
 * The network diagram is shot mid-run (the Model step shows it by default), the presenter view too.
 */
const SHOTS: Shot[] = [
  { name: 'tour', phase: 'before', show: showTourOffer },
  { name: 'data', phase: 'before', show: stepInView('data') },
  { name: 'model', phase: 'before', show: stepInView('model') },
  { name: 'train', phase: 'during', show: stepInView('train') },
  { name: 'diagram-mid-run', phase: 'during', show: diagramInView },
  { name: 'presenter', phase: 'during', show: openPresenter },
  { name: 'evaluate', phase: 'after', show: stepInView('evaluate') },
  { name: 'use', phase: 'after', show: stepInView('use') },
  { name: 'lessons', phase: 'after', show: panelInView('.panel.lessons') },
];

for (const viewport of VIEWPORTS) {
  test(`screenshots at ${viewport.width}×${viewport.height}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    // On WebGL, as a user with a GPU sees the studio (e2e trains on the CPU backend, which the badge would show).
    await openStudio(page, 'webgl');
    const shoot = async (phase: Phase) => {
      for (const shot of SHOTS.filter((s) => s.phase === phase)) {
        await shot.show(page);
        await page.screenshot({ path: path.join(OUT, `${shot.name}-${viewport.width}x${viewport.height}.jpg`), type: 'jpeg', quality: 80 });
        // A view a shot opened (the presenter view) closes before the next shot.
        const presenter = page.getByRole('dialog', { name: 'Presenter view' });
        if (await presenter.isVisible()) {
          await page.keyboard.press('Escape');
          await expect(presenter).toHaveCount(0);
        }
      }
    };
    await shoot('before');
    await train(page, 3);
    const points = page.getByRole('figure', { name: 'Batch loss chart' }).locator('.chart-summary');
    await expect.poll(async () => Number(await points.getAttribute('data-points')), { timeout: 180_000 }).toBeGreaterThan(20);
    await shoot('during');
    await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 300_000 });
    await shoot('after');
  });
}

/** The first-visit tour as a new user sees it (e2e dismisses it; here it is brought back for the picture). */
async function showTourOffer(page: Page): Promise<void> {
  await page.evaluate(() => localStorage.removeItem('thaw.tourDismissed'));
  await page.reload();
  await expectBackend(page, 'webgl');
  await expect(page.getByRole('dialog', { name: /30-second tour/ })).toBeVisible();
  await page.getByRole('button', { name: 'Start the tour' }).click();
  await expect(page.getByRole('dialog', { name: /1 of 5/ })).toBeVisible();
}

/** The diagram while a run trains: the Model step, scrolled so the blocks and their glow fill the view. */
async function diagramInView(page: Page): Promise<void> {
  const diagram = page.locator('#step-model .network-diagram');
  await expect(diagram).toBeVisible();
  await diagram.evaluate((element) => element.scrollIntoView({ block: 'center' }));
}

/** The presenter view, opened by its button mid-run (closed again by the shot loop). */
async function openPresenter(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Presenter view' }).click();
  await expect(page.getByRole('dialog', { name: 'Presenter view' })).toBeVisible();
}
