/**
 * Every catalogue the studio ships, one JSON file per language and namespace. A namespace is
 * added here once for all languages; the unit test (catalogues.test.ts) fails when a key of one
 * language is missing, empty or left in English in another.
 */
import enStudio from './locales/en/studio.json';
import frStudio from './locales/fr/studio.json';
import enFlow from './locales/en/flow.json';
import frFlow from './locales/fr/flow.json';
import enControls from './locales/en/controls.json';
import frControls from './locales/fr/controls.json';
import enCharts from './locales/en/charts.json';
import frCharts from './locales/fr/charts.json';
import enData from './locales/en/data.json';
import frData from './locales/fr/data.json';
import enExperiments from './locales/en/experiments.json';
import frExperiments from './locales/fr/experiments.json';
import enLayers from './locales/en/layers.json';
import frLayers from './locales/fr/layers.json';
import enCamera from './locales/en/camera.json';
import frCamera from './locales/fr/camera.json';
import enMessages from './locales/en/messages.json';
import frMessages from './locales/fr/messages.json';

export const SUPPORTED_LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français' };

export const NAMESPACES = ['studio', 'flow', 'controls', 'charts', 'data', 'experiments', 'layers', 'camera', 'messages'] as const;
export type Namespace = (typeof NAMESPACES)[number];

type Catalogue = Record<string, unknown>;

export const CATALOGUES: Record<Language, Record<Namespace, Catalogue>> = {
  en: { studio: enStudio, flow: enFlow, controls: enControls, charts: enCharts, data: enData, experiments: enExperiments, layers: enLayers, camera: enCamera, messages: enMessages },
  fr: { studio: frStudio, flow: frFlow, controls: frControls, charts: frCharts, data: frData, experiments: frExperiments, layers: frLayers, camera: frCamera, messages: frMessages },
};
