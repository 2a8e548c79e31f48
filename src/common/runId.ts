/** A run's id: sortable by start time, unique enough for one browser's IndexedDB. */
export function newRunId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
