import { expect, test, type Locator, type Page } from '@playwright/test';
import { openStudio, setInputSize, setSampleSize, showLayerList, train } from './studio';

const COLOUR_LINE = /Red: regions that raised the score of .+ the most; blue: no contribution\./;

/** A picture of a filled circle on grey, as a PNG made by the page's own canvas. */
async function circlePicture(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 96;
    canvas.height = 96;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#888';
    context.fillRect(0, 0, 96, 96);
    context.fillStyle = '#e33';
    context.beginPath();
    context.arc(36, 48, 22, 0, 2 * Math.PI);
    context.fill();
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

const pixelsOf = (canvas: Locator) => canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());

test('Grad-CAM: the Predict panel overlay follows the class and block chosen; a confusion cell opens its images with heatmaps', async ({ page }) => {
  test.setTimeout(400_000);
  await openStudio(page);
  await setSampleSize(page, 20);
  await setInputSize(page, 32);
  await train(page, 2);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 300_000 });

  // The Predict panel: a picture's top classes, then its heatmap on request.
  const panel = page.getByRole('region', { name: 'Predict' });
  await page.getByLabel('Predict an image').setInputFiles({ name: 'circle.png', mimeType: 'image/png', buffer: await circlePicture(page) });
  await expect(panel.getByRole('list', { name: 'Predictions for circle.png' }).getByRole('listitem')).toHaveCount(3);
  await expect(panel.getByRole('img', { name: /^Heatmap of/ })).toHaveCount(0);
  await panel.getByRole('checkbox', { name: 'Show heatmap' }).check();
  const overlay = panel.getByRole('img', { name: /^Heatmap of circle\.png for .+ at .+$/ });
  await expect(overlay).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByText(COLOUR_LINE)).toBeVisible();
  const topClass = (await overlay.getAttribute('data-class'))!;
  await expect(panel.getByText(`raised the score of ${topClass} the most`)).toBeVisible();
  const topPixels = await pixelsOf(overlay);

  // Another class: the overlay and the colour line change to it.
  const classChoice = panel.getByRole('combobox', { name: 'Heatmap class' });
  const options = await classChoice.locator('option').allTextContents();
  const other = options.findIndex((text, i) => i > 0 && !text.startsWith(`${topClass} (`));
  await classChoice.selectOption({ index: other });
  await expect(overlay).not.toHaveAttribute('data-class', topClass, { timeout: 60_000 });
  const otherClass = (await overlay.getAttribute('data-class'))!;
  expect(options[other]).toMatch(new RegExp(`^${otherClass} \\(`));
  await expect(panel.getByText(`raised the score of ${otherClass} the most`)).toBeVisible();
  await expect.poll(() => pixelsOf(overlay)).not.toBe(topPixels);

  // Another block, picked in the layer tree: the heatmap is taken there, at that block's resolution.
  const blockChoice = panel.getByRole('combobox', { name: 'Heatmap block' });
  const lastBlock = (await overlay.getAttribute('data-block'))!;
  expect(lastBlock).not.toBe('stem');
  await showLayerList(page);
  await expect(page.getByRole('button', { name: 'Heatmaps here: Head' })).toHaveCount(0);
  const stemHere = page.getByRole('button', { name: 'Heatmaps here: Stem' });
  await stemHere.click();
  await expect(stemHere).toHaveAttribute('aria-pressed', 'true');
  await expect(overlay).toHaveAttribute('data-block', 'stem', { timeout: 60_000 });
  await expect(blockChoice).toHaveValue('stem');
  await expect(panel.getByText(/Grad-CAM at Stem, a \d+×\d+ feature map/)).toBeVisible();
  // And back to the last feature map beside the heatmap: the layer tree follows.
  await blockChoice.selectOption({ value: '' });
  await expect(overlay).toHaveAttribute('data-block', lastBlock, { timeout: 60_000 });
  await expect(stemHere).toHaveAttribute('aria-pressed', 'false');

  // A confusion cell lists its images; one opens with its heatmap.
  const matrix = page.getByRole('table', { name: 'Confusion matrix table' });
  const cell = matrix.getByRole('button', { name: /^[1-9]\d* images? of .+ predicted as .+$/ }).first();
  const [, count, truth, predicted] = (await cell.getAttribute('aria-label'))!.match(/^(\d+) images? of (.+) predicted as (.+)$/)!;
  await cell.click();
  await expect(cell).toHaveAttribute('aria-pressed', 'true');
  const images = page.getByRole('figure', { name: `Images of ${truth} predicted as ${predicted}` });
  await expect(images.getByRole('img')).toHaveCount(Math.min(24, Number(count)), { timeout: 60_000 });
  await images.getByRole('button', { name: /^Open heatmap of / }).first().click();
  const dialog = images.getByRole('dialog');
  await expect(dialog.getByRole('img', { name: new RegExp(`^Heatmap of ${truth} predicted as ${predicted} .*for .+ at .+$`) })).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByText(COLOUR_LINE)).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);

  // The misclassified gallery's images open the same way (two epochs at 32 px leave plenty of mistakes).
  const gallery = page.getByRole('figure', { name: 'Misclassified validation images' });
  await gallery.getByRole('button', { name: /^Open heatmap of / }).first().click();
  await expect(gallery.getByRole('dialog').getByRole('img', { name: /^Heatmap of .+ predicted as .+ for .+ at .+$/ })).toBeVisible({ timeout: 60_000 });
  await expect(gallery.getByRole('dialog').getByText(COLOUR_LINE)).toBeVisible();
});
