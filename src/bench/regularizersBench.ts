import * as tf from '@tensorflow/tfjs';
import { DEFAULT_OPTIMIZER, type DomainAdaptation, type ModelSpec, type PretrainedPenalty, type TrainConfig } from '../contract';
import type { EngineEvent } from '../engine/api';
import { ForgettingSupport, type ForgettingHooks } from '../engine/forgetting';
import { Trainer } from '../engine/trainer';
import { inMemoryTrainingData } from '../engine/data/inMemory';
import { InMemoryPixels } from '../engine/data/pixelSource';
import { labelFreeSplit, targetDomain } from '../engine/data/targetDomain';
import { preprocessPixels } from '../engine/tensors';
import { generateSampleDataset } from '../data/sampleDataset';
import { generateShiftedSample } from '../data/shiftedShapes';
import { groupLayersIntoBlocks } from '../freeze/blocks';
import { FreezeState } from '../freeze/freezeState';
import { buildModelFromCatalog } from '../models/catalog';
import { loadBuiltInSourceHead } from '../models/builtIn';

/**
 * The regularizers workload (`npm run bench -- --workloads regularizers`): what a training step costs with
 * each regularizer of issue 22 against none, on the built-in backbone fully thawed (the forgetting lesson's
 * model), the studio's own Trainer step on one fixed batch. The arms take turns in rounds, so drift on a
 * shared machine falls on all of them. EWC's Fisher is computed once before its steps and timed apart.
 * MMD and DANN (the domain-adaptation half of the issue) are arms too: each of their steps also takes an
 * unlabelled batch of the shifted sample as large as the source batch, so part of their cost is that second
 * forward pass, which is what a run that adapts pays.
 */
export interface RegularizerArm {
  name: string;
  stepsPerSecond: number;
  msPerStep: number;
  /** Seconds of each timed block of steps (one per round), to show the spread. */
  blockSeconds: number[];
}

export interface RegularizersResult {
  model: string;
  inputSize: number;
  batchSize: number;
  params: number;
  stepsPerArm: number;
  arms: RegularizerArm[];
  /** The one-off diagonal Fisher of the source task (EWC only), not part of any step. */
  fisherSeconds: number;
  fisherImages: number;
  summary: Record<string, number>;
}

const SPEC: ModelSpec = { architecture: 'thaw-shapes-cnn', width: 8, inputSize: 32, numClasses: 5, dropout: 0.2, seed: 1 };
const BATCH = 32;
const ROUNDS = 3;
/** Strengths do not change the cost; these are the forgetting and domain lessons' orders of magnitude. */
const ARMS: Record<string, { penalty?: PretrainedPenalty; adaptation?: DomainAdaptation }> = {
  none: {},
  l2sp: { penalty: { kind: 'l2sp', strength: 0.05 } },
  ewc: { penalty: { kind: 'ewc', strength: 500 } },
  mmd: { adaptation: { method: 'mmd', strength: 4 } },
  dann: { adaptation: { method: 'dann', strength: 0.5 } },
};

