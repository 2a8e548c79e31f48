import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openStudio, showAdvancedSettings } from './studio';

test('augmentation panel: a preset fills every control, the preview follows, the cache note says what changes, a settings file carries each value', async ({ page }) => {
  await openStudio(page);
  // The panel sits in Train › Regularisation, folded by default.
  await showAdvancedSettings(page);
  const panel = page.getByRole('group', { name: 'Augmentation presets' });
  await expect(page.getByRole('note', { name: 'Augmentation and the feature cache' })).toHaveCount(0);
  await panel.getByRole('button', { name: 'Strong augmentation' }).click();
  await expect(page.getByRole('spinbutton', { name: 'Rotation up to ± degrees' })).toHaveValue('15');
  await expect(page.getByRole('spinbutton', { name: 'Erasing probability' })).toHaveValue('0.25');
  await expect(page.getByRole('note', { name: 'Augmentation and the feature cache' })).toContainText('training images');
  const preview = page.getByRole('list', { name: 'Live augmentation preview' });
  await expect(preview.getByRole('listitem')).toHaveCount(8);
  const before = await preview.locator('canvas').first().evaluate((c: HTMLCanvasElement) => c.toDataURL());
  const rotation = page.getByRole('spinbutton', { name: 'Rotation up to ± degrees' });
  await rotation.fill('90');
  await rotation.press('Enter');
  const cutmix = page.getByRole('spinbutton', { name: 'CutMix α (Beta)' });
  await cutmix.fill('0.7');
  await cutmix.press('Enter');
  await expect.poll(() => preview.locator('canvas').first().evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(before);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Download settings/ }).click();
  const file = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { training: { augmentationOps: { rotationDegrees: number; cutmixAlpha: number; randomErasing: { probability: number } } } };
  expect(file.training.augmentationOps).toMatchObject({ rotationDegrees: 90, cutmixAlpha: 0.7, randomErasing: { probability: 0.25 } });
});
