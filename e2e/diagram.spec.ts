import { expect, test, type Locator, type Page } from '@playwright/test';
import { openStudio, setSampleSize, train } from './studio';

/** A block of the network diagram, by the name it starts with ("Stem, 232 parameters, frozen"). */
const block = (page: Page, name: string): Locator =>
  page.getByRole('list', { name: /^Network diagram/ }).getByRole('button', { name: new RegExp(`^${name}, `) });

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * A glow's breath (CSS animation) starting, ending or cut short, and the block it belongs to; at its start,
 * when it will end (ms after it started; Infinity for an animation that never ends).
 */
interface PulseEvent {
  type: string;
  name: string;
  block: string | null;
  endMs?: number;
}

/** Records every start, end and cut of the glows' animations from the page's first moment, in `window.__pulses`. */
async function recordPulses(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const pulses: PulseEvent[] = [];
    (window as unknown as { __pulses: PulseEvent[] }).__pulses = pulses;
    for (const type of ['animationstart', 'animationend', 'animationcancel']) {
      document.addEventListener(type, (event) => {
        const { animationName, target } = event as AnimationEvent;
        if (!animationName.startsWith('diagram-pulse')) return;
        const element = target as Element;
        const animation = element.getAnimations().find((a) => (a as CSSAnimation).animationName === animationName);
        const endMs = type === 'animationstart' ? Number(animation?.effect?.getComputedTiming().endTime) : undefined;
        pulses.push({ type, name: animationName, block: element.closest('[data-block]')?.getAttribute('data-block') ?? null, endMs });
      });
    }
  });
}
const pulses = (page: Page): Promise<PulseEvent[]> => page.evaluate(() => (window as unknown as { __pulses: PulseEvent[] }).__pulses);

test('clicking a diagram block freezes it, and mid-run a click thaws it at the next step', async ({ page }) => {
  await recordPulses(page);
  await openStudio(page);
  await setSampleSize(page, 20);
  const trainable = page.getByRole('status', { name: 'Trainable parameters' });
  await expect(trainable).toHaveText('Trainable: 24,973 / 25,213 (99.0%)');
  const stem = block(page, 'Stem');
  await expect(stem).toHaveAttribute('aria-pressed', 'false');
  await stem.click();
  await expect(stem).toHaveAttribute('aria-pressed', 'true');
  await expect(stem).toHaveAccessibleName(/^Stem, [\d,]+ parameters, frozen$/);
  // Freezing the stem removes its conv (216) and BN gamma/beta (16) from the trainable count.
  await expect(trainable).toHaveText('Trainable: 24,741 / 25,213 (98.1%)');

  await train(page, 2);
  const summary = page.getByRole('figure', { name: 'Batch loss chart' }).locator('.chart-summary');
  await expect.poll(async () => Number(await summary.getAttribute('data-points')), { timeout: 120_000 }).toBeGreaterThan(2);
  // The trainable blocks' glows breathed as the run started; the frozen stem's did not.
  const head = await block(page, 'Head').getAttribute('data-block');
  const stemId = await stem.getAttribute('data-block');
  await expect.poll(async () => (await pulses(page)).some((p) => p.block === head && p.type === 'animationstart')).toBe(true);
  expect((await pulses(page)).filter((p) => p.block === stemId)).toEqual([]);
  await stem.click();
  await expect(stem).toHaveAttribute('aria-pressed', 'false');
  await expect(trainable).toHaveText('Trainable: 24,973 / 25,213 (99.0%)');
  // The engine applied it at its next step: the run's chart marks the thaw and the frozen-feature cache is off.
  await expect(page.getByRole('figure', { name: 'Batch loss chart' }).getByText('thawed Stem')).toBeVisible();
  await expect(page.locator('[data-cache]')).toHaveAttribute('data-cache', 'off');
  // After an epoch, a trainable block glows with its weight change; then the run is stopped (a second epoch adds nothing here).
  const glow = (name: string) => block(page, name).evaluate((b) => Number(getComputedStyle(b).getPropertyValue('--glow-change')));
  await expect.poll(() => glow('Head'), { timeout: 120_000 }).toBeGreaterThan(0);
  // The glows breathed again when the epoch's figures came, and each breath was set to end 2.4 s after it
  // started (a pulse that never stopped kept the compositor drawing every frame). Read at each start: on a fast
  // machine the next epoch may cut a breath short before it would end.
  await expect.poll(async () => [...new Set((await pulses(page)).filter((p) => p.block === head && p.type === 'animationstart').map((p) => p.name))].sort())
    .toEqual(['diagram-pulse-even', 'diagram-pulse-odd']);
  expect(new Set((await pulses(page)).filter((p) => p.type === 'animationstart').map((p) => p.endMs))).toEqual(new Set([2400]));
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Run status' })).not.toHaveAttribute('data-state', 'training');
  // Once the run is over, nothing in the diagram animates.
  await expect.poll(() => page.evaluate(() => document.getAnimations().filter((a) => (a as CSSAnimation).animationName?.startsWith('diagram-pulse')).length)).toBe(0);
});

