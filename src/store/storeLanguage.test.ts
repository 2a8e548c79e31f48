import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  englishIssue, importedModelIssues, type IssueReason, MODEL_SPEC, parseOrThrow, phraseIssue, readExportedConfig, TRAIN_CONFIG,
} from '../contract';
import { describeNamedKeys } from '../common/i18n/namedKeys.testSupport';
import { setLanguage } from '../common/i18n/i18n';
import { subsetRefusal } from '../common/imbalancedSubset';
import { cleanName } from '../data/datasetEdits';
import { cameraRefusal } from './camera';
import { domainRunLabel } from './domainLesson';
import { engineApi } from './engineSession';
import { parseExerciseConfig } from './exerciseConfig';
import { COMPARED_STRATEGIES } from './experimentsStore';
import { forgettingRunLabel } from './forgettingLesson';
import { combinationLabel, gridRefusal } from './grid';
import { lessonPlan, type LessonContext, type LessonOptions } from './lessons';
import { cutShortByCrash } from './runRecorder';
import { MAX_RUNS_FILE_BYTES, parseRunsFile, readRunsFile } from './runsImport';

// The stores below reach the studio store (and its worker) only when they run; not needed here.
vi.mock('./studioStore', () => ({ useStudio: { getState: () => ({}) } }));

/**
 * What the stores say themselves (their refusals, the labels of the runs they start) and why the
 * contract refused a field of a file: once the page is French, all of it is French; in English, it
 * is word for word what it was before it went through the catalogues.
 */

/** English words that no French message of the stores contains (field paths and JSON values aside). */
const ENGLISH = /\b(the|not|with|this|could|would|than|first|file|more|dataset|run|runs|missing|must|got|known|field|setting|settings|seed|lesson|is|of|an)\b/i;

function expectFrench(text: string | null | undefined): void {
  expect(text).toBeTruthy();
  // "training.epochs:" is a name a settings file writes; "x" is the file's own value, « thaw-runs » a name.
  const words = text!.replace(/[\w.[\]]+:(?= )/g, '').replace(/"[^"]*"|« [^»]* »/g, '');
  expect(words, text!).not.toMatch(ENGLISH);
}

