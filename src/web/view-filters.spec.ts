import {
  formatDate,
  formatDateTime,
  formatEnum,
  formatPence,
  formatPriceUnit,
  formatProviderKind,
} from './view-filters';

describe('view filters', () => {
  it.each([
    [45000, '£450.00'],
    [1, '£0.01'],
    [123456789, '£1,234,567.89'],
    [0, '£0.00'],
  ])('shows %i pence as %s', (pence, words) => {
    expect(formatPence(pence)).toBe(words);
  });

  it('shows nothing for a missing amount', () => {
    expect(formatPence(null)).toBe('');
  });

  it('shows dates in the Europe/London calendar', () => {
    expect(formatDate('2026-04-01')).toBe('1 April 2026');
    // 23:30 UTC on 31 May is 00:30 on 1 June in London (summer time).
    expect(formatDate('2026-05-31T23:30:00Z')).toBe('1 June 2026');
    expect(formatDate('not a date')).toBe('');
  });

  it('shows times of day in Europe/London', () => {
    expect(formatDateTime('2026-07-02T13:30:00Z')).toBe('2 July 2026 at 2:30pm');
    expect(formatDateTime('2026-01-02T09:05:00Z')).toBe('2 January 2026 at 9:05am');
    expect(formatDateTime('nonsense')).toBe('');
  });

  it('puts enum values in words', () => {
    expect(formatEnum('VOLUNTARY_SECTOR')).toBe('Voluntary sector');
  });

  it('puts price units and kinds of provider in words', () => {
    expect(formatPriceUnit('PER_SESSION')).toBe('per session');
    expect(formatProviderKind('CRC')).toBe('Community Rehabilitation Company');
  });
});
