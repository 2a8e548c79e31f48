import { expect, type Page } from '@playwright/test';

type Backend = 'webgpu' | 'webgl' | 'cpu';

/**
 * The backend the tests of the studio's own behaviour train on: tfjs' CPU kernels, which the studio offers as a
 * backend too. There is no GPU on CI, so WebGL and WebGPU run through SwiftShader, which spends about 25 s
 * compiling shaders before each page's first step; the CPU backend compiles nothing. The tests whose subject is a
 * GPU backend (training on WebGPU and WebGL, a lost device, the fallback, MobileNet on the real photos at 224 px)
 * name theirs.
 */
export const STUDIO_BACKEND: Backend = 'cpu';

/** Opens the studio on a forced backend and waits until the engine runs on it. */
export async function openStudio(page: Page, backend: Backend = STUDIO_BACKEND, query = ''): Promise<void> {
  await page.goto(`/?backend=${backend}${query}`);
  await expectBackend(page, backend);
}

/** Waits until the engine reports that it runs on `backend` (after opening, a reload or a restart). */
export async function expectBackend(page: Page, backend: Backend = STUDIO_BACKEND): Promise<void> {
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

/**
 * Draws the built-in sample again with `imagesPerClass` images of each class (the Data step's field) and waits
 * until the engine holds it: tests whose point is not the amount of data train on fewer images.
 */
export async function setSampleSize(page: Page, imagesPerClass: number): Promise<void> {
  const field = page.getByRole('spinbutton', { name: 'Images per class' });
  await field.fill(String(imagesPerClass));
  await field.press('Enter');
  const summary = page.getByText(/ training and \d+ validation images/);
  await expect.poll(async () => {
    const numbers = /(\d+) training and (\d+) validation images(?:, (\d+) test)?/.exec((await summary.textContent()) ?? '');
    return numbers ? numbers.slice(1).reduce((total, n) => total + Number(n ?? 0), 0) : 0;
  }, { timeout: 60_000 }).toBe(5 * imagesPerClass);
}
