/**
 * `values[index]` where the caller knows the index is in range (a tensor read back with a known
 * length, a position from the same array's keys): a miss is a bug, thrown rather than read on as undefined.
 */
export function valueAt<T>(values: ArrayLike<T>, index: number): T {
  const value = values[index];
  if (value === undefined) throw new RangeError(`Index ${index} is out of range (length ${values.length})`);
  return value;
}

/** The positions start, start + 1, …, end − 1 (none when end ≤ start). */
export function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}
