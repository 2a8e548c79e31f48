import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openStudio, setInputSize, train } from './studio';
import { png } from './fixtures/imageFiles';

/** Seeded noise: the labels mean nothing, so whatever the network learns is memorisation. */
function noiseImage(seed: number): Buffer {
  let state = seed * 2654435761 >>> 0;
  const next = () => ((state = (state * 1664525 + 1013904223) >>> 0) >>> 24);
  return png(32, 32, 2, 8, () => [next(), next(), next()]);
}

test('a deliberately overfitting setup (noise images, half of them held out, many epochs) raises the overfitting diagnosis', async ({ page }) => {
  await openStudio(page);
  const root = test.info().outputPath('noise');
  for (const [c, name] of ['left', 'right'].entries()) {
    for (let i = 0; i < 30; i++) {
      const file = path.join(root, name, `${i}.png`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, noiseImage(c * 1000 + i + 1));
    }
  }
  await page.getByLabel('Image folder').setInputFiles(root);
  const view = page.getByRole('region', { name: /Dataset: noise/ });
  await expect(view.getByLabel('Dataset summary')).toContainText('60 images in 2 classes', { timeout: 60_000 });
  await view.getByRole('spinbutton', { name: 'Validation %' }).fill('50');
  await view.getByRole('spinbutton', { name: 'Validation %' }).press('Enter');
  await view.getByRole('button', { name: 'Apply split' }).click();
  await expect(view.getByLabel('Dataset summary')).toContainText('30 training, 30 validation');
  await expect(page.getByText(/photos stored at up to 256 px; 30 training and 30 validation images/)).toBeVisible({ timeout: 60_000 });
  await setInputSize(page, 32);

  const batch = page.getByRole('spinbutton', { name: 'Batch size' });
  await batch.fill('4');
  await batch.press('Enter');
  await train(page, 12);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 240_000 });
  const banner = page.getByRole('note', { name: 'Overfitting' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(/epoch 12: train accuracy (8\d|9\d|100)%, validation \d+%/);
  await expect(banner).toContainText('Add augmentation or mixup');
});
