/**
 * Every catalogue the studio ships, one JSON file per language and namespace. A namespace is
 * added here once for all languages; the unit test (catalogues.test.ts) fails when a key of one
 * language is missing, empty or left in English in another.
 */
import enStudio from './locales/en/studio.json';
import frStudio from './locales/fr/studio.json';
import enLessons from './locales/en/lessons.json';
import frLessons from './locales/fr/lessons.json';
import enAugmentation from './locales/en/augmentation.json';
import frAugmentation from './locales/fr/augmentation.json';
import enDiagram from './locales/en/diagram.json';
import frDiagram from './locales/fr/diagram.json';
import enPresenter from './locales/en/presenter.json';
import frPresenter from './locales/fr/presenter.json';

export const SUPPORTED_LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français' };

export const NAMESPACES = ['studio', 'lessons', 'augmentation', 'diagram', 'presenter'] as const;
export type Namespace = (typeof NAMESPACES)[number];

type Catalogue = Record<string, unknown>;

export const CATALOGUES: Record<Language, Record<Namespace, Catalogue>> = {
  en: { studio: enStudio, lessons: enLessons, augmentation: enAugmentation, diagram: enDiagram, presenter: enPresenter },
  fr: { studio: frStudio, lessons: frLessons, augmentation: frAugmentation, diagram: frDiagram, presenter: frPresenter },
};
