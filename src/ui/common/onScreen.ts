import { createContext, useCallback, useState } from 'react';

/**
 * Whether the views inside are in the viewport. A live view off screen holds its redraws back
 * while training (see useStaggeredValue): the page then draws only what the user can see, and each
 * held-back view catches up as it scrolls into sight. Outside any provider (the presenter view) it is true.
 */
export const OnScreen = createContext(true);

/**
 * A ref for an element and whether any of it is in the viewport, followed by an IntersectionObserver
 * (no work per scroll event). True until the first observation, and wherever the observer is missing.
 */
export function useOnScreen<T extends Element>(): [(element: T | null) => (() => void) | undefined, boolean] {
  const [onScreen, setOnScreen] = useState(true);
  const ref = useCallback((element: T | null) => {
    if (!element || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver((entries) => {
      const latest = entries.at(-1);
      if (latest) setOnScreen(latest.isIntersecting);
    });
    observer.observe(element);
    // React 19 calls a ref's returned cleanup when the element goes.
    return () => observer.disconnect();
  }, []);
  return [ref, onScreen];
}
