/**
 * Small yes/no preferences of the page (a disclosure opened, the tour dismissed) in localStorage.
 * Storage can be off (private windows, blocked cookies): then the flag reads false and is not kept,
 * which is the same as a first visit, never an error.
 */
export function readStoredFlag(key: string): boolean {
  try {
    return globalThis.localStorage?.getItem(key) === '1';
  } catch {
    return false;
  }
}

export function writeStoredFlag(key: string, value: boolean): void {
  try {
    if (value) globalThis.localStorage?.setItem(key, '1');
    else globalThis.localStorage?.removeItem(key);
  } catch {
    // Storage refused: the preference lasts as long as the page.
  }
}
