// CSV as spreadsheets read it (RFC 4180 via csv-stringify), with a guard against formula injection:
// a cell that starts like a formula (=, +, -, @, tab, CR) and is not a number gets a leading quote,
// so opening a population or the gap list never executes text an attacker put in a PR title.
import { stringify } from 'csv-stringify/sync';

export type CsvValue = string | number | boolean | null | undefined;

export function safeCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
}

export function toCsv(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<CsvValue>>): string {
  return stringify([columns.map(safeCell), ...rows.map((r) => r.map(safeCell))], { record_delimiter: '\n' });
}
