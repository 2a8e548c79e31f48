import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { expectBackend, openStudio, setInputSize, STUDIO_BACKEND, train } from './studio';
import { bmp, browserImage, decompressionBombPng, png, solid, tinyGif, withExifOrientation } from './fixtures/imageFiles';

function writeTree(root: string, files: Record<string, Buffer | string>): string {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

/** Distinct, valid PNGs: `count` per class, each a different colour so none is a duplicate. */
function pngClasses(classes: string[], count: number, prefix = '', salt = 0): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  classes.forEach((name, c) => {
    for (let i = 0; i < count; i++) files[`${prefix}${name}/${name}-${i}.png`] = png(16, 12, 2, 8, solid(i % 256, c * 90 + salt, Math.floor(i / 256)));
  });
  return files;
}

async function storedImageKeys(page: Page): Promise<number> {
  return page.evaluate(() => new Promise<number>((resolve, reject) => {
    const open = indexedDB.open('thaw-dataset-images');
    open.onerror = () => reject(new Error(String(open.error)));
    open.onsuccess = () => {
      const request = open.result.transaction('images').objectStore('images').count();
      request.onsuccess = () => { resolve(request.result); open.result.close(); };
      request.onerror = () => reject(new Error(String(request.error)));
    };
  }));
}

const report = (page: Page) => page.getByRole('status', { name: 'Import report' });

