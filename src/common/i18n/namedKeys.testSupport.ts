import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, SUPPORTED_LANGUAGES } from './catalogues';

/** Every `'namespace:key'` literal of the given namespaces in the code under `dir` (tests aside), with the file that names it. */
function namedKeys(dir: string, namespaces: readonly string[]): [string, string][] {
  const pattern = new RegExp(`'(${namespaces.join('|')}):([\\w.-]+)'`, 'g');
  return readdirSync(dir).flatMap((name): [string, string][] => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return namedKeys(path, namespaces);
    if (!/\.tsx?$/.test(name) || /\.test\.ts$/.test(name)) return [];
    return [...readFileSync(path, 'utf8').matchAll(pattern)].map((m) => [`${m[1]}:${m[2]}`, path]);
  });
}

function lookup(catalogue: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), catalogue);
}

/**
 * Tests that every key of `namespaces` the code under `dir` names exists as a string in every language,
 * and that at least `atLeast` keys were found (so a broken pattern cannot pass by finding none).
 */
export function describeNamedKeys(title: string, dir: string, namespaces: readonly string[], atLeast: number): void {
  describe(title, () => {
    const keys = namedKeys(dir, namespaces);

    it('are found in the code', () => {
      expect(keys.length).toBeGreaterThan(atLeast);
    });

    for (const language of SUPPORTED_LANGUAGES) {
      it(`each names a ${language} string`, () => {
        const missing = keys.filter(([key]) => {
          const [namespace, path] = key.split(':') as [string, string];
          return typeof lookup(CATALOGUES[language][namespace], path) !== 'string';
        });
        expect(missing).toEqual([]);
      });
    }
  });
}
