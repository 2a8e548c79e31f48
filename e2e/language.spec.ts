import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openStudio, setSampleSize, showAdvancedSettings, train } from './studio';
import { png, solid } from './fixtures/imageFiles';

/**
 * Words that only English uses among what the studio shows: one of them in a visible text node once the
 * page is in French is a string that missed the catalogue. (Words French shares, like "validation",
 * "image" or "classes", are left out on purpose; names such as Adam or WebGPU are not words.)
 */
const ENGLISH_WORDS = new Set([
  'the', 'and', 'of', 'with', 'to', 'for', 'your', 'from', 'into', 'this', 'that', 'is', 'are', 'not', 'no', 'yet', 'per', 'each', 'at',
  'pick', 'import', 'choose', 'show', 'hide', 'download', 'load', 'loading', 'settings', 'train', 'training', 'trained', 'trainable',
  'frozen', 'freeze', 'thaw', 'thawed', 'step', 'steps', 'epoch', 'epochs', 'model', 'dataset', 'datasets', 'loss', 'accuracy',
  'learning', 'rate', 'batch', 'size', 'class', 'weights', 'best', 'checkpoint', 'run', 'runs', 'ready', 'finished',
  'stop', 'resume', 'camera', 'predict', 'prediction', 'evaluate', 'use', 'data', 'layers', 'block', 'blocks', 'head',
  'smoothed', 'memory', 'about', 'new', 'built-in', 'sample', 'shapes', 'split', 'apply', 'seed', 'storage', 'used',
  'available', 'drop', 'folder', 'folders', 'here', 'or', 'compare', 'strategies', 'delete', 'overlay', 'started', 'status',
]);

/**
 * What may stay as it is: names the user or the sample gave, and the names a run or checkpoint was
 * recorded with (its model, dataset and run label are stored as they were written, in English here).
 */
const DATA = [
  /^Thaw$/, /\b(circle|square|triangle|cross|ring)\b/g, /Sample shapes \(\d+ px, seed \d+\)/g,
  /Small CNN \(from scratch\)(, \w+ lr [\d.e-]+, \d+ epochs)?/g,
];

/** The visible text nodes of one step section, each with the English words it holds. */
async function englishIn(page: Page, selector: string): Promise<string[]> {
  const texts = await page.locator(selector).evaluate((root) => {
    const found: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim() ?? '';
      if (!parent || text === '' || !parent.checkVisibility({ visibilityProperty: true })) continue;
      // Form values and chart ticks are not words; <option>s are read as the select shows them.
      if (parent.closest('svg, code, .adapter') || parent.tagName === 'OPTION') continue;
      found.push(text);
    }
    for (const select of root.querySelectorAll('select')) found.push(select.selectedOptions[0]?.textContent ?? '');
    return found;
  });
  return texts.filter((text) => words(DATA.reduce((rest, name) => rest.replace(name, ''), text)).some((word) => ENGLISH_WORDS.has(word)));
}

/** The words of a text; folder names (train/) and file names (model.json) are names, not words. */
function words(text: string): string[] {
  return text.toLowerCase().replace(/[\p{L}\d_-]+\//gu, '').replace(/[\p{L}\d_-]+\.[a-z]+/gu, '').split(/[^\p{L}-]+/u);
}

const STEPS = ['#step-data', '#step-model', '#step-train', '#step-evaluate', '#step-use', '.app-header', '.step-nav'];

test('switching to French translates every visible string of each step; switching back restores English', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await setSampleSize(page, 20);
  await train(page, 1);
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await showAdvancedSettings(page);

  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { name: 'Données', level: 2 })).toBeVisible();
  const left: Record<string, string[]> = {};
  for (const step of STEPS) {
    const english = await englishIn(page, step);
    if (english.length > 0) left[step] = english;
  }
  expect(left, 'English text left in French').toEqual({});
  // Numbers follow the language: the French decimal comma in the epoch table.
  await expect(page.getByRole('table', { name: 'Historique des époques' }).locator('[data-metric="trainLoss"]').first()).toHaveText(/^\d+,\d{4}$/);

  await page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  for (const [name, step] of [['Data', 1], ['Model', 2], ['Train', 3], ['Evaluate', 4], ['Use', 5]] as const) {
    await expect(page.locator(`#step-${name.toLowerCase()} h2`)).toHaveText(`${step}${name}`);
  }
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Epoch history' }).locator('[data-metric="trainLoss"]').first()).toHaveText(/^\d+\.\d{4}$/);
});

