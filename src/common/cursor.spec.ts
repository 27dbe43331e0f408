import {
  decodeCursor,
  encodeCursor,
  isCursorInstant,
  isCursorSequence,
  isCursorText,
} from './cursor';
import { BadUserInputError } from './errors';

const ID = '2f1c7a58-3a0e-4c52-9f3e-0d6b5c1c9e11';

describe('cursors', () => {
  it('gives back the values it encoded', () => {
    const cursor = encodeCursor(['2026-05-01T09:00:00.000Z', ID]);
    expect(decodeCursor(cursor, (v) => isCursorInstant(v[0]), 'hint')).toEqual([
      '2026-05-01T09:00:00.000Z',
      ID,
    ]);
  });

  it.each([
    ['a number for an instant', ['1', ID]],
    ['a year past 9999', ['+099999-01-01T00:00:00.000Z', ID]],
    ['a day that rolls over', ['2026-02-30T00:00:00.000Z', ID]],
    ['a date without a time', ['2026-02-01', ID]],
    ['no id', ['2026-05-01T09:00:00.000Z']],
    ['a number for the id', ['2026-05-01T09:00:00.000Z', 7]],
  ])('refuses %s as BAD_USER_INPUT on after', (_case, values) => {
    expect(() => decodeCursor(encodeCursor(values), (v) => isCursorInstant(v[0]), 'hint')).toThrow(
      BadUserInputError,
    );
  });

  it('refuses what is not base64url JSON, or too long', () => {
    for (const cursor of ['%%%', 'bm90IGpzb24', 'x'.repeat(5000), '']) {
      expect(() => decodeCursor(cursor, () => true, 'hint')).toThrow(BadUserInputError);
    }
  });

  it('reads instants only as toISOString() writes them', () => {
    expect(isCursorInstant('2026-05-01T09:00:00.000Z')).toBe(true);
    expect(isCursorInstant('1')).toBe(false);
    expect(isCursorInstant('+099999-01-01T00:00:00.000Z')).toBe(false);
    expect(isCursorInstant('2026-02-29T00:00:00.000Z')).toBe(false);
    expect(isCursorInstant('2026-05-01T09:00:00Z')).toBe(false);
    expect(isCursorInstant(1767225600000)).toBe(false);
  });

  it('reads sequences within PostgreSQL bigint', () => {
    expect(isCursorSequence('0')).toBe(true);
    expect(isCursorSequence('9223372036854775807')).toBe(true);
    expect(isCursorSequence('9223372036854775808')).toBe(false);
    expect(isCursorSequence('99999999999999999999')).toBe(false);
    expect(isCursorSequence('-1')).toBe(false);
    expect(isCursorSequence(12)).toBe(false);
  });

  it('reads text keys without NUL', () => {
    expect(isCursorText('Hope Street')).toBe(true);
    expect(isCursorText('nul\u0000')).toBe(false);
    expect(isCursorText(3)).toBe(false);
  });
});
