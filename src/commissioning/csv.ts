import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/** One CSV column: its header and how to read it from a row. */
export type CsvColumn<R> = [header: string, value: (row: R) => string | number | boolean | null];

/**
 * A value a spreadsheet would run as a formula (=, +, -, @, tab, carriage return at the start)
 * is prefixed with an apostrophe: provider names and titles are typed by suppliers.
 */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * Streams rows as CSV (RFC 4180 quoting, a header row, CRLF line ends) to an HTTP response,
 * page by page as `pages` yields them, waiting for the client when its buffer is full.
 */
export async function streamCsv<R>(
  response: Response,
  filename: string,
  columns: CsvColumn<R>[],
  pages: AsyncIterable<R[]>,
): Promise<void> {
  response.status(200);
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  response.setHeader('Cache-Control', 'no-store');
  const csv = stringify({
    header: true,
    columns: columns.map(([header]) => header),
    record_delimiter: 'windows',
    cast: { string: defuseFormula, boolean: (b) => (b ? 'true' : 'false') },
  });
  csv.pipe(response);
  const done = finished(response).catch(() => undefined);
  for await (const rows of pages) {
    for (const row of rows) {
      if (response.destroyed) return; // the client went away: stop reading pages
      if (!csv.write(columns.map(([, value]) => value(row) ?? ''))) {
        await Promise.race([once(csv, 'drain'), done]);
      }
    }
  }
  csv.end();
  await done;
}
