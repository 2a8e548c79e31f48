import { expect, test } from '@playwright/test';
import { openStudio, showLayerList } from './studio';

test('thawing a block mid-run marks the chart and changes the trainable count', async ({ page }) => {
  await openStudio(page);
  await showLayerList(page);
  const trainable = page.getByRole('status', { name: 'Trainable parameters' });
  await expect(trainable).toHaveText('Trainable: 24,973 / 25,213 (99.0%)');
  const stem = page.getByRole('switch', { name: 'Stem trainable' });
  await stem.click();
  await expect(stem).not.toBeChecked();
  // BN moving statistics (240) never count as trainable; freezing the stem removes its conv (216) and BN gamma/beta (16).
  await expect(trainable).toHaveText('Trainable: 24,741 / 25,213 (98.1%)');

  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('2');
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const summary = page.getByRole('figure', { name: 'Batch loss chart' }).locator('.chart-summary');
  await expect.poll(async () => Number(await summary.getAttribute('data-points')), { timeout: 120_000 }).toBeGreaterThan(2);

  await stem.press('Space');
  await expect(stem).toBeChecked();
  await expect(page.locator('[data-cache]')).toHaveAttribute('data-cache', 'off');
  await expect(trainable).toHaveText('Trainable: 24,973 / 25,213 (99.0%)');
  const chart = page.getByRole('figure', { name: 'Batch loss chart' });
  await expect(chart.getByText('thawed Stem')).toBeVisible();
  await expect(chart.locator('.recharts-reference-line-line')).toHaveCount(1);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });
});

test('a strategy preset switches blocks, and an epoch later the confusion matrix and block activity appear', async ({ page }) => {
  await openStudio(page);
  await showLayerList(page);
  await page.getByRole('button', { name: 'Feature extraction' }).click();
  await expect(page.getByRole('status', { name: 'Trainable parameters' })).toHaveText('Trainable: 325 / 25,213 (1.3%)');
  await expect(page.getByRole('switch', { name: 'Block 3 trainable' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Freeze up to here: Block 1' }).click();
  await expect(page.getByRole('switch', { name: 'Block 3 trainable' })).toBeChecked();
  await expect(page.getByRole('switch', { name: 'Block 1 trainable' })).not.toBeChecked();

  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('1');
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });
  await expect(page.getByText('frozen-feature cache in use')).toBeVisible();
  const matrix = page.getByRole('table', { name: 'Confusion matrix table' });
  await expect(matrix).toBeVisible();
  // 60 validation images: the matrix cells add up to all of them.
  const cells = await matrix.locator('tbody tr:not(:last-child) td:not(:last-child)').allTextContents();
  expect(cells.map(Number).reduce((a, b) => a + b, 0)).toBe(60);
  const gallery = page.getByRole('figure', { name: 'Misclassified validation images' });
  await expect(gallery).toContainText(/Misclassified: \d+ of 60 validation images/);
  const missed = Number((await gallery.locator('figcaption').textContent())!.match(/Misclassified: (\d+)/)![1]);
  await expect(gallery.getByRole('img')).toHaveCount(Math.min(24, missed));
  await expect(gallery.getByRole('img').first()).toHaveAccessibleName(/^(circle|square|triangle|cross|ring) predicted as (circle|square|triangle|cross|ring)$/);
  // A frozen block moved exactly 0; a trainable one moved.
  await expect(page.getByRole('meter', { name: 'Block 1 weight change last epoch' })).toHaveAttribute('value', '0');
  const headChange = Number(await page.getByRole('meter', { name: 'Head weight change last epoch' }).getAttribute('value'));
  expect(headChange).toBeGreaterThan(0);
});
