import { formatNumber } from '../../common/i18n/i18n';

/** A share as a percentage with one decimal in the user's locale (12.5% in English, 12,5 % in French); '—' when unknown. */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return formatNumber(share, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** A measure with a fixed number of decimals in the user's locale (a loss: 0.1234 or 0,1234); '—' when unknown. */
export function formatFixed(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatNumber(value, { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: false });
}
