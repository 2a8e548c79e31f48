import type { StudioState } from '../../store/studioState';

type RunState = StudioState['runState'];

/** What a key does in the presenter view; null for a key it leaves alone. */
export type PresenterCommand = 'pause-resume' | 'thaw-next' | 'freeze-body' | 'close';

export function presenterCommand(key: string): PresenterCommand | null {
  switch (key) {
    case ' ': return 'pause-resume';
    case 't': case 'T': return 'thaw-next';
    case 'f': case 'F': return 'freeze-body';
    case 'Escape': return 'close';
    default: return null;
  }
}

/** What Space does in a run state: pause a run that trains, resume a paused one, or nothing (no run under way). */
export function spaceAction(state: RunState): 'pause' | 'resume' | null {
  if (state === 'training') return 'pause';
  if (state === 'paused') return 'resume';
  return null;
}
