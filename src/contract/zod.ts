import { z } from 'zod';

// Zod builds a faster parser with `new Function` when eval is allowed, and probes for it when a schema
// is built. The page's Content-Security-Policy forbids eval, and even a caught probe is reported as a
// policy violation: tell zod never to try. Every schema imports z from here, so this runs first.
z.config({ jitless: true });

export { z };
