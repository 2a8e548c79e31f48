import { formatNumber, i18n } from './i18n/i18n';

/**
 * Sizes as people read them: KB (at least 1), MB with one decimal, GB with two, in the user's locale
 * and units (256,0 Mo in French). No digit grouping: "1023.5 MB" reads as one figure.
 */
export function formatBytes(bytes: number): string {
  const figure = (value: number, digits: number) => formatNumber(value, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
  if (bytes < 1024 * 1024) return i18n.t('units:KB', { value: figure(Math.max(1, Math.round(bytes / 1024)), 0) });
  if (bytes < 1024 ** 3) return i18n.t('units:MB', { value: figure(bytes / 1024 ** 2, 1) });
  return i18n.t('units:GB', { value: figure(bytes / 1024 ** 3, 2) });
}
