import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectBackend, openStudio, setSampleSize } from './studio';

/**
 * The lessons and the experiment grid on the built-in sample with the built-in pretrained model at
 * 32 px, one epoch per run: each lesson's table has the columns its exercise asks for, its runs are
 * overlaid, its reading is there; a 2×2 grid makes 4 runs and one table; a reload mid-lesson resumes it.
 */

async function useSmallPretrainedModel(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Model' }).selectOption('thaw-shapes-cnn');
  await page.getByRole('combobox', { name: 'Input size' }).selectOption('32');
  await expect(page.getByRole('status', { name: 'Model input' })).toContainText('32×32 px', { timeout: 60_000 });
}

function lesson(page: Page, title: RegExp) {
  return page.getByRole('region', { name: title });
}

async function runLesson(page: Page, title: RegExp, epochs: number): Promise<void> {
  const card = lesson(page, title);
  const field = card.getByRole('spinbutton', { name: 'Epochs per run' });
  await field.fill(String(epochs));
  await card.getByRole('button', { name: 'Run lesson' }).click();
  await expect(card.getByRole('status', { name: /progress$/ })).toContainText(/Run 1 of \d+/);
}

async function headers(page: Page, table: string): Promise<string[]> {
  return (await page.getByRole('table', { name: table }).getByRole('columnheader').allTextContents()).map((h) => h.trim());
}

test('lesson 1: three strategies, its table with the stated columns, overlaid runs and a reading from the numbers', async ({ page }) => {
  await openStudio(page);
  await setSampleSize(page, 20);
  await useSmallPretrainedModel(page);
  const card = lesson(page, /Three strategies/);
  await runLesson(page, /Three strategies/, 1);
  const table = card.getByRole('table', { name: /Three strategies results/ });
  await expect(card.getByRole('status', { name: /progress$/ })).toHaveCount(0, { timeout: 200_000 });
  await expect(table.locator('tbody tr')).toHaveCount(3);
  expect(await headers(page, 'Lesson 1 · Three strategies results')).toEqual([
    'Strategy', 'Best val acc', 'Final val acc', 'Time / epoch (s)', 'Trainable %', 'Train − val gap',
  ]);
  await expect(table.getByRole('rowheader')).toHaveText(['Feature extraction', 'Partial fine-tuning (top 2)', 'Full fine-tuning']);
  await expect(card.getByRole('figure', { name: /Three strategies chart/ }).locator('.recharts-line')).toHaveCount(3);
  await expect(card.getByRole('note', { name: /Three strategies reading/ }).getByRole('listitem').first()).toBeVisible();
  // Three runs recorded in Experiments.
  await expect(page.getByRole('table', { name: 'Runs' }).locator('tbody tr')).toHaveCount(3);
  const download = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Download table (.csv)' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\n');
  expect(csv).toHaveLength(4);
  expect(csv[0]).toMatch(/^preset,runs,bestValidationAccuracy,/);
});

test('the experiment grid: 2×2 settings make 4 runs and one table', async ({ page }) => {
  await openStudio(page);
  await setSampleSize(page, 20);
  const epochs = page.getByRole('spinbutton', { name: 'Epochs', exact: true });
  await epochs.fill('1');
  await epochs.press('Enter');
  const grid = page.getByRole('region', { name: 'Experiment grid' });
  await grid.getByRole('combobox', { name: 'Setting 1' }).selectOption('field:learningRate');
  await grid.getByRole('textbox', { name: 'Values 1' }).fill('0.001, 0.01');
  await grid.getByRole('combobox', { name: 'Setting 2' }).selectOption('field:batchSize');
  await grid.getByRole('textbox', { name: 'Values 2' }).fill('16, 32');
  await grid.getByRole('button', { name: 'Run grid (4 runs)' }).click();
  await expect(grid.getByRole('status', { name: 'Grid progress' })).toContainText('Run 1 of 4: learningRate 0.001 · batchSize 16 · seed 1');
  await expect(grid.getByRole('status', { name: 'Grid progress' })).toHaveCount(0, { timeout: 200_000 });
  const table = grid.getByRole('table', { name: 'Grid results' });
  await expect(table.locator('tbody tr')).toHaveCount(4);
  expect((await headers(page, 'Grid results')).slice(0, 4)).toEqual(['learningRate', 'batchSize', 'Runs', 'Best val acc']);
  await expect(page.getByRole('table', { name: 'Runs' }).locator('tbody tr')).toHaveCount(4);
  // Sortable: by best validation accuracy, highest first.
  await table.getByRole('button', { name: 'Best val acc' }).click();
  await expect(table.getByRole('columnheader', { name: /Best val acc/ })).toHaveAttribute('aria-sort', 'descending');
});

