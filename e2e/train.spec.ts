import { openStudio, setSampleSize, showAdvancedSettings, train } from './studio';
import { expect, test, type Page } from '@playwright/test';

/** The first point of the batch loss chart's raw loss line (drawn by `selector`), and the loss axis's tick labels. */
async function firstPointAndTicks(page: Page, selector: string) {
  return page.locator('figure[aria-label="Batch loss chart"]').evaluate((figure, lineSelector) => {
    const [, x, y] = /^M([\d.]+),([\d.]+)/.exec(figure.querySelector(lineSelector)?.getAttribute('d') ?? '') ?? [];
    const ticks = [...figure.querySelectorAll('.recharts-yAxis .recharts-cartesian-axis-tick-value')].map((t) => t.textContent).join(' ');
    return { x: Number(x), y: Number(y), ticks };
  }, selector);
}

async function trainOneEpochAndCheck(page: Page, backend: 'webgpu' | 'webgl') {
  await page.goto(`/?backend=${backend}`);
  const badge = page.getByRole('status', { name: 'Active backend' });
  await expect(badge).toHaveAttribute('data-backend', backend, { timeout: 120_000 });
  await setSampleSize(page, 40);
  await expect(page.getByText(/software GPU/)).toBeVisible();

  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('sample');
  await page.getByRole('combobox', { name: 'Model' }).selectOption('small-cnn');
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('2');
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'training');

  // Batch loss points appear while the first epoch is still running.
  const summary = page.getByRole('figure', { name: 'Batch loss chart' }).locator('.chart-summary');
  await expect.poll(async () => Number(await summary.getAttribute('data-points')), { timeout: 120_000 }).toBeGreaterThan(2);
  await expect(page.getByRole('table', { name: 'Epoch history' })).toHaveCount(0);
  // While training the curves are drawn as plain paths on the chart's scales (LivePath), a point per step so far.
  const livePath = page.locator('figure[aria-label="Batch loss chart"] path.live-path').first();
  await expect(livePath).toHaveAttribute('d', /^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){2,}/);
  expect(Number(await livePath.getAttribute('data-points'))).toBeGreaterThan(2);
  const firstPointWhileTraining = await firstPointAndTicks(page, 'path.live-path');

  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });
  await expect(page.getByRole('figure', { name: 'Learning rate chart' })).toContainText('now 3.00e-3');
  // Once the run is over, hovering the curve reads a step's values (no tooltip while training: it costs a redraw each time).
  const plot = page.getByRole('figure', { name: 'Batch loss chart' }).locator('.recharts-surface');
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await expect(page.getByRole('figure', { name: 'Batch loss chart' }).locator('.recharts-tooltip-wrapper')).toContainText(/smoothed : [\d.]+/);
  // Once it is over they are recharts lines again (their tooltip reads the values), at the same place as the live paths.
  await expect(page.locator('figure[aria-label="Batch loss chart"] path.live-path')).toHaveCount(0);
  await expect(page.locator('figure[aria-label="Batch loss chart"] path.recharts-line-curve')).toHaveCount(2);
  const firstPointAfter = await firstPointAndTicks(page, 'path.recharts-line-curve');
  expect(Math.abs(firstPointAfter.x - firstPointWhileTraining.x)).toBeLessThan(0.5);
  // The same loss axis (its highest tick can rise with a later, higher loss): the same height.
  if (firstPointAfter.ticks === firstPointWhileTraining.ticks) expect(Math.abs(firstPointAfter.y - firstPointWhileTraining.y)).toBeLessThan(0.5);
  const losses = await page.locator('td[data-metric="trainLoss"]').allTextContents();
  expect(losses).toHaveLength(2);
  expect(Number(losses[1])).toBeLessThan(Number(losses[0]));
  await expect(badge).toHaveAttribute('data-backend', backend);
}

test('trains the sample model on WebGPU with live points and a falling loss', async ({ page }) => {
  await trainOneEpochAndCheck(page, 'webgpu');
});

test('trains the sample model on WebGL with live points and a falling loss', async ({ page }) => {
  await trainOneEpochAndCheck(page, 'webgl');
});

