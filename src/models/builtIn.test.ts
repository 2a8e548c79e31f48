import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../engine/testSupport';
import { groupLayersIntoBlocks } from '../freeze/blocks';
import { FreezeState } from '../freeze/freezeState';
import { generateSampleDataset } from '../data/sampleDataset';
import { preprocessPixels } from '../engine/tensors';
import { buildSmallCnn } from './smallCnn';
import { BUILT_IN_BACKBONE, modelOnBuiltInBackbone } from './builtIn';
import { parseModelCard, transferArm } from './modelCard';
import { fileSystemHandler } from './testFiles';

beforeAll(useCpuBackend);

/** The files the studio serves: public/models/thaw-shapes-cnn, committed and made by `npm run pretrain`. */
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public', BUILT_IN_BACKBONE.directory);
const card = () => parseModelCard(JSON.parse(fs.readFileSync(path.join(dir, 'card.json'), 'utf8')));
const spec = (inputSize: number) => ({ architecture: 'thaw-shapes-cnn' as const, width: 8, inputSize, numClasses: 5, dropout: 0.2, seed: 1 });

describe('the built-in pretrained backbone', () => {
  it('ships small: model.json and weights together stay under 2 MB', () => {
    const bytes = ['model.json', 'weights.bin'].map((f) => fs.statSync(path.join(dir, f)).size);
    expect(bytes[1]).toBeGreaterThan(1000);
    expect(bytes[0]! + bytes[1]!).toBeLessThan(2 * 1024 * 1024);
  });

  it('has the architecture its card names: the small CNN without its head, same parameter count', async () => {
    const backbone = await tf.loadLayersModel(fileSystemHandler(dir));
    const { width } = BUILT_IN_BACKBONE.scratchEquivalent;
    const scratch = buildSmallCnn({ ...spec(BUILT_IN_BACKBONE.inputSize), architecture: 'small-cnn', width });
    const scratchBackbone = tf.model({ inputs: scratch.inputs, outputs: scratch.getLayer(BUILT_IN_BACKBONE.featureLayer).output });
    expect(backbone.countParams()).toBe(scratchBackbone.countParams());
    expect(card().parameters).toBe(backbone.countParams());
    expect(card().inputSize).toBe(backbone.inputs[0]!.shape[1]);
    expect(backbone.layers.some((l) => l.name.startsWith('head_'))).toBe(false);
    backbone.dispose();
    scratch.dispose();
  });

  it('gets a new head and the blocks stem, block1..3 and head, at its own and at a larger input size', async () => {
    const images = generateSampleDataset({ seed: 7, imageSize: 48, imagesPerClass: 2, imbalanced: false });
    for (const size of [32, 48]) {
      const model = await modelOnBuiltInBackbone(await tf.loadLayersModel(fileSystemHandler(dir)), spec(size));
      const blocks = groupLayersIntoBlocks(model);
      expect(blocks.map((b) => b.id)).toEqual(['stem', 'block1', 'block2', 'block3', 'head']);
      expect(model.outputs[0]!.shape).toEqual([null, 5]);
      const summary = new FreezeState(model, blocks).summary();
      expect(summary.blocks.find((b) => b.id === 'head')!.params).toBe((8 * 8 + 1) * 5);
      if (size === 48) {
        const x = preprocessPixels(images.pixels, [0, 1], 48);
        const logits = model.predict(x) as tf.Tensor;
        expect(Array.from(await logits.data()).every(Number.isFinite)).toBe(true);
        tf.dispose([x, logits]);
      }
      model.dispose();
    }
  });

  it('its card records a measured transfer: fine-tuning it beats the same architecture from scratch at equal epochs', () => {
    const c = card();
    const scratch = transferArm(c, 'scratch')!;
    const tuned = transferArm(c, 'fine-tune-all')!;
    const frozen = transferArm(c, 'feature-extraction')!;
    for (const arm of [scratch, tuned, frozen]) {
      expect(arm.finalValidationAccuracy).toHaveLength(c.transfer.seeds.length);
      expect(arm.meanValidationAccuracyByEpoch).toHaveLength(c.transfer.epochs);
    }
    expect(c.transfer.seeds.length).toBeGreaterThanOrEqual(3);
    expect(tuned.meanFinalValidationAccuracy).toBeGreaterThan(scratch.meanFinalValidationAccuracy);
    expect(frozen.meanFinalValidationAccuracy).toBeGreaterThan(scratch.meanFinalValidationAccuracy);
    expect(c.pretraining.classes.some((name) => ['circle', 'square', 'triangle', 'cross', 'ring'].includes(name))).toBe(false);
  });
});

describe('model card', () => {
  it('names the field that is missing or wrong', () => {
    const good = card();
    expect(parseModelCard(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(() => parseModelCard({ ...good, parameters: 'many' })).toThrow('parameters: must be a number');
    expect(() => parseModelCard({ ...good, transfer: { ...good.transfer, arms: [{ ...good.transfer.arms[0], strategy: 'magic' }] } }))
      .toThrow('transfer.arms[0].strategy: must be one of');
    expect(() => parseModelCard('card')).toThrow('must be an object');
  });
});
