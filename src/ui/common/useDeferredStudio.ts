import { startTransition, useEffect, useState } from 'react';
import { useStudio, type StudioState } from '../../store/studioStore';

/**
 * A studio value that the page may show a moment late, re-rendered in a background (transition) render.
 * zustand's own hook renders synchronously, so a change many parts of the page read at once (a run
 * starting or ending locks or unlocks every settings field) made one main-thread task as long as the
 * whole page's render (measured 60–100 ms; BENCHMARKS.md, issue #23). A transition is time-sliced
 * instead. `selector` must be stable (declared once, outside the component).
 */
export function useDeferredStudio<T>(selector: (state: StudioState) => T): T {
  const [value, setValue] = useState(() => selector(useStudio.getState()));
  useEffect(() => {
    const follow = () => {
      const next = selector(useStudio.getState());
      startTransition(() => setValue(() => next));
    };
    follow();
    return useStudio.subscribe(follow);
  }, [selector]);
  return value;
}
