import { describe, expect, it } from 'vitest';
import { frozenBlocksFor, geometricLrMultipliers, headFirstUnfreezing } from './presets';

const blocks = ['stem', 'block1', 'block2', 'block3', 'head'];

describe('strategy presets', () => {
  it('feature extraction freezes everything but the head; full retraining nothing', () => {
    expect([...frozenBlocksFor(blocks, { id: 'feature-extraction' })]).toEqual(['stem', 'block1', 'block2', 'block3']);
    expect(frozenBlocksFor(blocks, { id: 'full-retraining' }).size).toBe(0);
  });

  it('fine-tune top N leaves the head and the N blocks below it trainable', () => {
    expect([...frozenBlocksFor(blocks, { id: 'fine-tune-top', blocks: 2 })]).toEqual(['stem', 'block1']);
    expect(frozenBlocksFor(blocks, { id: 'fine-tune-top', blocks: 99 }).size).toBe(0);
  });

  it('freeze_to(k) freezes the first k blocks, negative k counting from the top as in fastai', () => {
    expect([...frozenBlocksFor(blocks, { id: 'freeze-to', k: 2 })]).toEqual(['stem', 'block1']);
    expect([...frozenBlocksFor(blocks, { id: 'freeze-to', k: -1 })]).toEqual(['stem', 'block1', 'block2', 'block3']);
  });

  it('geometric learning rates decay by alpha per block from the head down', () => {
    const m = geometricLrMultipliers(blocks, 0.5);
    expect(m).toEqual({ stem: 0.0625, block1: 0.125, block2: 0.25, block3: 0.5, head: 1 });
  });

  it('fine-tune top N and full retraining train the head alone for one epoch first; the others need no head-first epoch', () => {
    expect(headFirstUnfreezing({ id: 'fine-tune-top', blocks: 2 }, blocks.length)).toEqual({ everyEpochs: 1, thawAll: true, maxThawed: 2 });
    expect(headFirstUnfreezing({ id: 'fine-tune-top', blocks: 9 }, blocks.length)).toEqual({ everyEpochs: 1, thawAll: true, maxThawed: 4 });
    expect(headFirstUnfreezing({ id: 'full-retraining' }, blocks.length)).toEqual({ everyEpochs: 1, thawAll: true });
    expect(headFirstUnfreezing({ id: 'fine-tune-top', blocks: 0 }, blocks.length)).toBeNull();
    expect(headFirstUnfreezing({ id: 'feature-extraction' }, blocks.length)).toBeNull();
    expect(headFirstUnfreezing({ id: 'freeze-to', k: 2 }, blocks.length)).toBeNull();
  });
});
