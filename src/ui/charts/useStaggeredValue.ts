import { startTransition, useContext, useEffect, useState } from 'react';
import { OnScreen } from '../common/onScreen';

/**
 * The live views' redraw slots, in ms after new data arrives (every 250 ms while training). Each view
 * redraws in its own task: recharts re-renders its parts synchronously from its own store after each
 * commit, which no transition can slice, so views redrawn together made one task as long as all of them.
 */
export const REDRAW_SLOT_MS = { loss: 0, epochLoss: 40, learningRate: 80, epochAccuracy: 120, domain: 140, diagnosis: 160, confusion: 200, overlay: 240, mistakes: 280, runs: 320 } as const;

/**
 * `value` as shown: it follows `value` `delayMs` after each change, in a background (transition) render.
 * A change arriving before the slot fires replaces the pending one, so the view shows the newest data.
 * While the view is off screen during a run (OnScreen), changes wait; it catches up when it comes into sight.
 */
export function useStaggeredValue<T>(value: T, delayMs: number): T {
  const onScreen = useContext(OnScreen);
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (!onScreen) return;
    const timer = setTimeout(() => startTransition(() => setShown(() => value)), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs, onScreen]);
  return shown;
}
