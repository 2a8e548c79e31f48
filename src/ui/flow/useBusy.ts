import { useStudio } from '../../store/studioStore';

/** Settings are locked while a run trains or pauses, while the engine starts and while a model loads. */
export function useBusy(): boolean {
  return useStudio((s) => s.runState === 'training' || s.runState === 'paused' || s.engineStatus !== 'ready' || s.modelLoading !== null);
}