export async function runRegularizersBench(steps: number): Promise<RegularizersResult> {
  console.log(`[bench] regularizers: step cost of none, L2-SP, EWC, MMD and DANN on the built-in backbone (all blocks trainable), ${ROUNDS} rounds`);
  const model = await buildModelFromCatalog(SPEC);
  const freeze = new FreezeState(model, groupLayersIntoBlocks(model));
  const stage = { spec: SPEC, model, freeze };
  const support = new ForgettingSupport(loadBuiltInSourceHead);
  support.capture(model, freeze, true);
  const sample = generateSampleDataset({ seed: 5, imageSize: SPEC.inputSize, imagesPerClass: Math.ceil(BATCH / 5), imbalanced: false });
  const indices = Array.from({ length: BATCH }, (_, i) => i);
  const images = preprocessPixels(sample.pixels, indices, SPEC.inputSize);
  const labels = tf.tensor1d(indices.map((i) => sample.labels[i] ?? 0), 'int32');
  const data = inMemoryTrainingData(sample, { train: indices, validation: indices });
  // The target domain of the adapting arms: the shifted sample, as the domain lesson uses it.
  const shifted = generateShiftedSample({ seed: 5, imageSize: SPEC.inputSize, imagesPerClass: Math.ceil(BATCH / 5), imbalanced: false });
  const target = targetDomain(new InMemoryPixels(shifted), shifted.labels, labelFreeSplit(shifted.labels.length, 0.2, 5), SPEC.inputSize);
  const targetImages = preprocessPixels(shifted.pixels, indices, SPEC.inputSize);
  const arms: { name: string; trainer: Trainer; hooks: ForgettingHooks | null; adapts: boolean; seconds: number[] }[] = [];
  let fisherSeconds = 0;
  let fisherImages = 0;
  try {
    for (const [name, { penalty, adaptation }] of Object.entries(ARMS)) {
      const config: TrainConfig = {
        epochs: 1, batchSize: BATCH, seed: 1, optimizer: { ...DEFAULT_OPTIMIZER, name: 'adam', learningRate: 1e-4 },
        ...(penalty ? { pretrainedPenalty: penalty } : {}),
        ...(adaptation ? { domainTarget: { kind: 'shiftedSample' as const }, domainAdaptation: adaptation } : {}),
      };
      const onFisher = (e: EngineEvent) => { if (e.type === 'fisher' && e.finished) { fisherSeconds = e.seconds; fisherImages = e.total; } };
      const hooks = penalty ? await support.hooksFor(stage, config, onFisher) : null;
      const trainer = new Trainer(model, freeze, data, config, () => {}, { penalty: hooks?.penalty, ...(adaptation ? { target } : {}) });
      arms.push({ name, trainer, hooks, adapts: adaptation !== undefined, seconds: [] });
    }
    const domainOf = (adapts: boolean) => (adapts ? { input: targetImages, progress: 0.5 } : undefined);
    // Warm-up compiles every shader each arm needs.
    for (const arm of arms) await timeSteps(arm.trainer, images, labels, 2, domainOf(arm.adapts));
    const perBlock = Math.max(1, Math.floor(steps / ROUNDS));
    for (let round = 0; round < ROUNDS; round++) {
      for (const arm of arms) arm.seconds.push(await timeSteps(arm.trainer, images, labels, perBlock, domainOf(arm.adapts)));
    }
    const results = arms.map(({ name, seconds }) => {
      const total = seconds.reduce((a, b) => a + b, 0);
      return { name, stepsPerSecond: (perBlock * ROUNDS) / total, msPerStep: (1000 * total) / (perBlock * ROUNDS), blockSeconds: seconds };
    });
    const none = results.find((r) => r.name === 'none');
    const summary: Record<string, number> = { regularizers_fisher_seconds: fisherSeconds };
    for (const r of results) if (none && r !== none) summary[`${r.name}_vs_none_step_ratio`] = r.msPerStep / none.msPerStep;
    return { model: 'Thaw Shapes CNN (built-in), all blocks trainable', inputSize: SPEC.inputSize, batchSize: BATCH, params: model.countParams(), stepsPerArm: perBlock * ROUNDS, arms: results, fisherSeconds, fisherImages, summary };
  } finally {
    for (const arm of arms) { arm.trainer.dispose(); arm.hooks?.dispose(); }
    support.dispose();
    tf.dispose([images, labels, targetImages]);
    model.dispose();
  }
}

/** `domain`: the unlabelled target batch of an adapting arm (at mid-run progress, DANN's λ ramp half-way). */
async function timeSteps(trainer: Trainer, images: tf.Tensor, labels: tf.Tensor1D, steps: number, domain?: { input: tf.Tensor; progress: number }): Promise<number> {
  const start = performance.now();
  // trainStep reads its loss back, so each step has finished on the device when it returns.
  for (let i = 0; i < steps; i++) await trainer.trainStep(images, labels, domain ? { domain } : {});
  return (performance.now() - start) / 1000;
}
