import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_FORM, SOURCE_HEAD, type TrainConfig } from '../contract';
import { useCpuBackend } from './testSupport';
import { fileSystemHandler } from '../models/testFiles';
import { BUILT_IN_BACKBONE, modelOnBuiltInBackbone } from '../models/builtIn';
import { groupLayersIntoBlocks } from '../freeze/blocks';
import { FreezeState } from '../freeze/freezeState';
import { generateSampleDataset } from '../data/sampleDataset';
import { stratifiedSplit } from '../data/split';
import { inMemoryTrainingData } from './data/inMemory';
import { toTrainConfig } from '../store/trainConfig';
import { ForgettingSupport } from './forgetting';
import { Trainer } from './trainer';
import type { EpochEvent } from './api';
import { FORGETTING_ARMS, forgettingArmConfig, FORGETTING_LESSON } from '../store/forgettingLesson';

beforeAll(useCpuBackend);

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public', BUILT_IN_BACKBONE.directory);

/**
 * The forgetting lesson's figures, measured on tfjs's CPU backend with the lesson's own arms and settings
 * (`THAW_MEASURE_FORGETTING=1 npx vitest run src/engine/forgettingMeasure.test.ts`; seeds in THAW_SEEDS).
 */
describe.runIf(process.env.THAW_MEASURE_FORGETTING)('forgetting lesson, measured', () => {
  it('prints target and source accuracy per arm', async () => {
    const head = SOURCE_HEAD.parse(JSON.parse(fs.readFileSync(path.join(dir, 'source-head.json'), 'utf8')));
    const seeds = (process.env.THAW_SEEDS ?? '1').split(',').map(Number);
    const sample = generateSampleDataset({ seed: 7, imageSize: 32, imagesPerClass: 60, imbalanced: false });
    const split = stratifiedSplit(sample.labels, 5, 0.2, 7);
    const support = new ForgettingSupport(async () => head);
    for (const seed of seeds) {
      for (const arm of FORGETTING_ARMS) {
        const data = inMemoryTrainingData(sample, split);
        const spec = { architecture: 'thaw-shapes-cnn' as const, width: 8, inputSize: 32, numClasses: 5, dropout: 0.2, seed };
        const model = await modelOnBuiltInBackbone(await tf.loadLayersModel(fileSystemHandler(dir)), spec);
        const freeze = new FreezeState(model, groupLayersIntoBlocks(model));
        support.capture(model, freeze, true);
        if (arm.frozenBackbone) freeze.blocks.filter((b) => b.id !== 'head').forEach((b) => freeze.setFrozen(b.id, true));
        freeze.blocks.filter((b) => b.id !== 'head').forEach((b) => freeze.setLrMultiplier(b.id, arm.backboneLrMultiplier));
        const base = toTrainConfig({ ...DEFAULT_TRAINING_FORM, seed }, [48, 48, 48, 48, 48]);
        const config: TrainConfig = forgettingArmConfig(arm, base, FORGETTING_LESSON);
        const hooks = await support.hooksFor({ spec, model, freeze }, config, () => {});
        const epochs: EpochEvent[] = [];
        const trainer = new Trainer(model, freeze, data, config, (e) => { if (e.type === 'epoch') epochs.push(e); }, { penalty: hooks.penalty, sourceAccuracy: hooks.sourceAccuracy });
        const before = await hooks.sourceAccuracy!();
        await trainer.run();
        const last = epochs.at(-1)!;
        console.log(`seed ${seed} ${arm.id}: target ${(last.validationAccuracy * 100).toFixed(1)}%, source ${(before * 100).toFixed(1)}% → ${(last.sourceAccuracy! * 100).toFixed(1)}%, penalty ${last.trainPenalty?.toFixed(4) ?? '-'}; curve ${epochs.map((e) => `${(e.validationAccuracy * 100).toFixed(0)}/${(e.sourceAccuracy! * 100).toFixed(0)}`).join(' ')}`);
        expect(last.sourceAccuracy).toBeDefined();
        trainer.dispose();
        hooks.dispose();
        model.dispose();
      }
    }
    support.dispose();
  }, 3_600_000);
});
