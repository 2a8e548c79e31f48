import { z } from './zod';
import { phraseIssue } from './issues';

/**
 * A metric of a diverged run is NaN or infinite. IndexedDB keeps such numbers as they are; JSON writes
 * them as null, which reads back as NaN. zod's own number refuses all three, so metrics use this.
 */
export function metric(schema: z.ZodNumber = z.number()) {
  const nonFinite = z.custom<number>((v) => typeof v === 'number' && !Number.isFinite(v), { error: () => phraseIssue({ kind: 'notANumber' }) });
  return z.union([schema, nonFinite, z.null().transform(() => Number.NaN)]);
}