function thrown(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

async function rejected(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

const SETTINGS = '{"kind": "thaw-settings", "training": {"epochs": "x", "colour": 1}, "model": {"architecture": "imported-backbone"}}';
const RUN = { version: 1, id: 'r1', label: 'Ana', status: 'exploded', startedAt: 1, endedAt: null, grade: 'A' };
const OUT_OF_LIMITS = { size: MAX_RUNS_FILE_BYTES + 1024 * 1024, text: async () => '' } as unknown as Blob;
const ONE_CLASS = { dataset: { classNames: ['a'] } } as unknown as LessonContext;
const MODEL = MODEL_SPEC.parse({ architecture: 'small-cnn', width: 4, dropout: 0, seed: 1, numClasses: 1, inputSize: 30000 });
const ARCHIVE_CONFIG = { kind: 'thaw-model', version: 1, exportedAt: 'now', source: 'current', epoch: null, model: MODEL, training: { epochs: 'many' }, freeze: null, dataset: { name: 'd', classNames: ['a'] } };

describe('store messages and file reasons in French', () => {
  beforeAll(() => setLanguage('fr'));
  afterAll(() => setLanguage('en'));

  it("a settings file's skipped fields, each with its reason", () => {
    const { skipped } = parseExerciseConfig(SETTINGS);
    expect(skipped).toEqual([
      'model.architecture: "imported-backbone" est un modèle importé dans un seul navigateur ; importez plutôt ses fichiers',
      'training.epochs: "x" n\'est pas un nombre entier de 1 à 1000',
      'training.colour: pas un réglage',
    ]);
    skipped.forEach(expectFrench);
    expect(thrown(() => parseExerciseConfig('{oops'))).toBe("Le fichier de réglages n'est pas du JSON valide");
    expectFrench(thrown(() => parseExerciseConfig('{"kind": "thaw-model"}')));
  });

  it("a runs file's refusals, and the reasons a run of it is skipped for (zod's, with the type names)", async () => {
    const { refused } = parseRunsFile(JSON.stringify({ kind: 'thaw-runs', version: 1, runs: [RUN, { ...RUN, label: 3 }] }));
    expect(refused[0]!.reason).toMatch(/^entraînement 1 \(Ana\) : /);
    expect(refused[0]!.reason).toContain('status: doit valoir l\'une des valeurs "running", "finished", "stopped", "failed" (reçu "exploded")');
    expect(refused[0]!.reason).toMatch(/ ; et \d+ de plus$/);
    expect(refused[1]!.reason).toContain('label: doit être du texte (reçu 3)');
    refused.forEach((r) => expectFrench(r.reason));
    expectFrench(thrown(() => parseRunsFile('{"kind": "thaw-runs", "version": 2, "runs": []}')));
    expectFrench(thrown(() => parseRunsFile('[]')));
    expect(await rejected(() => readRunsFile(OUT_OF_LIMITS))).toBe("Le fichier d'entraînements fait 21,0 Mo : au plus 20,0 Mo peuvent être importés");
  });

  it("an archive's config.json: the fields refused, the sections left out", () => {
    const issues = importedModelIssues(MODEL, 16);
    expect(issues).toContain("model.inputSize: 30000 n'est pas la taille d'entrée du modèle : son model.json prend des images de 16×16 px");
    issues.forEach(expectFrench);
    const read = readExportedConfig(ARCHIVE_CONFIG);
    expect(read.ok && read.warnings[0]).toMatch(/^Les réglages d'entraînement de l'export n'ont pas été restaurés : epochs: doit être un nombre \(reçu "many"\); batchSize: manquant \(doit être un nombre\)/);
    expectFrench(read.ok ? read.warnings.join('; ') : null);
    expectFrench(thrown(() => parseOrThrow(TRAIN_CONFIG, { epochs: 1, batchSize: 4, seed: 1 }, 'Réglages')));
  });

  it('errors the stores raise, and refusals of a grid, a lesson, the camera', () => {
    expect(thrown(() => engineApi())).toBe("Le moteur d'entraînement n'est pas lancé");
    expectFrench(thrown(() => cleanName(' ', 'class')));
    expectFrench(gridRefusal([], []));
    expectFrench(gridRefusal([{ setting: { kind: 'preset' }, values: ['everything'] }], [1]));
    expectFrench(subsetRefusal([5, 0], { kind: 'drop', classes: [0] }));
    const plan = lessonPlan('three-strategies', {} as LessonOptions, ONE_CLASS);
    expectFrench('refusal' in plan ? plan.refusal : null);
    expectFrench(cameraRefusal(new DOMException('denied', 'NotAllowedError')));
    expectFrench(cutShortByCrash());
  });

  it('the names of the runs the lessons and the comparison start', () => {
    expect(domainRunLabel('sourceOnly', 2)).toBe('Leçon domaine : Source seule, graine 2');
    expect(forgettingRunLabel('plain', 1)).toBe("Leçon sur l'oubli : Affinage simple, graine 1");
    expect(COMPARED_STRATEGIES.map((s) => s.label)).toEqual(['Extraction de caractéristiques', 'Dégel précoce (tout dégeler après l\'époque 1, taux du réseau de base ×0,1)', 'Affinage dès le départ']);
    expect(combinationLabel([{ setting: { kind: 'preset' }, values: ['full'] }], { values: ['full'], seed: 3 })).toBe('preset full · graine 3');
  });
});

describe('the same, in English, as before the catalogues', () => {
  it('reads word for word as it did', async () => {
    await setLanguage('en');
    expect(parseExerciseConfig(SETTINGS).skipped).toEqual([
      'model.architecture: "imported-backbone" is a model imported in one browser; import its files instead',
      'training.epochs: "x" is not a whole number from 1 to 1000',
      'training.colour: not a setting',
    ]);
    expect(thrown(() => parseExerciseConfig('{oops'))).toBe('The settings file is not valid JSON');
    expect(thrown(() => parseRunsFile('[]'))).toBe('This is not a Thaw runs file (its "kind" is not "thaw-runs" with a list of runs): make one with "Download runs (.json)"');
    expect(await rejected(() => readRunsFile(OUT_OF_LIMITS))).toBe('The runs file is 21.0 MB: at most 20.0 MB can be imported');
    expect(parseRunsFile(JSON.stringify({ kind: 'thaw-runs', version: 1, runs: [{ ...RUN, label: 3 }] })).refused[0]!.reason).toMatch(/^run 1: .*label: must be text \(got 3\)/);
    expect(importedModelIssues(MODEL, 16)).toContain("model.inputSize: 30000 is not the model's own input size: its model.json takes 16×16 px images");
    expect(thrown(() => engineApi())).toBe('The training engine is not running');
    expect(cutShortByCrash()).toBe('The run was cut short by the engine crash. After restarting the engine, resume the saved run from its last checkpoint.');
    expect(domainRunLabel('mmd', 1)).toBe('Domain lesson: MMD, seed 1');
    expect(COMPARED_STRATEGIES[1]!.label).toBe('Early unfreeze (thaw all after epoch 1, backbone LR ×0.1)');
    expect(combinationLabel([{ setting: { kind: 'preset' }, values: ['full'] }], { values: ['full'], seed: 3 })).toBe('preset full · seed 3');
  });

  /** One reason of every kind: the type makes a new kind fail here until it has an example. */
  const EVERY_REASON: { [K in IssueReason['kind']]: Extract<IssueReason, { kind: K }> } = {
    missing: { kind: 'missing', expected: 'int' }, wrongType: { kind: 'wrongType', expected: 'bigint', got: '"x"' },
    tooFewItems: { kind: 'tooFewItems', minimum: '1' }, empty: { kind: 'empty' }, tooShort: { kind: 'tooShort', minimum: '3' },
    tooSmall: { kind: 'tooSmall', op: '>', minimum: '0', got: '0' }, tooManyItems: { kind: 'tooManyItems', maximum: '9' },
    tooLong: { kind: 'tooLong', maximum: '200' }, tooBig: { kind: 'tooBig', op: '≤', maximum: '1', got: '2' },
    notTheValue: { kind: 'notTheValue', value: '1', got: '2' }, notOneOf: { kind: 'notOneOf', values: '"a", "b"', got: '"c"' },
    noAllowedForm: { kind: 'noAllowedForm' }, unknownField: { kind: 'unknownField' }, notANumber: { kind: 'notANumber' },
    invalidValue: { kind: 'invalidValue' }, notJson: { kind: 'notJson', what: 'The runs file' },
    notWholeInRange: { kind: 'notWholeInRange', got: '0', min: '1', max: '5' }, notNumberInRange: { kind: 'notNumberInRange', got: '9', min: '0', max: '1' },
    notAChoice: { kind: 'notAChoice', got: '"lion"', choices: 'adam, sgd' }, notABlockName: { kind: 'notABlockName', got: '3' },
    notADatasetId: { kind: 'notADatasetId', got: '3' }, notClassWeights: { kind: 'notClassWeights' },
    localModel: { kind: 'localModel', got: '"imported-backbone"' }, unknownModel: { kind: 'unknownModel', got: '"vgg"' },
    notOwnInputSize: { kind: 'notOwnInputSize', inputSize: '32', own: '16' },
    trainingNotRestored: { kind: 'trainingNotRestored', reasons: 'epochs: …' },
    freezeNotRestored: { kind: 'freezeNotRestored', reasons: 'blocks: …' },
    needsDomainTarget: { kind: 'needsDomainTarget' }, minLrAboveBase: { kind: 'minLrAboveBase' },
    needsEveryEpochsOrOnPlateau: { kind: 'needsEveryEpochsOrOnPlateau' }, exceeds: { kind: 'exceeds', other: 'maxScale' },
  };

  it("the catalogue's English of every reason is the contract's own, and French words each one", async () => {
    await setLanguage('en');
    for (const reason of Object.values(EVERY_REASON)) expect(phraseIssue(reason)).toBe(englishIssue(reason));
    await setLanguage('fr');
    try {
      for (const reason of Object.values(EVERY_REASON)) {
        expect(phraseIssue(reason)).not.toBe(englishIssue(reason));
        expectFrench(phraseIssue(reason).replace(/(everyEpochs|onPlateau|maxScale|domainTarget|adam, sgd|The runs file)/g, ''));
      }
    } finally {
      await setLanguage('en');
    }
  });
});

describeNamedKeys('store and issue message keys', join(__dirname, '..'), ['store', 'issues'], 60);
