import { reportPeriod } from './report-period';

describe('reportPeriod', () => {
  it('defaults to the financial year to date', () => {
    expect(reportPeriod({}, '2026-11-24')).toEqual({ from: '2026-04-01', to: '2026-11-24' });
    expect(reportPeriod({}, '2027-02-10')).toEqual({ from: '2026-04-01', to: '2027-02-10' });
    expect(reportPeriod({ to: '2026-03-31' }, '2026-11-24')).toEqual({
      from: '2025-04-01',
      to: '2026-03-31',
    });
  });

  it('keeps the dates given, and refuses a period that ends before it starts', () => {
    expect(reportPeriod({ from: '2026-01-01', to: '2026-01-01' }, '2026-11-24')).toEqual({
      from: '2026-01-01',
      to: '2026-01-01',
    });
    expect(() => reportPeriod({ from: '2026-12-01' }, '2026-11-24')).toThrow(
      'The period ends before it starts',
    );
  });
});
