const ID = '2f1c7a58-3a0e-4c52-9f3e-0d6b5c1c9e11';
const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

/**
 * Cursors shaped like this API's (base64url JSON ending in a uuid) with values PostgreSQL cannot
 * read: a number for an instant, a six-digit year, a day that rolls over, a sequence past
 * bigint, a NUL in a text key, no keys at all. (The first is a valid webhook delivery cursor.)
 */
export const CRAFTED_CURSORS = [
  cursor(['1', ID]),
  cursor(['+099999-01-01T00:00:00.000Z', ID]),
  cursor(['2026-02-30T00:00:00.000Z', ID]),
  cursor(['99999999999999999999', ID]),
  cursor(['9223372036854775808', ID]),
  cursor(['a\u0000b', 'c', ID]),
  cursor([ID]),
];
