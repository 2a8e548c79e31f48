/**
 * The studio's one translation instance (i18next). It lives in common/ so the stores (notices,
 * refusals) and the components translate through the same catalogue; React binds it with
 * react-i18next's `useTranslation`. Why i18next rather than Lingui: its catalogues are plain JSON
 * read at run time (no compile step, no Babel/SWC macro in the Vite build), and a unit test can
 * compare the languages key by key.
 *
 * Catalogues are split by feature into namespaces (locales/<lang>/<namespace>.json) so that
 * features add their strings without editing one shared file.
 */
import i18next, { type i18n as I18n } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { CATALOGUES, NAMESPACES, SUPPORTED_LANGUAGES, type Language } from './catalogues';
// The one module of the project common/ reaches (.dependency-cruiser.cjs says why): the contract's
// hook for wording why a value was refused, which imports nothing itself.
import { setIssuePhrasing, type IssueReason } from '../../contract/issues';

export const i18n: I18n = i18next.createInstance();

/**
 * The page finds its language (the user's choice kept in localStorage, else the browser's). The
 * workers (engine, importer) word their refusals, skip reasons and notes through this same instance
 * but have no DOM and no localStorage: they start in English and take the page's language from the
 * store (setLanguage, see workerLanguage.ts), at start and at each switch. Unit tests run
 * like a worker (no document), in English unless a test sets another language.
 */
const onPage = typeof document !== 'undefined';
if (onPage) i18n.use(LanguageDetector);

void i18n
  .init({
    ...(onPage ? {} : { lng: 'en' }),
    resources: CATALOGUES,
    ns: [...NAMESPACES],
    defaultNS: 'studio',
    fallbackLng: 'en',
    supportedLngs: [...SUPPORTED_LANGUAGES],
    nonExplicitSupportedLngs: true,
    // React escapes what it renders; escaping here too would show &amp; on screen.
    interpolation: { escapeValue: false },
    detection: { order: ['localStorage', 'navigator'], lookupLocalStorage: 'thaw.language', caches: ['localStorage'] },
    initAsync: false,
    returnNull: false,
  });

// The page's lang attribute follows the language, so screen readers pronounce it right.
i18n.on('languageChanged', () => {
  if (typeof document !== 'undefined') document.documentElement.lang = currentLanguage();
});

/**
 * Why a field of an imported file was refused (a settings file, a runs file, an archive's
 * config.json): the contract knows the reason, the 'issues' catalogue words it. Set here, where the
 * page and both workers load the language, so no caller has to remember it; worded when the refusal
 * is made, in the language of that moment. Type names ("a whole number") are words too.
 */
function phraseIssue(reason: IssueReason): string {
  const expected = 'expected' in reason ? { expected: i18n.t(`issues:types.${reason.expected}`, { defaultValue: reason.expected }) } : {};
  return i18n.t(`issues:${reason.kind}`, { ...reason, ...expected });
}
setIssuePhrasing(phraseIssue);

/** The language in use, reduced to one the studio has ('fr-CA' → 'fr'). */
export function currentLanguage(): Language {
  const resolved = (i18n.resolvedLanguage ?? i18n.language ?? 'en').slice(0, 2);
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(resolved) ? (resolved as Language) : 'en';
}

/** The BCP 47 locale for numbers and dates: the browser's own when it speaks the studio's language. */
export function currentLocale(): string {
  const language = currentLanguage();
  // A worker's navigator, or a test's stand-in, may name no language at all.
  const browser = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];
  return browser.find((tag) => typeof tag === 'string' && tag.toLowerCase().startsWith(language)) ?? language;
}

export function setLanguage(language: Language): Promise<unknown> {
  return i18n.changeLanguage(language);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per locale and options, made once: building an Intl formatter costs far more than formatting
 * with one, and the live views and tables format at every redraw.
 */
function formatterFor<T>(cache: Map<string, T>, options: object | undefined, make: (locale: string) => T): T {
  const locale = currentLocale();
  const key = `${locale} ${options ? JSON.stringify(options) : ''}`;
  let formatter = cache.get(key);
  if (!formatter) cache.set(key, (formatter = make(locale)));
  return formatter;
}

/** A count or measure in the user's locale (1,234.5 in English, 1 234,5 in French). */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return formatterFor(numberFormats, options, (locale) => new Intl.NumberFormat(locale, options)).format(value);
}

/** The largest distance from 1970, in ms, that a Date can hold (ECMAScript's time value range). */
const LARGEST_TIME_MS = 8.64e15;

/** A date or time (ms since 1970) in the user's locale; '—' for a number no date can hold (an imported record may carry any). */
export function formatDateTime(ms: number, options: Intl.DateTimeFormatOptions): string {
  if (!(Math.abs(ms) <= LARGEST_TIME_MS)) return '—';
  return formatterFor(dateFormats, options, (locale) => new Intl.DateTimeFormat(locale, options)).format(ms);
}