test('Stop ends a run mid-epoch and the studio is ready to train again', async ({ page }) => {
  await openStudio(page);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const summary = page.getByRole('figure', { name: 'Batch loss chart' }).locator('.chart-summary');
  await expect.poll(async () => Number(await summary.getAttribute('data-points')), { timeout: 120_000 }).toBeGreaterThan(1);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'stopped');
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
});

test('the imbalanced sample dataset warns and suggests class weights', async ({ page }) => {
  await openStudio(page);
  await page.getByLabel('Imbalanced classes').check();
  await expect(page.getByRole('note', { name: 'Imbalance warning' })).toContainText('4.8× the images of the smallest');
  await expect(page.getByText(/5 classes .*; 120 training and 30 validation images/)).toBeVisible();

  // Weights by hand: one field per class.
  await showAdvancedSettings(page);
  const balance = page.getByRole('combobox', { name: 'Class balance' });
  await balance.selectOption('manual');
  const weights = page.getByRole('group', { name: 'Class weights' }).getByRole('spinbutton');
  await expect(weights).toHaveCount(5);
  await weights.nth(4).fill('4');
  await weights.nth(4).press('Enter');
  await expect(weights.nth(4)).toHaveValue('4');

  // Or oversampling: a run with the balanced sampler trains through an epoch.
  await balance.selectOption('oversample');
  await expect(page.getByRole('group', { name: 'Class weights' })).toHaveCount(0);
  await train(page, 1);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 180_000 });
  await expect(page.locator('td[data-metric="epoch"]')).toHaveText(['1']);
});

test('the augmentation preview shows the training image as the network would see it', async ({ page }) => {
  await openStudio(page);
  await showAdvancedSettings(page);
  await page.getByRole('group', { name: 'Augmentation presets' }).getByRole('button', { name: 'Basic augmentation' }).click();
  const grid = page.getByRole('list', { name: 'Live augmentation preview' });
  await expect(grid.getByRole('listitem')).toHaveCount(8);
  // Basic augmentation flips, crops and jitters: the eight samples are not all the same picture.
  await expect.poll(async () => new Set(await grid.locator('canvas').evaluateAll((canvases) => canvases.map((c) => (c as HTMLCanvasElement).toDataURL()))).size,
    { timeout: 60_000 }).toBeGreaterThan(1);
});

test('a chart scrolled out of sight holds its redraws while training and catches up in view and at the end', async ({ page }) => {
  await openStudio(page);
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('2');
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const summary = page.getByRole('figure', { name: 'Batch loss chart' }).locator('.chart-summary');
  const points = async () => Number(await summary.getAttribute('data-points'));
  await expect.poll(points, { timeout: 120_000 }).toBeGreaterThan(1);

  // The top of the page: the Train step, and its chart, are out of sight.
  await page.evaluate(() => scrollTo(0, 0));
  const trainStepTop = await page.locator('#step-train').evaluate((step) => step.getBoundingClientRect().top);
  expect(trainStepTop).toBeGreaterThan(page.viewportSize()!.height);
  await page.waitForTimeout(400);
  const held = await points();
  // Training goes on (the run status, an urgent update, follows every step) while the chart keeps its points.
  const status = page.getByRole('status', { name: 'Run status' });
  const stepNow = async () => {
    const [, epoch, step, steps] = (await status.textContent())!.match(/epoch (\d+)\/\d+ · step (\d+)\/(\d+)/)!;
    return (Number(epoch) - 1) * Number(steps) + Number(step);
  };
  const stepWhenHeld = await stepNow();
  await expect.poll(stepNow, { timeout: 120_000 }).toBeGreaterThan(stepWhenHeld + 3);
  expect(await points()).toBe(held);

  // Back in view, the chart draws every step so far.
  await summary.scrollIntoViewIfNeeded();
  await expect.poll(points, { timeout: 10_000 }).toBeGreaterThan(held + 3);

  // Out of sight again until the run ends: the finished run is drawn whole without scrolling back.
  await page.evaluate(() => scrollTo(0, 0));
  await expect(status).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });
  const total = await stepNow();
  await expect.poll(points, { timeout: 10_000 }).toBe(total);
});
