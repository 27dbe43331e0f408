import { londonDate, londonDayStart } from './clock';

describe('londonDate', () => {
  it('turns at midnight in London, in summer time and in winter, to the millisecond', () => {
    expect(londonDate(new Date('2026-06-30T22:59:59.000Z'))).toBe('2026-06-30');
    expect(londonDate(new Date('2026-06-30T22:59:59.999Z'))).toBe('2026-06-30');
    expect(londonDate(new Date('2026-06-30T23:00:00.000Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31');
    expect(londonDate(new Date('2027-01-01T00:00:00.000Z'))).toBe('2027-01-01');
    expect(londonDate(new Date('2027-01-01T00:00:00.500Z'))).toBe('2027-01-01');
    expect(londonDate(new Date('2026-12-31T23:59:59.500Z'))).toBe('2026-12-31');
  });
});

describe('londonDayStart', () => {
  it('is midnight in London: UTC midnight in winter, 23:00 UTC the day before in summer', () => {
    expect(londonDayStart('2026-01-15').toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(londonDayStart('2026-07-01').toISOString()).toBe('2026-06-30T23:00:00.000Z');
    expect(londonDayStart('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(londonDayStart('2026-10-25').toISOString()).toBe('2026-10-24T23:00:00.000Z');
  });
});