test('dragging across blocks sets the frozen boundary; Enter and Space toggle a block; its learning-rate multiplier is set on focus', async ({ page }) => {
  await openStudio(page);
  const trainable = page.getByRole('status', { name: 'Trainable parameters' });
  await expect(trainable).toHaveText('Trainable: 24,973 / 25,213 (99.0%)');
  const [stem, block2] = [block(page, 'Stem'), block(page, 'Block 2')];
  await stem.scrollIntoViewIfNeeded();
  const from = await centre(stem);
  const to = await centre(block2);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  // While dragging, the blocks preview the boundary.
  await expect(block(page, 'Block 1')).toHaveAttribute('data-preview', 'frozen');
  await expect(block(page, 'Block 3')).toHaveAttribute('data-preview', 'trainable');
  await page.mouse.up();
  for (const name of ['Stem', 'Block 1', 'Block 2']) await expect(block(page, name)).toHaveAttribute('aria-pressed', 'true');
  for (const name of ['Block 3', 'Head']) await expect(block(page, name)).toHaveAttribute('aria-pressed', 'false');
  await expect(trainable).not.toHaveText(/^Trainable: 24,973 /);

  // The keyboard works as a click: Enter and Space on the focused block toggle it.
  await block(page, 'Block 3').focus();
  await page.keyboard.press('Enter');
  await expect(block(page, 'Block 3')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Space');
  await expect(block(page, 'Block 3')).toHaveAttribute('aria-pressed', 'false');
  await expect(block(page, 'Block 3')).toBeFocused();
  // The keyboard's way to the boundary: the block's tools appear on focus.
  await page.keyboard.press('Tab');
  const multiplier = page.getByRole('spinbutton', { name: 'Block 3 learning-rate multiplier' });
  await expect(multiplier).toBeFocused();
  await multiplier.fill('0.25');
  await multiplier.press('Enter');
  await expect(multiplier).toBeFocused();
  await page.keyboard.press('Tab');
  const freezeUpTo = page.getByRole('button', { name: 'Freeze up to Block 3' });
  await expect(freezeUpTo).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(block(page, 'Block 3')).toHaveAttribute('aria-pressed', 'true');
  await expect(trainable).toHaveText(/^Trainable: 325 \//);
  // The list, the accessible alternative, shows the same state and the multiplier set in the diagram.
  await page.getByRole('group', { name: 'Show the layers as' }).getByRole('button', { name: 'List', exact: true }).click();
  await expect(page.getByRole('switch', { name: 'Block 3 trainable' })).not.toBeChecked();
  await expect(page.getByRole('switch', { name: 'Head trainable' })).toBeChecked();
  await expect(page.getByRole('spinbutton', { name: 'Block 3 learning-rate multiplier' })).toHaveValue('0.25');
});
