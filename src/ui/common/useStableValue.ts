import { useState } from 'react';

/**
 * `value`, or the one returned before when `same` says they are alike: a view memoised on it then redraws
 * only when what it shows changed, not each time a new array or object says the same thing again.
 */
export function useStableValue<T>(value: T, same: (kept: T, next: T) => boolean): T {
  const [kept, setKept] = useState(value);
  // Set during render (React's pattern for state derived from props): the render with `value` follows at once.
  if (kept !== value && !same(kept, value)) {
    setKept(() => value);
    return value;
  }
  return kept;
}
