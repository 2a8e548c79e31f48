import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openStudio, setSampleSize, train } from './studio';

test('"Compare strategies" trains three runs that fill the sortable runs table, overlaid, exported and kept across a reload', async ({ page }) => {
  await openStudio(page);
  await setSampleSize(page, 20);
  const epochs = page.getByRole('spinbutton', { name: 'Epochs', exact: true });
  await epochs.fill('2');
  await epochs.press('Enter');
  await page.getByRole('button', { name: 'Compare strategies' }).click();
  await expect(page.getByRole('status', { name: 'Comparison progress' })).toContainText('1 of 3, Feature extraction');

  const table = page.getByRole('table', { name: 'Runs' });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(3, { timeout: 300_000 });
  await expect(page.getByRole('status', { name: 'Comparison progress' })).toHaveCount(0, { timeout: 300_000 });
  await expect(rows.locator('[data-metric="status"]')).toHaveText(['finished', 'finished', 'finished']);
  const labels = await rows.locator('.run-label').allTextContents();
  expect(labels.map((l) => l.replace(/ \(compare .*\)$/, ''))).toEqual([
    'Feature extraction', 'Early unfreeze (thaw all after epoch 1, backbone LR ×0.1)', 'Fine-tune from the start',
  ]);
  // Trainable share: the head only; the head, then every block after epoch 1; every block throughout
  // (BatchNorm's moving statistics never train, so "every block" is just under 100%).
  const trainable = await rows.locator('td:nth-child(8)').allTextContents();
  expect(trainable[0]).toMatch(/^\d\.\d%$/);
  expect(trainable[2]).toMatch(/^9\d\.\d%$/);
  // Each share in the user's locale, with its own percent sign ("1.3% → 99.0%").
  expect(trainable[1]).toBe(`${trainable[0]} → ${trainable[2]}`);

  const legend = page.getByRole('figure', { name: 'Runs overlay chart' }).locator('.chart-legend-item');
  await expect(legend).toHaveCount(3);
  await expect(page.getByRole('figure', { name: 'Runs overlay chart' }).locator('path.recharts-line-curve')).toHaveCount(3);
  await page.getByRole('checkbox', { name: /^Overlay Feature extraction/ }).uncheck();
  await expect(legend).toHaveCount(2);

  // One meaning of best: the checkpoint's monitor (validation loss by default) names the column.
  await table.getByRole('button', { name: 'Best (val loss)' }).click();
  await expect(table.getByRole('columnheader', { name: /Best \(val loss\)/ })).toHaveAttribute('aria-sort', 'descending');
  const best = (await rows.locator('[data-metric="bestEpochAccuracy"]').allTextContents()).map((t) => parseFloat(t));
  expect(best).toEqual([...best].sort((a, b) => b - a));
  await table.getByRole('button', { name: /Best \(val loss\)/ }).click();
  await expect(table.getByRole('columnheader', { name: /Best \(val loss\)/ })).toHaveAttribute('aria-sort', 'ascending');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download runs (.csv)' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\r\n');
  expect(csv).toHaveLength(4);
  expect(csv[0]).toMatch(/^id,label,status,/);
  expect(csv[2]).toMatch(/Early unfreeze.*,finished,.*thawed Stem/);

  await page.reload();
  await expect(page.getByRole('table', { name: 'Runs' }).locator('tbody tr')).toHaveCount(3);
});

test('runs downloaded as JSON import back into the table; a tampered run is skipped with its field named', async ({ page }) => {
  // The schemas must not try eval (zod's fast path), which the page's policy refuses and reports.
  await page.addInitScript(() => {
    const violations: string[] = [];
    Object.assign(window, { cspViolations: violations });
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await openStudio(page);
  await setSampleSize(page, 20);
  await train(page, 1);
  const table = page.getByRole('table', { name: 'Runs' });
  const rows = table.locator('tbody tr');
  await expect(rows.locator('[data-metric="status"]')).toHaveText(['finished'], { timeout: 300_000 });
  const label = (await rows.locator('.run-label').textContent()) ?? '';
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download runs (.json)' }).click();
  const exported = readFileSync(await (await download).path(), 'utf8');

  await page.getByRole('button', { name: `Delete run ${label}` }).click();
  await expect(table).toHaveCount(0);
  const importRuns = page.getByLabel('Import runs');
  const report = page.getByRole('status', { name: 'Run import report' });
  await importRuns.setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await expect(report).toContainText('runs.json: 1 run(s) added');
  await expect(rows.locator('.run-label')).toHaveText([label]);
  await expect(rows.locator('[data-metric="status"]')).toHaveText(['finished']);
  // Ticked onto the overlay chart, as a recorded run is.
  await expect(page.getByRole('checkbox', { name: `Overlay ${label}` })).toBeChecked();
  await expect(page.getByRole('figure', { name: 'Runs overlay chart' }).locator('.chart-legend-item')).toHaveText([label]);

  // A student's file edited by hand: the run already imported, and a copy claiming a negative epoch count.
  const file = JSON.parse(exported) as { runs: { id: string; label: string; config: Record<string, unknown> }[] };
  const [run] = file.runs;
  expect(run).toBeDefined();
  if (!run) return;
  file.runs = [run, { ...run, id: 'tampered', label: 'Tampered copy', config: { ...run.config, epochs: -3 } }];
  await importRuns.setInputFiles({ name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(report).toContainText('tampered.json: 0 run(s) added, 2 skipped');
  await expect(report.getByRole('listitem')).toHaveText([
    `run 1 (${label}): already in the table`,
    'run 2 (Tampered copy): config.epochs: must be ≥ 1 (got -3)',
  ]);
  await expect(rows).toHaveCount(1);

  await importRuns.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"kind": "thaw-settings"}') });
  await expect(page.getByRole('region', { name: 'Experiments' }).getByRole('alert')).toContainText('notes.json: This is not a Thaw runs file');

  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);

  await page.reload();
  await expect(page.getByRole('table', { name: 'Runs' }).locator('.run-label')).toHaveText([label]);
});
