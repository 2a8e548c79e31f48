/** A padlock, shut on a frozen block and open on a trainable one (drawn, not an emoji: not every system has an emoji font). */
export function LockIcon({ shut }: { shut: boolean }) {
  return (
    <svg className="diagram-icon" viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false">
      <path d={shut ? 'M4.5 7V5a3.5 3.5 0 0 1 7 0v2' : 'M4.5 7V5a3.5 3.5 0 0 1 6.8-1.2'} fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="2.5" y="7" width="11" height="8" rx="1.5" fill="currentColor" />
    </svg>
  );
}
