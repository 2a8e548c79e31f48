import { describe, expect, it } from 'vitest';
import { formatDateTime, formatNumber, setLanguage } from './i18n';

describe('locale formatters', () => {
  it('format dates at the edges of what a Date can hold, and a dash beyond them', async () => {
    await setLanguage('en');
    const options = { year: 'numeric', timeZone: 'UTC' } as const;
    expect(formatDateTime(0, options)).toBe('1970');
    expect(formatDateTime(8.64e15, options)).toBe('275760');
    expect(formatDateTime(-8.64e15, options)).not.toBe('—');
    for (const impossible of [8.64e15 + 1, -8.64e15 - 1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(formatDateTime(impossible, options)).toBe('—');
    }
  });

  it('follow the language: French numbers and dates after a switch, English again after', async () => {
    await setLanguage('fr');
    expect(formatNumber(1234.5)).toMatch(/^1\s234,5$/);
    expect(formatDateTime(0, { dateStyle: 'short', timeZone: 'UTC' })).toBe('01/01/1970');
    await setLanguage('en');
    expect(formatNumber(1234.5)).toBe('1,234.5');
  });
});
