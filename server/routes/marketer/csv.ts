import type { Response } from 'express';

// CSV for spreadsheets (RFC 4180): UTF-8 with a byte-order mark, so Excel reads Japanese labels
// right; CRLF line ends; one header row. A text cell that starts like a formula (= + - @, tab,
// CR) is prefixed with an apostrophe, so a channel value typed in the CRM cannot run as a formula
// in the marketer's spreadsheet (OWASP "CSV injection"); numbers are written as they are.

export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function sendCsv(res: Response, fileName: string, csv: string): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.send(csv);
}
