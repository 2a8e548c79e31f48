import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeNamedKeys } from '../common/i18n/namedKeys.testSupport';
import { setLanguage } from '../common/i18n/i18n';
import { speak } from '../common/i18n/workerLanguage';
import { formatBytes } from '../common/formatBytes';
import { StorageFullError } from '../common/errors';
import { parseLayout } from '../data/import/layout';
import { readImageHeader } from '../data/import/imageHeader';
import { openZip } from '../data/import/zipEntries';
import { fileSource, runImport, type ImportStorage } from '../data/import/importer';
import { DEFAULT_SPLIT } from '../data/datasetEdits';
import { validateLayersModelImport } from '../models/importValidation';
import { Engine } from './engine';
import { optimizerConfig } from './testSupport';
import type { EngineEvent } from './api';

/**
 * What the workers say reaches the page as text they word themselves (common/i18n/workerLanguage.ts):
 * once the page has told a worker French, every kind of message it makes must be French, and every
 * key the worker code names must exist in every language.
 */

/** English words that no French message of the workers contains. */
const ENGLISH = /\b(the|not|with|this|could|would|than|first|load|stop|file|more|set|dataset|run|refusing|missing)\b/i;

function expectFrench(text: string | null | undefined): void {
  expect(text).toBeTruthy();
  expect(text!, text!).not.toMatch(ENGLISH);
}

const noStorage: ImportStorage = {
  loadManifest: async () => undefined, markImportPending: async () => {}, putImages: async () => {},
  commitManifest: async () => {}, discardImages: async () => {},
};

describe('worker messages in French', () => {
  beforeAll(() => speak('fr'));
  afterAll(() => setLanguage('en'));
  afterEach(() => { vi.unstubAllGlobals(); });

  it('import skip reasons, notes and outcomes', async () => {
    const layout = parseLayout([{ path: 'cats/notes.txt', size: 10 }, { path: 'loose.png', size: 10 }, { path: 'cats/.hidden.png', size: 1 }, { path: 'cats/empty.png', size: 0 }]);
    const reasons = layout.entries.flatMap((e) => (e.kind === 'skip' ? [e.reason] : []));
    expect(reasons).toHaveLength(4);
    reasons.forEach(expectFrench);
    expect(reasons).toContain('pas un fichier image (.txt)');

    const tiff = readImageHeader(new Uint8Array([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]), 8);
    expectFrench(typeof tiff === 'object' && 'refuse' in tiff ? tiff.refuse : null);

    const zip = await openZip('class.zip', new Blob(['not a zip at all']), { isCancelled: () => false });
    expectFrench(zip.skipped[0]?.reason);

    const longName = 'x'.repeat(120);
    const outcome = await runImport(
      { name: 'Pets', sources: [{ path: `${longName}/a.jpg`, file: new Blob(['broken']) }].map(fileSource), split: DEFAULT_SPLIT },
      { storage: noStorage, isCancelled: () => false, onProgress: () => {}, newId: () => 'ds', process: async () => { throw new Error('gone'); } },
    );
    expectFrench(outcome.message);
    expect(outcome.notes).toHaveLength(1);
    expectFrench(outcome.notes[0]!.replace(/x+…?/g, ''));
    expectFrench(outcome.skipped[0]?.reason.replace('gone', ''));
    expectFrench(new StorageFullError().message);
  });

  it('model import vetting', () => {
    const refused = validateLayersModelImport('{"format":"layers-model","modelTopology":{"class_name":"Sequential","config":{"layers":[]}},"weightsManifest":[{"paths":["w.bin"],"weights":[]}]}', new Map());
    expect(refused.ok).toBe(false);
    if (!refused.ok) refused.errors.forEach((error) => expectFrench(error.replace(/"w\.bin"|weightsManifest|Sequential|"layers"/g, '')));
  });

  it('engine refusals, the memory refusal in French units, and the pause after a failed allocation', async () => {
    vi.stubGlobal('navigator', { deviceMemory: 0.25, languages: ['fr-FR'] });
    const engine = new Engine();
    await engine.init('cpu');
    await expect(engine.buildModel({ architecture: 'small-cnn', width: 4, dropout: 0, seed: 1 })).rejects.toThrow('Chargez un jeu de données avant de construire un modèle');
    await engine.loadSampleDataset({ seed: 1, imageSize: 16, imagesPerClass: 8, imbalanced: false, validationFraction: 0.25 });
    await engine.buildModel({ architecture: 'small-cnn', width: 4, dropout: 0, seed: 1, inputSize: 128 });
    await expect(engine.setBlockFrozen('no-such-block', true)).rejects.toThrow('Pas de bloc « no-such-block » dans ce modèle');

    const check = await engine.memoryCheck(150, optimizerConfig());
    expectFrench(check.refusal);
    expect(check.refusal).toMatch(/plus que les 0,25 Go de mémoire que ce navigateur indique \(256,0 Mo\)\. Réglez Entraîner › Taille de lot à \d+ ou moins/);
    expect(formatBytes(1.5 * 2 ** 20)).toBe('1,5 Mo');

    const pauses: string[] = [];
    await engine.buildModel({ architecture: 'small-cnn', width: 4, dropout: 0, seed: 1, inputSize: 16 });
    const state = await engine.train({ epochs: 1, batchSize: 4, seed: 1, optimizer: optimizerConfig() }, (event: EngineEvent) => {
      if (event.type === 'step' && event.step === 1) void engine.simulateAllocationFailure();
      if (event.type === 'status' && event.state === 'paused') {
        pauses.push(event.message ?? '');
        void engine.resume();
      }
    });
    expect(state).toBe('finished');
    expect(pauses).toHaveLength(1);
    expect(pauses[0]).toMatch(/^Mémoire épuisée au pas 2 \(lot de 4\) : Array buffer allocation failed \(simulated\)\. L'entraînement est en pause/);
  }, 60_000);

  it('follows the page back to English', async () => {
    await speak('en');
    expect(parseLayout([{ path: 'cats/notes.txt', size: 10 }]).entries[0]).toMatchObject({ reason: 'not an image file (.txt)' });
    await speak('fr');
  });
});

describeNamedKeys('worker message keys', join(__dirname, '..'), ['engine', 'importer', 'units'], 150);