test('a hostile folder imports its good images, lists every skipped file with its reason, survives a reload and trains', async ({ page }) => {
  await openStudio(page);
  const red = png(40, 30, 2, 8, solid(220, 30, 30));
  const root = writeTree(test.info().outputPath('hostile'), {
    'cats/red.png': red,
    'cats/gray16.png': png(20, 20, 0, 16, (x, y) => [(x * 12 + y) % 256]),
    'cats/rgba.png': png(20, 20, 6, 8, (x) => [10, 200, 10, x < 10 ? 0 : 255]),
    'cats/rotated.jpg': withExifOrientation(await browserImage(page, 'image/jpeg', 40, 20, [200, 200, 0]), 6),
    'cats/nested/deep.bmp': bmp(10, 8, solid(0, 0, 200)),
    'cats/huge.jpg': await browserImage(page, 'image/jpeg', 6000, 4000, [250, 140, 0]),
    'cats/<b>x</b>.png': png(8, 8, 2, 8, solid(90, 90, 90)),
    'cats/dup.png': red,
    'cats/.DS_Store': 'binary junk',
    'cats/._red.png': 'AppleDouble',
    'cats/empty.jpg': Buffer.alloc(0),
    'cats/truncated.png': red.subarray(0, Math.floor(red.length / 2)),
    'cats/notes.txt': 'hello',
    'cats/fake.jpg': 'this is text, not a JPEG',
    'cats/bomb.png': decompressionBombPng(),
    'cats/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'cats/photo.heic': Buffer.from('0000001866747970686569630000000068656963', 'hex'),
    'dogs/ünïcødé 犬.gif': tinyGif,
    'dogs/blue.png': png(30, 30, 2, 8, solid(20, 40, 230)),
    'dogs/green.webp': await browserImage(page, 'image/webp', 24, 24, [0, 180, 0]),
    'dogs/brown.png': png(30, 30, 2, 8, solid(120, 70, 20)),
    'stray.jpg': await browserImage(page, 'image/jpeg', 8, 8, [1, 2, 3]),
  });

  await page.getByLabel('Image folder').setInputFiles(root);
  await expect(report(page)).toContainText('Imported 11 images into “hostile”; 10 skipped, 1 duplicate.', { timeout: 60_000 });
  const skipped = page.getByRole('table', { name: 'Skipped files of the last import' });
  const reasons = Object.fromEntries(await skipped.locator('tbody tr').evaluateAll((rows): [string, string][] =>
    rows.map((row) => [row.children[0]?.textContent ?? '', row.children[1]?.textContent ?? ''])));
  expect(reasons).toEqual({
    'hostile/cats/.DS_Store': 'hidden or system file',
    'hostile/cats/._red.png': 'hidden or system file',
    'hostile/cats/empty.jpg': 'empty file (0 bytes)',
    'hostile/cats/logo.svg': 'SVG (vector) images are not supported',
    'hostile/cats/notes.txt': 'not an image file (.txt)',
    'hostile/cats/photo.heic': 'HEIC/HEIF cannot be decoded by the browser: export it as JPEG',
    'hostile/stray.jpg': 'not inside a class folder',
    'hostile/cats/bomb.png': 'too large to decode safely: 30000×30000 px (limit 100 megapixels)',
    'hostile/cats/fake.jpg': 'not a readable image (unknown or damaged header)',
    'hostile/cats/truncated.png': 'truncated or damaged file (its end is missing)',
    'hostile/cats/red.png': 'duplicate of hostile/cats/dup.png (kept once)',
  });
  // Names are text: the markup-like name shows literally and makes no element.
  await expect(page.getByRole('img', { name: 'hostile/cats/<b>x</b>.png' })).toBeVisible();
  await expect(page.locator('.dataset-view b')).toHaveCount(0);

  const view = page.getByRole('region', { name: /Dataset: hostile/ });
  await expect(view.getByRole('list', { name: 'Images of cats' }).getByRole('img')).toHaveCount(7);
  // A 6000×4000 photo is stored at 256 px on its longest side.
  const huge = view.getByRole('img', { name: 'hostile/cats/huge.jpg' });
  await expect.poll(() => huge.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([256, 171]);
  await expect(view.getByRole('list', { name: 'Images of dogs' }).getByRole('img')).toHaveCount(4);
  await expect(view.getByRole('img', { name: 'hostile/dogs/ünïcødé 犬.gif' })).toBeVisible();
  // EXIF orientation 6: the 40×20 picture is stored upright, 20 wide and 40 high.
  const rotated = view.getByRole('img', { name: 'hostile/cats/rotated.jpg' });
  await expect.poll(() => rotated.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([20, 40]);
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue(/.+/);
  await expect(page.getByRole('combobox', { name: 'Dataset' }).locator('option:checked')).toHaveText('hostile (11 images)');

  await page.reload();
  await expect(page.getByRole('status', { name: 'Active backend' })).toHaveAttribute('data-backend', /webgpu|webgl|cpu/, { timeout: 120_000 });
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'hostile (11 images)' });
  await expect(page.getByText(/2 classes \(cats, dogs\), photos stored at up to 256 px; 9 training and 2 validation images/)).toBeVisible({ timeout: 60_000 });
  // One size: a from-scratch model on photos starts at 64 px; the Data panel has no size of its own.
  await expect(page.getByRole('spinbutton', { name: 'Input size (px)' })).toHaveValue('64');
  await expect(page.getByRole('combobox', { name: 'Image size' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Inspect dataset' }).click();
  await expect(page.getByRole('region', { name: /Dataset: hostile/ }).getByRole('img', { name: 'hostile/cats/dup.png' })).toBeVisible();
  await setInputSize(page, 32);
  // 9 training images make one step an epoch, so the run has many epochs for the reload to land inside it.
  await train(page, 30);
  // Reloaded mid-run, the run on the imported dataset resumes from IndexedDB like one on the sample.
  await expect(page.getByLabel('Last checkpoint')).toContainText(/epoch ([1-9]|1\d) of 30/, { timeout: 200_000 });
  await page.reload();
  await expect(page.getByLabel('Last checkpoint')).toContainText(/Unfinished run saved: .* on hostile/, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Resume saved run' }).click();
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });
  await expect(page.locator('td[data-metric="epoch"]')).toHaveText(Array.from({ length: 30 }, (_, i) => String(i + 1)));
  await expect(page.getByRole('combobox', { name: 'Dataset' }).locator('option:checked')).toHaveText('hostile (11 images)');
  await expect(page.getByRole('spinbutton', { name: 'Input size (px)' })).toHaveValue('32');
});

test('a zip with train/val folders keeps its split; edits persist', async ({ page }) => {
  await openStudio(page);
  const files = { ...pngClasses(['ants', 'bees'], 6, 'insects/train/'), ...pngClasses(['ants', 'bees'], 2, 'insects/val/', 1) };
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, new Uint8Array(data)])));
  const zipPath = test.info().outputPath('insects.zip');
  writeFileSync(zipPath, zip);
  await page.getByLabel('Dataset zip').setInputFiles(zipPath);
  await expect(report(page)).toContainText('Imported 16 images into “insects”; 0 skipped, 0 duplicates.', { timeout: 60_000 });
  const view = page.getByRole('region', { name: /Dataset: insects/ });
  await expect(view.getByLabel('Dataset summary')).toContainText('16 images in 2 classes: 12 training, 4 validation');

  await view.getByRole('textbox', { name: 'Name of class bees' }).fill('honey bees');
  await view.getByRole('textbox', { name: 'Name of class bees' }).press('Enter');
  await expect(view.getByRole('list', { name: 'Images of honey bees' }).getByRole('img')).toHaveCount(8);
  await view.getByRole('button', { name: 'Remove insects/val/ants/ants-0.png' }).click();
  await expect(view.getByLabel('Dataset summary')).toContainText('15 images in 2 classes: 12 training, 3 validation');
  await view.getByLabel('Images to add to ants').setInputFiles([
    { name: 'new-ant.png', mimeType: 'image/png', buffer: png(10, 10, 2, 8, solid(1, 2, 250)) },
    { name: 'copy.png', mimeType: 'image/png', buffer: files['insects/train/ants/ants-1.png']! },
  ]);
  await expect(report(page)).toContainText('Imported 1 image into “insects”; 0 skipped, 1 duplicate.');
  await expect(report(page).getByRole('cell', { name: 'duplicate of insects/train/ants/ants-1.png (kept once)' })).toBeVisible();
  await expect(view.getByRole('table', { name: 'Files skipped when importing this dataset' }).getByRole('cell', { name: 'duplicate of insects/train/ants/ants-1.png (kept once)' })).toBeVisible();
  await expect(view.getByRole('list', { name: 'Images of ants' }).getByRole('img')).toHaveCount(8);

  await page.reload();
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'insects (16 images)' });
  await page.getByRole('button', { name: 'Inspect dataset' }).click();
  await expect(page.getByRole('list', { name: 'Images of honey bees' }).getByRole('img')).toHaveCount(8);

  // A zip dropped on the import zone.
  const pets = zipSync(Object.fromEntries(Object.entries(pngClasses(['cat', 'dog', 'fox'], 3, '', 7)).map(([name, data]) => [name, new Uint8Array(data)])));
  const dataTransfer = await page.evaluateHandle((bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'pets.zip', { type: 'application/zip' }));
    return transfer;
  }, [...pets]);
  await page.getByRole('region', { name: 'Import images' }).dispatchEvent('drop', { dataTransfer });
  await expect(report(page)).toContainText('Imported 9 images into “pets”; 0 skipped, 0 duplicates.', { timeout: 60_000 });
  await expect(page.getByRole('region', { name: /Dataset: pets/ }).getByRole('list', { name: 'Images of fox' }).getByRole('img')).toHaveCount(3);
});

