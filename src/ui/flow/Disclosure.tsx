import { useState, type ReactNode } from 'react';
import { readStoredFlag, writeStoredFlag } from './storedFlags';

/**
 * Advanced settings folded behind a <details>: closed by default, and it remembers whether the
 * user opened it (localStorage), so a teacher who needs the callbacks does not reopen them each visit.
 */
export function Disclosure({ id, summary, children }: { id: string; summary: string; children: ReactNode }) {
  const key = `thaw.disclosure.${id}`;
  const [open, setOpen] = useState(() => readStoredFlag(key));
  return (
    <details
      className="disclosure" data-disclosure={id} open={open}
      onToggle={(event) => {
        const now = event.currentTarget.open;
        setOpen(now);
        writeStoredFlag(key, now);
      }}
    >
      <summary>{summary}</summary>
      <div className="disclosure-body">{children}</div>
    </details>
  );
}
