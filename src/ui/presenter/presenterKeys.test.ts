import { describe, expect, it } from 'vitest';
import { presenterCommand, spaceAction } from './presenterKeys';

describe('presenter keys', () => {
  it('maps Space, T, F and Esc (either case) and leaves other keys alone', () => {
    expect([' ', 't', 'T', 'f', 'F', 'Escape'].map(presenterCommand)).toEqual(['pause-resume', 'thaw-next', 'thaw-next', 'freeze-body', 'freeze-body', 'close']);
    expect(['Enter', 'Tab', 'x', 'ArrowUp'].map(presenterCommand)).toEqual([null, null, null, null]);
  });

  it('pauses a training run, resumes a paused one, and does nothing without a run under way', () => {
    expect(spaceAction('training')).toBe('pause');
    expect(spaceAction('paused')).toBe('resume');
    for (const state of ['idle', 'stopped', 'finished', 'failed'] as const) expect(spaceAction(state)).toBeNull();
  });
});
