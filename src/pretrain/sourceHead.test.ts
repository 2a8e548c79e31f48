import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_HEAD } from '../contract';
import { useCpuBackend } from '../engine/testSupport';
import { fileSystemHandler } from '../models/testFiles';
import { BUILT_IN_BACKBONE, modelOnBuiltInBackbone } from '../models/builtIn';
import { SourceTask } from '../engine/sourceTask';
import { fitSourceHead } from './sourceHeadFit';

beforeAll(useCpuBackend);

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public', BUILT_IN_BACKBONE.directory);
const file = path.join(dir, 'source-head.json');

describe('the built-in backbone\'s source head', () => {
  // `npm run source-head` sets the variable: the head is fitted again and written, then checked below.
  it.runIf(process.env.THAW_WRITE_SOURCE_HEAD)('is recreated on the frozen shipped backbone', async () => {
    const backbone = await tf.loadLayersModel(fileSystemHandler(dir));
    const head = fitSourceHead(backbone, undefined, (line) => console.log(line));
    fs.writeFileSync(file, JSON.stringify(head) + '\n');
    console.log(`source head: train accuracy ${head.fit.trainAccuracy.toFixed(3)}, held-out ${head.fit.heldOutAccuracy.toFixed(3)}`);
    backbone.dispose();
  }, 600_000);

  it('ships small and valid, and scores the pretraining task well on the untouched backbone', async () => {
    expect(fs.statSync(file).size).toBeLessThan(64 * 1024);
    const head = SOURCE_HEAD.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    // The backbone reached 33% on its own 10-shape task when pretrained (card.json); chance is 10%.
    expect(head.fit.heldOutAccuracy).toBeGreaterThan(0.25);
    // A fine-tuning model on the backbone (new 5-class head) still reaches the source task through the shipped head.
    const model = await modelOnBuiltInBackbone(await tf.loadLayersModel(fileSystemHandler(dir)), { architecture: 'thaw-shapes-cnn', width: 8, inputSize: 32, numClasses: 5, dropout: 0, seed: 1 });
    const task = new SourceTask(head, 32);
    const before = tf.memory().numTensors;
    const accuracy = await task.accuracy(model);
    expect(tf.memory().numTensors).toBe(before);
    expect(accuracy).toBeGreaterThan(0.25);
    expect(Math.abs(accuracy - head.fit.heldOutAccuracy)).toBeLessThan(0.1);
    // Scrambled backbone weights: the source task collapses (the score measures the backbone, not the head alone).
    const conv = model.getLayer('block2_conv').getWeights()[0]!;
    model.getLayer('block2_conv').setWeights([tf.randomNormal(conv.shape, 0, 0.5, 'float32', 1)]);
    expect(await task.accuracy(model)).toBeLessThan(accuracy - 0.1);
    task.dispose();
    model.dispose();
  });
});
