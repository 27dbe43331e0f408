import { financialYearOf } from './financial-year';

describe('financialYearOf', () => {
  it('starts the year on 1 April', () => {
    expect(financialYearOf('2026-03-31')).toBe(2025);
    expect(financialYearOf('2026-04-01')).toBe(2026);
    expect(financialYearOf('2026-12-31')).toBe(2026);
    expect(financialYearOf('2027-01-01')).toBe(2026);
  });
});
