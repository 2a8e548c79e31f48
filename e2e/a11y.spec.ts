import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openStudio, showAdvancedSettings, train } from './studio';

/** The serious and critical axe violations inside `selector`, one line each (rule, impact, where). */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).include(selector).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`));
}

/**
 * Each step of the flow, scanned after a one-epoch run (so Evaluate and Use hold their tables, charts and
 * predictions) with the advanced settings open; the header and the first-visit tour too.
 * The presenter view, once merged, is scanned here as well: open it, scan '.presenter' (or its root), Esc.
 */
test('axe finds no serious or critical violation on any step, the header or the tour', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await train(page, 1);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await showAdvancedSettings(page);
  for (const part of ['.app-header', '.step-nav', '#step-data', '#step-model', '#step-train', '#step-evaluate', '#step-use']) {
    expect(await seriousViolations(page, part), part).toEqual([]);
  }

  await page.evaluate(() => localStorage.removeItem('thaw.tourDismissed'));
  await page.reload();
  await page.getByRole('button', { name: 'Start the tour' }).click();
  expect(await seriousViolations(page, '.tour'), 'tour').toEqual([]);
});
