/**
 * One tab at a time may write the studio's IndexedDB data (datasets, runs, checkpoints): it holds an
 * exclusive Web Lock for as long as it lives. A second tab finds the lock taken and asks the user before
 * taking it over; the tab it was taken from is told (its request is aborted) and stops writing.
 */
const LOCK_NAME = 'thaw-studio-writer';
/** A reloaded tab's previous page may still hold the lock for a moment while it unloads. */
const RETRIES = 8;
const RETRY_MS = 250;

export type TabClaim = 'owner' | 'elsewhere';

function request(takeOver: boolean, onLost: () => void): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    navigator.locks.request(LOCK_NAME, takeOver ? { steal: true } : { ifAvailable: true }, async (lock) => {
      resolve(lock !== null);
      // Held until the tab closes, or until another tab steals it (which rejects the request below).
      if (lock) await new Promise<never>(() => {});
    }).catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'AbortError') onLost();
    });
  });
}

/**
 * Claims the studio for this tab. Without `takeOver` it gives up (after a short wait) if another tab holds
 * it; with `takeOver` the other tab loses the lock. `onLost` runs if another tab later takes it from this one.
 * Browsers without the Web Locks API cannot tell: every tab is treated as the owner.
 */
export async function claimStudioTab(takeOver: boolean, onLost: () => void): Promise<TabClaim> {
  if (typeof navigator === 'undefined' || !navigator.locks) return 'owner';
  if (takeOver) return (await request(true, onLost)) ? 'owner' : 'elsewhere';
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    if (await request(false, onLost)) return 'owner';
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
  return 'elsewhere';
}
