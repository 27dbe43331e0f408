import { BadUserInputError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An opaque page cursor: the values a keyset page continues after, as base64url JSON. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * The values of a cursor this API gave, checked by `isValid` (the last value must be a row's
 * uuid); anything else is BAD_USER_INPUT on `after`, never a failed query.
 */
export function decodeCursor<T extends unknown[]>(
  cursor: string,
  isValid: (values: unknown[]) => boolean,
  hint: string,
): T {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || !UUID.test(String(values.at(-1))) || !isValid(values)) {
    throw new BadUserInputError('The cursor is not one this API gave for this list', [
      { field: 'after', message: hint },
    ]);
  }
  return values as T;
}
