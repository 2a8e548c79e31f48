import { expect, type Page } from '@playwright/test';

/** Opens the studio on a forced backend and waits until the engine runs on it. */
export async function openStudio(page: Page, backend: 'webgpu' | 'webgl' = 'webgl'): Promise<void> {
  await page.goto(`/?backend=${backend}`);
  await expect(page.getByRole('status', { name: 'Active backend' })).toHaveAttribute('data-backend', backend, { timeout: 120_000 });
}

/** Sets the epoch count and presses Train. */
export async function train(page: Page, epochs: number): Promise<void> {
  const field = page.getByRole('spinbutton', { name: 'Epochs', exact: true });
  await field.fill(String(epochs));
  await field.press('Enter');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
}

/** Sets a from-scratch model's input size and waits until the rebuilt model takes it. */
export async function setInputSize(page: Page, size: number): Promise<void> {
  const field = page.getByRole('spinbutton', { name: 'Input size (px)' });
  await field.fill(String(size));
  await field.press('Enter');
  await expect(page.getByRole('status', { name: 'Model input' })).toContainText(`${size}×${size} px`, { timeout: 60_000 });
}

/** Shows the model's blocks as the list of switches (the diagram is the default view); the choice is remembered in the browser. */
export async function showLayerList(page: Page): Promise<void> {
  const list = page.getByRole('group', { name: 'Show the layers as' }).getByRole('button', { name: 'List', exact: true });
  await list.click();
  await expect(list).toHaveAttribute('aria-pressed', 'true');
}

/**
 * Opens every fold of advanced settings (optimizer details, regularisation, callbacks, head options):
 * they start closed, and a closed <details> hides its controls from getByRole.
 */
export async function showAdvancedSettings(page: Page): Promise<void> {
  await expect(page.locator('details.disclosure').first()).toBeAttached();
  const closed = page.locator('details.disclosure:not([open]) > summary');
  // Clicked as a user would, one at a time: each click takes one fold out of `closed`.
  for (let left = await closed.count(); left > 0; left = await closed.count()) await closed.first().click();
}
