import { BadUserInputError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Exactly what `Date.toISOString()` writes for years 0000-9999 (what PostgreSQL reads back). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_BIGINT = 2n ** 63n - 1n;
/** No cursor this API gives is longer (the longest holds two names of at most 200 characters). */
export const MAX_CURSOR_LENGTH = 4096;

/** An opaque page cursor: the values a keyset page continues after, as base64url JSON. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * A cursor's instant, as this API wrote it (`toISOString()`): no other spelling, no year past
 * 9999, no day that rolls over. Anything looser reaches PostgreSQL's `::timestamptz` and fails.
 */
export function isCursorInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return false;
  const instant = new Date(value);
  return !Number.isNaN(instant.getTime()) && instant.toISOString() === value;
}

/** A cursor's `bigint` (an event sequence) as decimal text, within PostgreSQL's bigint. */
export function isCursorSequence(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT;
}

/** A cursor's text key (a name, a title): a string PostgreSQL can hold (no NUL). */
export function isCursorText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 1000 && !value.includes('\u0000');
}

/**
 * The values of a cursor this API gave, checked by `isValid` (the last value must be a row's
 * uuid; use the `isCursor...` checks for the others, strictly); anything else is BAD_USER_INPUT
 * on `field` (the argument it came in: `after` or `before`), never a failed query.
 */
export function decodeCursor<T extends unknown[]>(
  cursor: string,
  isValid: (values: unknown[]) => boolean,
  hint: string,
  field = 'after',
): T {
  let values: unknown;
  try {
    values =
      cursor.length <= MAX_CURSOR_LENGTH && /^[A-Za-z0-9_-]*$/.test(cursor)
        ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
        : undefined;
  } catch {
    values = undefined;
  }
  if (
    !Array.isArray(values) ||
    typeof values.at(-1) !== 'string' ||
    !UUID.test(values.at(-1) as string) ||
    !isValid(values)
  ) {
    throw new BadUserInputError('The cursor is not one this API gave for this list', [
      { field, message: hint },
    ]);
  }
  return values as T;
}