test('a reload mid-lesson resumes it at its next unfinished run (lesson 2, with thaw markers)', async ({ page }) => {
  await openStudio(page);
  await setSampleSize(page, 20);
  await useSmallPretrainedModel(page);
  const card = lesson(page, /Gradual unfreezing/);
  await runLesson(page, /Gradual unfreezing/, 2);
  await expect(card.getByRole('status', { name: /progress$/ })).toContainText('Run 2 of 3', { timeout: 120_000 });
  await page.reload();
  await expectBackend(page);
  await setSampleSize(page, 20);
  await useSmallPretrainedModel(page);
  const resume = lesson(page, /Gradual unfreezing/).getByRole('button', { name: /Resume lesson \(run [23] of 3\)/ });
  await resume.click();
  const table = lesson(page, /Gradual unfreezing/).getByRole('table', { name: /Gradual unfreezing schedules results/ });
  await expect(lesson(page, /Gradual unfreezing/).getByRole('status', { name: /progress$/ })).toHaveCount(0, { timeout: 200_000 });
  await expect(table.locator('tbody tr')).toHaveCount(3);
  expect(await headers(page, 'Lesson 2 · Gradual unfreezing schedules results')).toEqual(['Schedule', 'Epochs to 90% of best', 'Best val acc', 'Thawed after epoch']);
  // One block per epoch thawed after epoch 1: its cell and its marker on the chart.
  await expect(table.getByRole('row', { name: /One block per epoch/ })).toContainText(/1: /);
  await expect(lesson(page, /Gradual unfreezing/).getByRole('figure').locator('.recharts-reference-line').first()).toBeAttached();
  // Every combination has exactly one finished run: the interrupted one was trained again, not counted twice.
  await expect(table.locator('tbody tr td:nth-child(3)')).not.toContainText(['—', '—', '—']);
});

test('lessons 3, 4 (one augmentation) and 5 on the sample: their tables, overlays and readings', async ({ page }) => {
  test.setTimeout(420_000);
  await openStudio(page);
  await setSampleSize(page, 20);
  await useSmallPretrainedModel(page);

  const imbalance = lesson(page, /Class imbalance/);
  await imbalance.getByRole('combobox', { name: 'Rare class' }).selectOption({ index: 1 });
  await runLesson(page, /Class imbalance/, 1);
  await expect(imbalance.getByRole('status', { name: /progress$/ })).toHaveCount(0, { timeout: 200_000 });
  const classes = await page.getByRole('combobox', { name: 'Rare class' }).locator('option').allTextContents();
  expect(await headers(page, 'Lesson 3 · Class imbalance results')).toEqual(['Remedy', 'Final val acc', ...classes.map((c) => `${c} acc`)]);
  await expect(imbalance.getByRole('table').getByRole('rowheader')).toHaveText(['Unweighted', 'Class-weighted loss', 'Oversampling']);
  await expect(imbalance.getByRole('figure').locator('.recharts-line')).toHaveCount(3);

  const ablation = lesson(page, /Ablation/);
  await ablation.getByRole('checkbox', { name: 'Mixup' }).uncheck();
  await ablation.getByRole('checkbox', { name: 'CutMix' }).uncheck();
  await runLesson(page, /Ablation/, 1);
  await expect(ablation.getByRole('status', { name: /progress$/ })).toContainText('Run 1 of 4');
  await expect(ablation.getByRole('status', { name: /progress$/ })).toHaveCount(0, { timeout: 200_000 });
  expect(await headers(page, 'Lesson 4 · Ablation results')).toEqual(['Backbone', 'Strategy', 'Augmentation', 'Best val acc', 'Final val acc']);
  await expect(ablation.getByRole('table').locator('tbody tr')).toHaveCount(4);
  await expect(ablation.getByRole('note', { name: /reading/ })).toContainText('one seed');

  const first = lesson(page, /first fine-tune/);
  await runLesson(page, /first fine-tune/, 2);
  await expect(first.getByRole('status', { name: /progress$/ })).toHaveCount(0, { timeout: 200_000 });
  expect(await headers(page, 'Lesson 5 · The first fine-tune results')).toEqual([
    'Run', 'Epochs run', 'Best epoch', 'Best val acc', 'Final val acc', 'Train − val gap', 'Last block thawed after epoch',
  ]);
  await expect(first.getByRole('table').locator('tbody tr')).toHaveCount(1);
  await expect(first.getByRole('note', { name: /reading/ })).toContainText(/Overfitting|Underfitting|A good fit/);
  await expect(first.getByRole('note', { name: /reading/ })).toContainText(/epoch \d/);
});
