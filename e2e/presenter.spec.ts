import { expect, test, type Page } from '@playwright/test';
import { openStudio, setSampleSize, train } from './studio';

test.use({ viewport: { width: 1280, height: 720 } });

/** The smallest font size, in px, of any visible text in the element (SVG chart labels included). */
function smallestText(page: Page, selector: string): Promise<{ size: number; text: string }> {
  return page.locator(selector).evaluate((root) => {
    let smallest = { size: Infinity, text: '' };
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent?.trim()) continue;
      const box = element.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || getComputedStyle(element).visibility === 'hidden') continue;
      const size = parseFloat(getComputedStyle(element).fontSize);
      if (size < smallest.size) smallest = { size, text: node.textContent.trim() };
    }
    return smallest;
  });
}

test('the presenter view: large text, T and F change the freeze state, Space pauses a run, Esc goes back', async ({ page }) => {
  await openStudio(page);
  await setSampleSize(page, 20);
  const open = page.getByRole('button', { name: 'Presenter view' });
  await open.click();
  const presenter = page.getByRole('dialog', { name: 'Presenter view' });
  await expect(presenter).toBeVisible();
  await expect(presenter.getByRole('status', { name: 'Current event' })).toHaveText('No block frozen or thawed yet in this run');
  // No settings on screen: no fields, no selects.
  await expect(presenter.getByRole('spinbutton')).toHaveCount(0);
  await expect(presenter.getByRole('combobox')).toHaveCount(0);
  const block = (name: string) => presenter.getByRole('button', { name: new RegExp(`^${name}, `) });
  const trainable = presenter.getByRole('status', { name: 'Trainable parameters' });

  await page.keyboard.press('f');
  await expect(trainable).toHaveText('Trainable: 325 / 25,213 (1.3%)');
  for (const name of ['Stem', 'Block 1', 'Block 2', 'Block 3']) await expect(block(name)).toHaveAttribute('aria-pressed', 'true');
  await expect(block('Head')).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('t');
  await expect(block('Block 3')).toHaveAttribute('aria-pressed', 'false');
  await expect(block('Block 2')).toHaveAttribute('aria-pressed', 'true');
  await expect(presenter.getByText('Block 3 thawed.')).toBeVisible();
  // Space with no run says what to do instead.
  await page.keyboard.press(' ');
  await expect(presenter.getByText(/^No run to pause: start one with Train/)).toBeVisible();

  // Read from the back of the room: no visible text under 24 px at 1280×720.
  const smallest = await smallestText(page, 'dialog.presenter');
  expect(smallest.text, 'the measure found no text').not.toBe('');
  expect(smallest.size, `"${smallest.text}" is ${smallest.size} px`).toBeGreaterThanOrEqual(24);

  await page.keyboard.press('Escape');
  await expect(presenter).toHaveCount(0);
  await expect(open).toBeFocused();

  // During a run: T thaws the next block at the next step and the event line says so; Space pauses and resumes.
  // Epochs of 20 images per class are short: enough of them that the run is still going (Stop ends it below).
  await train(page, 10);
  const summary = page.getByRole('figure', { name: 'Batch loss chart' }).locator('.chart-summary');
  await expect.poll(async () => Number(await summary.getAttribute('data-points')), { timeout: 120_000 }).toBeGreaterThan(2);
  await open.click();
  await page.keyboard.press('T');
  await expect(presenter.getByRole('status', { name: 'Current event' })).toHaveText(/^Block 2 thawed at step \d+$/);
  await expect(presenter.getByRole('figure', { name: 'Live loss chart' })).toContainText(/Loss \d/);
  const runState = page.getByRole('status', { name: 'Run status' });
  await page.keyboard.press(' ');
  await expect(runState).toHaveAttribute('data-state', 'paused');
  await page.keyboard.press(' ');
  await expect(runState).toHaveAttribute('data-state', 'training');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(runState).not.toHaveAttribute('data-state', 'training');
});
