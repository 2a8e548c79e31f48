/** Type guards for records read back from IndexedDB, which may be damaged or from another version. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
