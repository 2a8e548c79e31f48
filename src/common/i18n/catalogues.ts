/**
 * Every catalogue the studio ships, one JSON file per language and namespace. A namespace is
 * added here once for all languages; the unit test (catalogues.test.ts) fails when a key of one
 * language is missing, empty or left in English in another.
 */
import enStudio from './locales/en/studio.json';
import frStudio from './locales/fr/studio.json';
import enAdaptation from './locales/en/adaptation.json';
import frAdaptation from './locales/fr/adaptation.json';

export const SUPPORTED_LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français' };

export const NAMESPACES = ['studio', 'adaptation'] as const;
export type Namespace = (typeof NAMESPACES)[number];

type Catalogue = Record<string, unknown>;

export const CATALOGUES: Record<Language, Record<Namespace, Catalogue>> = {
  en: { studio: enStudio, adaptation: enAdaptation },
  fr: { studio: frStudio, adaptation: frAdaptation },
};
