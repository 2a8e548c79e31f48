import type { StudioState } from '../../store/studioStore';
import { useDeferredStudio } from '../common/useDeferredStudio';

/** Settings are locked while a run trains or pauses, while the engine starts and while a model loads. */
export const selectBusy = (s: StudioState): boolean =>
  s.runState === 'training' || s.runState === 'paused' || s.engineStatus !== 'ready' || s.modelLoading !== null;

/** Settings locked or not, in a background render: every field of the page reads it (see useDeferredStudio). */
export function useBusy(): boolean {
  return useDeferredStudio(selectBusy);
}

/** Whether a run trains or pauses (fields that stay open while the engine starts), in a background render too. */
export const selectRunActive = (s: StudioState): boolean => s.runState === 'training' || s.runState === 'paused';
