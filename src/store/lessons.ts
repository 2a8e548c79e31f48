import { keepFractions, subsetRefusal, type ImbalanceSpec } from '../common/imbalancedSubset';
import type { ArchitectureId, AugmentationPreset, DatasetSummary, GridAxis, GridFixed } from '../contract';
import { catalogEntry } from '../models/catalog';
import { expandGrid, resolveRun } from './grid';
import type { GridStart } from './gridStore';
import { useStudio } from './studioStore';
import { i18n } from '../common/i18n/i18n';

/**
 * The course's five exercises as lessons: each a grid with fixed values over the dataset the studio
 * holds (the built-in sample or an imported one), with its own table and reading (LessonsPanel,
 * lessonReadings.ts). A lesson's epochs scale with "Epochs per run" (the course's numbers by default).
 */
export type LessonId = 'three-strategies' | 'gradual-unfreezing' | 'class-imbalance' | 'ablation' | 'first-fine-tune';
export const LESSON_IDS: readonly LessonId[] = ['three-strategies', 'gradual-unfreezing', 'class-imbalance', 'ablation', 'first-fine-tune'];

/** The course's epochs per run for each lesson. */
export const ABLATION_AUGMENTATIONS: readonly AugmentationPreset[] = ['basic', 'mixup', 'cutmix'];

export const LESSON_EPOCHS: Record<LessonId, number> = {
  'three-strategies': 10, 'gradual-unfreezing': 15, 'class-imbalance': 10, ablation: 8, 'first-fine-tune': 20,
};

export interface LessonOptions {
  epochs: number;
  seeds: number[];
  /** Lesson 3: the minority class and its ratio, or that class dropped from training. */
  imbalance: { minorityClass: number; ratio: number; drop: boolean };
  /** Lesson 4: the augmentations compared (basic, mixup and CutMix by default). */
  augmentations: AugmentationPreset[];
}

export interface LessonContext {
  dataset: Pick<DatasetSummary, 'classNames' | 'trainCounts'>;
  architecture: ArchitectureId;
}

/** The pretrained backbone a lesson fine-tunes: the studio's current one when it is pretrained, else the built-in one. */
export function lessonBackbone(architecture: ArchitectureId): ArchitectureId {
  return catalogEntry(architecture).pretrained && architecture !== 'imported-backbone' ? architecture : 'thaw-shapes-cnn';
}

/** Lesson 5's head-only epochs: the course's 5 of 20, scaled with the run's epochs (at least 1, leaving one to fine-tune). */
export function headEpochsFor(epochs: number): number {
  return Math.max(1, Math.min(5, Math.round(epochs / 4), epochs - 1));
}

export function imbalanceSpecOf(options: LessonOptions['imbalance']): ImbalanceSpec {
  return options.drop ? { kind: 'drop', classes: [options.minorityClass] } : { kind: 'ratio', ratio: options.ratio, minorityClasses: [options.minorityClass] };
}

/** A lesson as a grid, or why the dataset does not fit it. */
export function lessonPlan(id: LessonId, options: LessonOptions, context: LessonContext): { start: GridStart } | { refusal: string } {
  const { dataset } = context;
  if (dataset.classNames.length < 2) return { refusal: i18n.t('store:lessons.needsTwoClasses') };
  const backbone = lessonBackbone(context.architecture);
  const form = { epochs: options.epochs };
  const grid = (axes: GridAxis[], fixed: GridFixed): { start: GridStart } => ({ start: { kind: id, title: i18n.t(`store:lessons.titles.${id}`), axes, seeds: options.seeds, fixed } });
  switch (id) {
    case 'three-strategies':
      return grid([{ setting: { kind: 'preset' }, values: ['feature-extraction', 'top-2', 'full'] }], { form, architecture: backbone });
    case 'gradual-unfreezing':
      return grid([{ setting: { kind: 'unfreezing' }, values: ['every-epoch', 'every-5-epochs', 'on-plateau'] }], { form, architecture: backbone, preset: 'feature-extraction' });
    case 'class-imbalance': {
      const spec = imbalanceSpecOf(options.imbalance);
      if (options.imbalance.minorityClass >= dataset.classNames.length) return { refusal: i18n.t('store:lessons.pickClass') };
      const refusal = subsetRefusal(dataset.trainCounts, spec);
      if (refusal) return { refusal: i18n.t('store:lessons.thisDataset', { refusal }) };
      return grid([{ setting: { kind: 'field', field: 'classBalance' }, values: ['none', 'inverse', 'oversample'] }],
        { form, architecture: backbone, preset: 'feature-extraction', trainSubset: { keepFraction: keepFractions(dataset.trainCounts, spec) } });
    }
    case 'ablation':
      if (options.augmentations.length === 0) return { refusal: i18n.t('store:lessons.tickAugmentation') };
      return grid([
        { setting: { kind: 'backbone' }, values: [backbone, 'small-cnn'] },
        { setting: { kind: 'preset' }, values: ['feature-extraction', 'full'] },
        { setting: { kind: 'augmentation' }, values: options.augmentations },
      ], { form });
    case 'first-fine-tune':
      return grid([], {
        form: { ...form, earlyStoppingPatience: 3, plateauPatience: 2 },
        architecture: backbone, preset: 'feature-extraction', headDropout: 0.3, headL2: 0.001,
        unfreezing: { everyEpochs: headEpochsFor(options.epochs), thawAll: true, maxThawed: 1, lrFactorAtThaw: 0.1 },
      });
  }
}

/** "Set up": the lesson's first run's settings, model and freezing, applied now, so the studio shows what the lesson trains. */
export async function setUpLesson(start: GridStart): Promise<void> {
  const [first] = expandGrid(start.axes, start.seeds);
  if (!first) return;
  const run = resolveRun(start.fixed, start.axes, first);
  const studio = useStudio.getState();
  studio.updateTrainingForm(run.form);
  await studio.rebuildModel({
    ...(run.architecture ? { architecture: run.architecture } : {}),
    ...(run.headDropout !== undefined ? { dropout: run.headDropout } : {}),
    ...(run.headL2 !== undefined ? { headL2: run.headL2 } : {}),
  });
  if (run.preset) await useStudio.getState().applyPreset(run.preset);
}
