/**
 * CSV cells for files people open in a spreadsheet (docs/audit.md, docs/payouts statement): a cell
 * a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`, tab, CR) gets a leading
 * apostrophe (OWASP "CSV injection"); `fromCsvCell` removes it again. RFC 4180 quoting otherwise.
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r\t']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The inverse of csvCell's apostrophe, for a cell already unquoted by the CSV parser. */
export function fromCsvCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** One CSV line of cells (numbers as written, absent values empty). */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map((c) => (c === null || c === undefined ? '' : csvCell(String(c)))).join(',');
}
