import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv';

describe('csvCell', () => {
  it('prefixes text a spreadsheet would run as a formula (OWASP: = + - @ tab CR)', () => {
    for (const text of ['=HYPERLINK("http://x","y")', '@SUM(A1)', '+1+1', '-2+3', '\tx', '\rx']) {
      expect(csvCell(text).replace(/^"/, '')).toMatch(/^'/);
    }
  });

  it('leaves other text and the studio\'s own numbers as they are, negative ones included', () => {
    expect(csvRow(['plain', 'a=b', -0.5, 0, Number.NaN, null])).toBe('plain,a=b,-0.5,0,NaN,');
  });

  it('quotes commas, quotes and line breaks, after neutralising', () => {
    expect(csvCell('Early, "fast"')).toBe('"Early, ""fast"""');
    expect(csvCell('=1,2')).toBe('"\'=1,2"');
    expect(csvCell('a\nb')).toBe('"a\nb"');
  });
});
