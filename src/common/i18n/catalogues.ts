/**
 * Every catalogue the studio ships: one JSON file per language and namespace
 * (locales/<language>/<namespace>.json), found by Vite at build time, so a feature adds its strings
 * by adding its files and nothing else. The unit test (catalogues.test.ts) fails when a key of
 * English is missing, empty or left in English in another language, or a namespace lacks a language.
 */
export const SUPPORTED_LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français' };

type Catalogue = Record<string, unknown>;

const files = import.meta.glob<Catalogue>('./locales/*/*.json', { eager: true, import: 'default' });

function cataloguesOf(language: Language): Record<string, Catalogue> {
  const prefix = `./locales/${language}/`;
  return Object.fromEntries(Object.entries(files)
    .filter(([path]) => path.startsWith(prefix))
    .map(([path, catalogue]) => [path.slice(prefix.length, -'.json'.length), catalogue]));
}

export const CATALOGUES: Record<Language, Record<string, Catalogue>> = { en: cataloguesOf('en'), fr: cataloguesOf('fr') };

/** Every namespace, as English has them (English is the reference every language is checked against). */
export const NAMESPACES: readonly string[] = Object.keys(CATALOGUES.en).sort();
