import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import type { DomainAdaptation, TrainConfig } from '../contract';
import { useCpuBackend } from './testSupport';
import { fileSystemHandler } from '../models/testFiles';
import { BUILT_IN_BACKBONE, modelOnBuiltInBackbone } from '../models/builtIn';
import { groupLayersIntoBlocks } from '../freeze/blocks';
import { FreezeState } from '../freeze/freezeState';
import { generateSampleDataset } from '../data/sampleDataset';
import { generateShiftedSample } from '../data/shiftedShapes';
import { stratifiedSplit } from '../data/split';
import { inMemoryTrainingData } from './data/inMemory';
import { InMemoryPixels } from './data/pixelSource';
import { labelFreeSplit, targetDomain } from './data/targetDomain';
import { Trainer } from './trainer';
import { SHIFTED_SAMPLE_EVALUATION, SHIFTED_SAMPLE_SCALE } from './targetLoading';
import type { EpochEvent } from './api';
import { DEFAULT_OPTIMIZER } from '../contract';

beforeAll(useCpuBackend);

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public', BUILT_IN_BACKBONE.directory);
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/**
 * The domain lesson's arms in Node (tfjs CPU backend), for tuning its defaults: the sample at 32 px, the
 * built-in backbone with its FROZEN lowest blocks frozen (default 3: stem and blocks 1–2, the lesson's one
 * thawed block), source-only vs MMD vs DANN at several seeds. Opt-in: THAW_MEASURE_DOMAIN names the file the
 * results are appended to. Knobs: EPOCHS, LR, BATCH, LMMD, LDANN, FROZEN, SEEDS, ARMS (source,mmd,dann), IPC
 * (source images per class), TSCALE and TFRAC (the target's size against the source's and its held-out share;
 * the engine's own by default).
 */
describe('domain lesson, measured in Node', () => {
  it.runIf(process.env.THAW_MEASURE_DOMAIN)('source-only vs MMD vs DANN', async () => {
    const spec = { seed: 7, imageSize: 32, imagesPerClass: env('IPC', 60), imbalanced: false, validationFraction: 0.2 };
    const sample = generateSampleDataset(spec);
    const split = stratifiedSplit(sample.labels, 5, 0.2, spec.seed);
    const shifted = generateShiftedSample({ ...spec, imagesPerClass: spec.imagesPerClass * env('TSCALE', SHIFTED_SAMPLE_SCALE) });
    const arms: (DomainAdaptation | null)[] = [null, { method: 'mmd', strength: env('LMMD', 1) }, { method: 'dann', strength: env('LDANN', 1) }];
    const seeds = (process.env.SEEDS ?? '1,2,3').split(',').map(Number);
    const wanted = (process.env.ARMS ?? 'source,mmd,dann').split(',');
    for (const seed of seeds) {
      for (const arm of arms.filter((a) => wanted.includes(a?.method ?? 'source'))) {
        const model = await modelOnBuiltInBackbone(await tf.loadLayersModel(fileSystemHandler(dir)), { architecture: 'thaw-shapes-cnn', width: 8, inputSize: 32, numClasses: 5, dropout: 0.2, seed });
        const freeze = new FreezeState(model, groupLayersIntoBlocks(model));
        const frozen = env('FROZEN', 3);
        freeze.blocks.slice(0, frozen).forEach((b) => freeze.setFrozen(b.id, true));
        const data = inMemoryTrainingData(sample, split);
        const target = targetDomain(new InMemoryPixels(shifted), shifted.labels, labelFreeSplit(shifted.labels.length, env('TFRAC', SHIFTED_SAMPLE_EVALUATION), spec.seed), 32);
        const config: TrainConfig = {
          epochs: env('EPOCHS', 5), batchSize: env('BATCH', 32), seed, optimizer: { ...DEFAULT_OPTIMIZER, learningRate: env('LR', 0.003) },
          domainTarget: { kind: 'shiftedSample' }, ...(arm ? { domainAdaptation: arm } : {}),
        };
        const epochs: EpochEvent[] = [];
        const started = Date.now();
        const trainer = new Trainer(model, freeze, data, config, (e) => { if (e.type === 'epoch') epochs.push(e); }, { target });
        await trainer.run();
        trainer.dispose();
        model.dispose();
        const f = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(3));
        fs.appendFileSync(process.env.THAW_MEASURE_DOMAIN ?? '/dev/null', `RESULT frozen=${freeze.blocks.filter((b) => freeze.isFrozen(b.id)).map((b) => b.id).join('+')} seed=${seed} arm=${arm?.method ?? 'source'} ${epochs.map((e) => `[e${e.epoch} tr=${f(e.trainAccuracy)} val=${f(e.validationAccuracy)} tgt=${f(e.targetAccuracy)} mmd=${f(e.mmd)} dom=${f(e.domainAccuracy)}]`).join(' ')} ${Math.round((Date.now() - started) / 1000)}s\n`);
      }
    }
  }, 3_600_000);
});
