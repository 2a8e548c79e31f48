import { expect, test } from '@playwright/test';

// A first visit: no dismissed flag (the other specs start with the tour dismissed, see playwright.config.ts).
test.use({ storageState: { cookies: [], origins: [] } });

test('a first visit offers the tour; it walks the steps, can be skipped, and never returns after a reload', async ({ page }) => {
  await page.goto('/?backend=webgl');
  const offer = page.getByRole('dialog', { name: 'New here? A 30-second tour' });
  await expect(offer).toBeVisible();
  // Focus is moved into the card, so a keyboard user lands on it.
  await expect(offer.getByRole('heading')).toBeFocused();

  await offer.getByRole('button', { name: 'Start the tour' }).click();
  const card = page.getByRole('dialog', { name: /^1 of 5: Data$/ });
  await expect(card).toContainText('sample dataset');
  await expect(page.locator('#step-data')).toHaveClass(/tour-target/);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('dialog', { name: /^2 of 5: Model$/ })).toBeVisible();
  await expect(page.locator('#step-model')).toHaveClass(/tour-target/);
  await expect(page.locator('#step-data')).not.toHaveClass(/tour-target/);

  // Esc closes it for good, like "Skip the tour".
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('.tour-target')).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('status', { name: 'Active backend' })).toHaveAttribute('data-backend', 'webgl', { timeout: 120_000 });
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('"Skip the tour" on the offer dismisses it for good', async ({ page }) => {
  await page.goto('/?backend=webgl');
  await page.getByRole('button', { name: 'Skip the tour' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Data', level: 2 })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
