import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openStudio } from './studio';

/**
 * Each lesson's runtime (BENCHMARKS.md), opt-in: THAW_LESSON_BENCH=1 npx playwright test e2e/lessonsBench.spec.ts.
 * The built-in sample, the built-in pretrained model at 32 px, WebGL; THAW_LESSON_EPOCHS lowers every
 * lesson's epochs per run (the course's numbers when unset). Writes test-results/lessons-bench.json.
 */
const LESSONS = [/Three strategies/, /Gradual unfreezing/, /Class imbalance/, /Ablation/, /first fine-tune/];

test('lesson runtimes', async ({ page }) => {
  test.skip(!process.env.THAW_LESSON_BENCH, 'opt-in benchmark: set THAW_LESSON_BENCH=1');
  test.setTimeout(3_600_000);
  await openStudio(page);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('thaw-shapes-cnn');
  await page.getByRole('combobox', { name: 'Input size' }).selectOption('32');
  await expect(page.getByRole('status', { name: 'Model input' })).toContainText('32×32 px', { timeout: 60_000 });
  const results: { lesson: string; epochs: number; runs: number; seconds: number }[] = [];
  for (const title of LESSONS) {
    const card = page.getByRole('region', { name: title });
    const field = card.getByRole('spinbutton', { name: 'Epochs per run' });
    if (process.env.THAW_LESSON_EPOCHS) await field.fill(process.env.THAW_LESSON_EPOCHS);
    const epochs = Number(await field.inputValue());
    const started = Date.now();
    await card.getByRole('button', { name: 'Run lesson' }).click();
    const progress = card.getByRole('status', { name: /progress$/ });
    await expect(progress).toContainText(/Run 1 of (\d+)/);
    const runs = Number((/of (\d+)/.exec(await progress.innerText()) ?? [])[1]);
    await expect(progress).toHaveCount(0, { timeout: 3_000_000 });
    results.push({ lesson: title.source, epochs, runs, seconds: Math.round((Date.now() - started) / 100) / 10 });
    console.log(JSON.stringify(results.at(-1)));
  }
  writeFileSync('test-results/lessons-bench.json', JSON.stringify(results, null, 2));
});