test('cancelling an import mid-way keeps nothing of it; a full disk or a crashed import worker leaves earlier datasets intact', async ({ page }) => {
  await openStudio(page, STUDIO_BACKEND, '&faults=1');
  const small = writeTree(test.info().outputPath('first'), pngClasses(['a', 'b'], 3));
  await page.getByLabel('Image folder').setInputFiles(small);
  await expect(report(page)).toContainText('Imported 6 images', { timeout: 60_000 });
  expect(await storedImageKeys(page)).toBe(6);

  const big = writeTree(test.info().outputPath('big'), pngClasses(['x', 'y'], 400));
  await page.getByLabel('Image folder').setInputFiles(big);
  const progress = page.getByRole('progressbar', { name: 'Import progress' });
  await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 60_000 }).toBeGreaterThan(20);
  await page.getByRole('button', { name: 'Cancel import' }).click();
  await expect(report(page)).toContainText('Import cancelled: nothing of it was kept');
  expect(await storedImageKeys(page)).toBe(6);
  await expect(page.getByRole('combobox', { name: 'Dataset' }).locator('option')).toHaveText(['Built-in sample: shapes', 'first (6 images)']);

  await page.evaluate(() => window.thawFaults!.simulateStorageFull(40));
  await page.getByLabel('Image folder').setInputFiles(writeTree(test.info().outputPath('more'), pngClasses(['m', 'n'], 40)));
  await expect(report(page)).toContainText(/Storage is full: the import stopped after \d+ images and nothing of it was kept/, { timeout: 60_000 });
  expect(await storedImageKeys(page)).toBe(6);
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Dataset' }).locator('option')).toHaveText(['Built-in sample: shapes', 'first (6 images)']);

  // The import worker dies mid-import: the studio says so, keeps its datasets, and the next import works.
  await expectBackend(page);
  await page.getByLabel('Image folder').setInputFiles(big);
  await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 60_000 }).toBeGreaterThan(20);
  await page.evaluate(() => window.thawFaults!.simulateImporterCrash());
  await expect(page.getByRole('alert').filter({ hasText: 'The import stopped: ' })).toContainText('simulated import worker crash');
  await expect(progress).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Dataset' }).locator('option')).toHaveText(['Built-in sample: shapes', 'first (6 images)']);
  await page.getByLabel('Image folder').setInputFiles(writeTree(test.info().outputPath('after'), pngClasses(['p', 'q'], 2, '', 3)));
  await expect(report(page)).toContainText('Imported 4 images into “after”', { timeout: 60_000 });
});
