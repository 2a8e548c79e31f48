import { describe, expect, it, vi } from 'vitest';
import { expandGrid } from './grid';
import { headEpochsFor, LESSON_IDS, lessonPlan, type LessonOptions } from './lessons';

// Lessons reach the studio store only for "Set up"; not needed here.
vi.mock('./studioStore', () => ({ useStudio: { getState: () => ({}) } }));

const options: LessonOptions = { epochs: 2, seeds: [1], imbalance: { minorityClass: 1, ratio: 10, drop: false }, augmentations: ['basic', 'mixup', 'cutmix'] };
const sample = { classNames: ['circle', 'square', 'triangle'], trainCounts: [40, 40, 40] };

describe('lessons', () => {
  it('each lesson is a grid of the runs it asks for', () => {
    const runs = Object.fromEntries(LESSON_IDS.map((id) => {
      const plan = lessonPlan(id, options, { dataset: sample, architecture: 'small-cnn' });
      if ('refusal' in plan) throw new Error(plan.refusal);
      return [id, expandGrid(plan.start.axes, plan.start.seeds).length];
    }));
    expect(runs).toEqual({ 'three-strategies': 3, 'gradual-unfreezing': 3, 'class-imbalance': 3, ablation: 12, 'first-fine-tune': 1 });
  });

  it('fine-tunes the pretrained model in use, else the built-in one', () => {
    const plan = lessonPlan('three-strategies', options, { dataset: sample, architecture: 'mobilenet-v1-0.25' });
    expect('start' in plan && plan.start.fixed.architecture).toBe('mobilenet-v1-0.25');
    const scratch = lessonPlan('three-strategies', options, { dataset: sample, architecture: 'small-cnn' });
    expect('start' in scratch && scratch.start.fixed.architecture).toBe('thaw-shapes-cnn');
  });

  it('says when a dataset does not fit: one class, or a rare class left with too few images', () => {
    expect(lessonPlan('three-strategies', options, { dataset: { classNames: ['a'], trainCounts: [10] }, architecture: 'small-cnn' })).toEqual({ refusal: 'needs a dataset with at least 2 classes' });
    const tiny = lessonPlan('class-imbalance', options, { dataset: { classNames: ['a', 'b'], trainCounts: [12, 12] }, architecture: 'small-cnn' });
    expect('refusal' in tiny && tiny.refusal).toMatch(/class 2 would keep 1 training images/);
    const plan = lessonPlan('class-imbalance', options, { dataset: sample, architecture: 'small-cnn' });
    expect('start' in plan && plan.start.fixed.trainSubset).toEqual({ keepFraction: [1, 0.1, 1] });
  });

  it("lesson 5's head-only epochs are the course's 5 of 20, scaled down for short runs", () => {
    expect([20, 8, 2, 1].map(headEpochsFor)).toEqual([5, 2, 1, 1]);
  });
});
