/**
 * CSV as RFC 4180 writes it: fields separated by commas, records by CRLF; a field holding a comma, a
 * double quote, CR or LF is enclosed in double quotes, and a double quote inside one is doubled.
 */

/** One field, quoted when it must be. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Records to CSV text, each ended by CRLF. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** A file name for a report: its title and range, safe in every file system ("queue-performance_2026-12-07.csv"). */
export function csvFileName(title: string, rangeLabel: string): string {
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${slug(title)}_${slug(rangeLabel)}.csv`;
}
