import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openStudio, setSampleSize, showAdvancedSettings, train } from './studio';

/** The serious and critical axe violations inside `selector`, one line each (rule, impact, where). */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  // label-content-name-mismatch is one of axe's experimental rules, off by default: on here, as a control's
  // visible words must be part of the name a voice user says.
  const { violations } = await new AxeBuilder({ page }).include(selector)
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`));
}

/**
 * Each step of the flow, scanned after a one-epoch run (so Evaluate and Use hold their tables, charts and
 * predictions) with the advanced settings open; the header and the first-visit tour too.
 * The lessons, the experiment grid and the forgetting lesson, and the presenter view, are scanned too.
 */
test('axe finds no serious or critical violation on any step, the lessons, the presenter view, the header or the tour', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await setSampleSize(page, 20);
  await train(page, 1);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await showAdvancedSettings(page);
  for (const part of ['.app-header', '.step-nav', '#step-data', '#step-model', '#step-train', '#step-evaluate', '.panel.grid', '.panel.lessons', '#step-use']) {
    expect(await seriousViolations(page, part), part).toEqual([]);
  }
  await page.getByRole('button', { name: 'Presenter view' }).click();
  await expect(page.getByRole('dialog', { name: 'Presenter view' })).toBeVisible();
  expect(await seriousViolations(page, '.presenter'), 'presenter view').toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Presenter view' })).toHaveCount(0);

  await page.evaluate(() => localStorage.removeItem('thaw.tourDismissed'));
  await page.reload();
  await page.getByRole('button', { name: 'Start the tour' }).click();
  expect(await seriousViolations(page, '.tour'), 'tour').toEqual([]);
});

test('the keyboard reaches the steps in order, and the focused control shows an outline', async ({ page }) => {
  await openStudio(page);
  const outlined: string[] = [];
  // From the top: the header's controls, then the step links, then the first step's controls.
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Tab');
    outlined.push(await page.evaluate(() => {
      const focused = document.activeElement as HTMLElement | null;
      if (!focused || focused === document.body) return 'nothing focused';
      const style = getComputedStyle(focused);
      const name = focused.getAttribute('aria-label') ?? focused.textContent?.trim().slice(0, 30) ?? focused.tagName;
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 ? 'outlined' : `no outline on ${name}`;
    }));
  }
  expect(outlined.filter((line) => line !== 'outlined')).toEqual([]);
  // The step links are in the tab order and take the focus to their step.
  const modelLink = page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: /Model/ });
  await modelLink.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#step-model$/);
});