test('in French, what the workers say is French: the memory refusal, and an import\'s skip reasons and notes', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  // Set up as e2e/memory.spec.ts does, in English; the refusal itself comes once the page is French.
  await showAdvancedSettings(page);
  const limit = page.getByRole('spinbutton', { name: 'Memory limit (GB, 0 = as the browser reports)' });
  await limit.fill('0.25');
  await limit.press('Enter');
  await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption({ label: 'Thaw Shapes CNN (built-in, pretrained)' });
  await page.getByRole('combobox', { name: 'Input size' }).selectOption('128');

  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const batch = page.getByRole('spinbutton', { name: 'Taille de lot', exact: true });
  await batch.fill('256');
  await batch.press('Enter');
  // Worded by the engine worker, with its figures in French (decimal comma, Mo). A refusal worded before the
  // switch would stay English: the batch changed after it asks the engine again.
  await expect(page.getByRole('alert', { name: 'Estimation de la mémoire' })).toHaveText(
    /^Entraîner un lot de \d+ à 128 px demanderait environ [\d,]+ (Mo|Go) \(sorties des couches : .*\), plus que la limite de mémoire réglée dans le studio \(256,0 Mo\)\. Réglez Entraîner › Taille de lot à \d+ ou moins(, ou Modèle › Taille d'entrée à \d+ px ou moins)?\.$/,
    { timeout: 120_000 },
  );

  // Worded by the import worker: why a file was skipped, and the note on a class folder's long name.
  const longName = 'n'.repeat(120);
  const root = test.info().outputPath('melange');
  const files: Record<string, Buffer | string> = {
    'chats/rouge.png': png(16, 12, 2, 8, solid(220, 30, 30)),
    [`${longName}/bleu.png`]: png(16, 12, 2, 8, solid(20, 40, 230)),
    'chats/notes.txt': 'bonjour',
  };
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
  await page.getByLabel("Dossier d'images").setInputFiles(root);
  await expect(page.getByRole('status', { name: "Rapport d'import" })).toContainText('2 images importées dans « melange »', { timeout: 60_000 });
  await expect(page.getByRole('table', { name: 'Fichiers ignorés lors du dernier import' }).locator('tbody tr')).toHaveText(['melange/chats/notes.txtpas un fichier image (.txt)']);
  await expect(page.getByRole('list', { name: "Notes d'import" })).toContainText(/Le dossier de classe « n+… » a un nom de 120 caractères : importé comme classe « n+… » \(les noms de classe ont au plus 100 caractères\)/);
});

test('in French, what the stores say is French: a settings file and a runs file refused field by field', async ({ page }) => {
  await openStudio(page);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

  // The contract knows why a field is wrong; the page words it in French (the field and the file's value stay as written).
  const settings = { kind: 'thaw-settings', version: 1, training: { epochs: 'x', couleur: 1, optimizer: 'lion' } };
  await page.getByLabel('Charger des réglages (.json)').setInputFiles({ name: 'exercice.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(settings)) });
  await expect(page.getByRole('status', { name: 'Rapport du fichier de réglages' }).getByRole('listitem')).toHaveText([
    'Fichier de réglages : ignoré training.epochs: "x" n\'est pas un nombre entier de 1 à 1000',
    'Fichier de réglages : ignoré training.couleur: pas un réglage',
    /^Fichier de réglages : ignoré training\.optimizer: "lion" n'est pas l'une des valeurs /,
  ]);

  const run = { version: 1, id: 'r1', label: 'Ana', status: 'exploded' };
  await page.getByLabel('Importer des entraînements').setInputFiles({
    name: 'classe.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ kind: 'thaw-runs', version: 1, runs: [run] })),
  });
  await expect(page.getByRole('status', { name: "Rapport d'import des entraînements" }).getByRole('listitem'))
    .toHaveText([/^entraînement 1 \(Ana\) : .*status: doit valoir l'une des valeurs "running", "finished", "stopped", "failed" \(reçu "exploded"\)/]);
  await page.getByLabel('Importer des entraînements').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"kind": "thaw-settings"}') });
  await expect(page.getByRole('alert').filter({ hasText: 'notes.json' }).first()).toContainText("notes.json: Ce n'est pas un fichier d'entraînements Thaw");
});
