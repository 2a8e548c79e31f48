/**
 * The one CSV writer of the studio (runs table, an export's metrics.csv). Cells are quoted as RFC 4180
 * wants, and text that a spreadsheet would run as a formula is neutralised (OWASP's "CSV injection"
 * rule): a text cell starting with = + - @, a tab or a carriage return gets a leading apostrophe, so a
 * label such as =HYPERLINK(…) opens as the text it is. Numbers the studio writes as numbers (-0.5,
 * NaN) are left as they are: a spreadsheet reads a number cell as a number, never as a formula, and
 * prefixing them would turn every negative value into text.
 */

/** What a CSV cell may hold: text is neutralised, numbers are written as numbers, null is an empty cell. */
export type CsvValue = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : neutralised(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',');
}

function neutralised(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
