import type { TrainConfig } from '../contract';

/** What a lesson fixes for each of its runs; everything else comes from the training form. */
export interface LessonRun { seed: number; epochs: number; learningRate: number }

/**
 * The form's config as a lesson's run starts from it: the lesson's seed, epochs and constant rate, and none
 * of the form's extras that would change what the lesson compares (augmentation, callbacks, a penalty toward
 * pretrained weights, a target domain and its adaptation). Each lesson adds its arm's own setting back.
 */
export function lessonRunConfig(config: TrainConfig, run: LessonRun): TrainConfig {
  const { pretrainedPenalty: _penalty, augmentation: _augmentation, callbacks: _callbacks, domainAdaptation: _adaptation, domainTarget: _target, ...rest } = config;
  return { ...rest, seed: run.seed, epochs: run.epochs, optimizer: { ...config.optimizer, learningRate: run.learningRate }, schedule: { kind: 'constant' } };
}
