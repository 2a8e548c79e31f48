import { writeFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openStudio, setSampleSize } from './studio';

/**
 * The domain lesson (issue 22): the built-in backbone fine-tuned on the sample, scored on the shifted
 * sample, source only vs MMD vs DANN at several seeds. The short check runs it at one seed; the
 * figures at the lesson's own settings are the opt-in measurement below (BENCHMARKS.md).
 */

const LESSON = 'Lesson: a model trained on one domain fails on another';

async function setField(lesson: Locator, name: string, value: number): Promise<void> {
  const field = lesson.getByRole('spinbutton', { name });
  await field.fill(String(value));
  await field.press('Enter');
}

/** Runs the lesson as it is set and returns each arm's mean target accuracy, read from the table. */
async function runLesson(page: Page, timeout: number): Promise<Record<string, number>> {
  const lesson = page.getByRole('region', { name: LESSON });
  await lesson.getByRole('button', { name: 'Run domain lesson' }).click();
  await expect(lesson.getByRole('status', { name: 'Domain lesson progress' })).toContainText(/run 1 of \d+, Source only, seed 1/);
  const table = lesson.getByRole('table', { name: 'Domain lesson results' });
  await expect(lesson.getByRole('list', { name: 'What the domain numbers say' }).locator('li')).toHaveCount(2, { timeout });
  await expect(table.locator('tbody tr')).toHaveCount(3);
  const means: Record<string, number> = {};
  for (const arm of ['sourceOnly', 'mmd', 'dann']) {
    const cell = table.locator(`tr[data-arm="${arm}"] td[data-metric="targetAccuracy"]`);
    await expect(cell).toHaveText(/^\d+\.\d% ± \d+\.\d%$/);
    means[arm] = Number(await cell.getAttribute('data-value'));
  }
  return means;
}

test('the domain lesson trains source only, MMD and DANN and shows target accuracy side by side, with the domain curves', async ({ page }) => {
  // One seed, one epoch: the pipeline end to end (three runs of the built-in backbone). Whether adaptation
  // beats source only is the measured test's question (below), never a one-seed check's: one epoch at one
  // seed says nothing about it.
  test.setTimeout(Number(process.env.THAW_DOMAIN_TIMEOUT ?? 360_000));
  await openStudio(page);
  await setSampleSize(page, 20);
  const lesson = page.getByRole('region', { name: LESSON });
  await setField(lesson, 'Domain lesson epochs per run', 1);
  await setField(lesson, 'Domain lesson seeds per arm', 1);
  const means = await runLesson(page, 340_000);
  for (const arm of ['sourceOnly', 'mmd', 'dann']) expect(means[arm]).toBeGreaterThanOrEqual(0);
  // The last run (DANN) drew its domain curves and columns.
  await expect(page.getByRole('figure', { name: 'Source and target accuracy per epoch' })).toBeVisible();
  const history = page.getByRole('table', { name: 'Epoch history' });
  await expect(history.getByRole('columnheader', { name: 'Target acc.' })).toBeVisible();
  await expect(history.locator('td[data-metric="domainAccuracy"]').first()).toHaveText(/^\d+\.\d%$/);
});

/**
 * The lesson at its own settings (three seeds), every seed and arm printed and written to
 * test-results/domain-lesson.json: `THAW_MEASURE_DOMAIN=1 npx playwright test e2e/domainShift.spec.ts -g measured`.
 */
test('the domain lesson at its own settings, measured', async ({ page }) => {
  test.skip(!process.env.THAW_MEASURE_DOMAIN, 'a measurement, not a check: set THAW_MEASURE_DOMAIN=1 to run it');
  test.setTimeout(3_600_000);
  await openStudio(page);
  // Other settings to try, without changing the lesson's defaults.
  const lesson = page.getByRole('region', { name: LESSON });
  const overrides: [string, string | undefined][] = [
    ['Domain lesson MMD λ', process.env.THAW_DOMAIN_MMD], ['Domain lesson DANN λ', process.env.THAW_DOMAIN_DANN],
    ['Domain lesson learning rate', process.env.THAW_DOMAIN_LR], ['Domain lesson epochs per run', process.env.THAW_DOMAIN_EPOCHS],
  ];
  for (const [name, value] of overrides) if (value) await setField(lesson, name, Number(value));
  const started = Date.now();
  const means = await runLesson(page, 3_500_000);
  const rows = await Promise.all((await lesson.getByRole('table', { name: 'Domain lesson results' }).locator('tbody tr').all()).map(async (r) => (await r.innerText()).replace(/\s+/g, ' ')));
  const reading = await Promise.all((await lesson.getByRole('list', { name: 'What the domain numbers say' }).locator('li').all()).map((li) => li.innerText()));
  const record = { means, rows, reading, seconds: Math.round((Date.now() - started) / 1000) };
  rows.forEach((r) => console.log(r));
  reading.forEach((r) => console.log(r));
  writeFileSync('test-results/domain-lesson.json', JSON.stringify(record, null, 2));
  // The acceptance: MMD or DANN above source only on the mean over the seeds (met by MMD at the
  // lesson's defaults, +5.4 points: BENCHMARKS.md).
  expect(Math.max(means.mmd ?? 0, means.dann ?? 0)).toBeGreaterThan(means.sourceOnly ?? 1);
});
