import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openStudio, setSampleSize, train } from './studio';
import { compareWithStudio, downloadExport, hasPhotos, onnxPredictions, photoPictures, PHOTOS, studioPredictions, teachableMachinePredictions, type Picture } from './fixtures/runtimes';

const sharedModel = path.resolve(import.meta.dirname, '..', '..', 'shared', 'models', 'mobilenet_v1_0.25_224', 'model.json');
const hasSharedModel = existsSync(sharedModel);
if (!hasPhotos) console.warn(`! ${PHOTOS} is absent: the export runtime tests are skipped.`);
if (!hasSharedModel) console.warn(`! ${sharedModel} is absent: the 224 px MobileNet export test is skipped.`);

/** Each export in the runtime it promises, on the same pictures as the studio's Predict panel. */
async function checkRuntimes(page: Page, pictures: Picture[]): Promise<void> {
  const studio = await studioPredictions(page, pictures);

  const tm = await downloadExport(page, 'Teachable Machine');
  expect(tm.name).toMatch(/-teachable-machine\.zip$/);
  const tmDifference = compareWithStudio(studio, await teachableMachinePredictions(page.context(), tm.files, pictures), 'Teachable Machine');
  expect(tmDifference).toBeLessThanOrEqual(1e-3);

  const onnx = await downloadExport(page, 'ONNX');
  expect(Object.keys(onnx.files).sort()).toEqual(['README.txt', 'labels.json', 'model.onnx', 'preprocessing.json']);
  const onnxDifference = compareWithStudio(studio, await onnxPredictions(page.context(), onnx.files, pictures), 'ONNX Runtime');
  expect(onnxDifference).toBeLessThanOrEqual(1e-4);
  const figures = `Teachable Machine ${tmDifference.toExponential(2)}, ONNX Runtime ${onnxDifference.toExponential(2)} on ${pictures.length} photos`;
  test.info().annotations.push({ type: 'max |Δ| vs the studio', description: figures });
  console.log(`max |Δ| of probabilities vs the studio: ${figures}`);
}

test('a trained small CNN (32 px) runs in Teachable Machine\'s library on tfjs 1.3.1 and in ONNX Runtime as it does in the studio, on 20 photos', async ({ page }) => {
  test.skip(!hasPhotos, `${PHOTOS} is absent`);
  await openStudio(page);
  await setSampleSize(page, 20);
  await train(page, 2);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 200_000 });
  await checkRuntimes(page, await photoPictures(page, 32, 20));
});

test('MobileNet v1 0.25 at its own 224 px runs in Teachable Machine\'s library and in ONNX Runtime as in the studio, on 20 photos', async ({ page }) => {
  test.skip(!hasPhotos || !hasSharedModel, 'the shared photos or MobileNet weights are absent');
  test.setTimeout(400_000);
  await page.goto('/?backend=webgl&modelBase=/__shared/models/');
  await expect(page.getByRole('status', { name: 'Active backend' })).toHaveAttribute('data-backend', 'webgl', { timeout: 120_000 });
  await page.getByRole('combobox', { name: 'Model' }).selectOption('mobilenet-v1-0.25');
  await page.getByRole('combobox', { name: 'Input size' }).selectOption('224');
  await expect(page.getByRole('status', { name: 'Model input' })).toContainText('224×224 px', { timeout: 120_000 });
  // The head as built (seeded): what is checked is the whole network's arithmetic in each runtime, not its accuracy.
  await checkRuntimes(page, await photoPictures(page, 224, 20));
});
