import { BadUserInputError } from '../common/errors';
import { planPriceVersion, priceInForce, PriceVersion } from './pricing';

const versions: PriceVersion[] = [
  { id: 'a', effectiveFrom: '2025-04-01', effectiveTo: '2026-03-31' },
  { id: 'b', effectiveFrom: '2026-04-01', effectiveTo: null },
];

describe('priceInForce', () => {
  it('finds the version whose dates contain the day, ends included', () => {
    expect(priceInForce(versions, '2025-04-01')?.id).toBe('a');
    expect(priceInForce(versions, '2026-03-31')?.id).toBe('a');
    expect(priceInForce(versions, '2026-04-01')?.id).toBe('b');
    expect(priceInForce(versions, '2030-01-01')?.id).toBe('b');
  });

  it('finds nothing before the first version', () => {
    expect(priceInForce(versions, '2025-03-31')).toBeUndefined();
    expect(priceInForce([], '2026-01-01')).toBeUndefined();
  });
});

describe('planPriceVersion', () => {
  it('appends a first version with nothing to close', () => {
    expect(planPriceVersion([], '2026-05-01', '2026-05-01')).toEqual({ kind: 'append' });
  });

  it('closes the latest version the day before the new one starts', () => {
    expect(planPriceVersion(versions, '2026-11-23', '2026-11-23')).toEqual({
      kind: 'append',
      close: { id: 'b', effectiveTo: '2026-11-22' },
    });
    expect(planPriceVersion(versions, '2027-03-01', '2026-11-23')).toEqual({
      kind: 'append',
      close: { id: 'b', effectiveTo: '2027-02-28' },
    });
  });

  it('refuses a start before the current version', () => {
    expect(() => planPriceVersion(versions, '2026-03-01', '2026-01-01')).toThrow(BadUserInputError);
  });

  it('refuses a start in the past, which would rewrite what buyers saw', () => {
    expect(() => planPriceVersion([], '2026-11-22', '2026-11-23')).toThrow(/past/);
  });

  it('corrects in place a version starting the same day', () => {
    const future = [...versions, { id: 'c', effectiveFrom: '2027-04-01', effectiveTo: null }];
    expect(planPriceVersion(future, '2027-04-01', '2026-11-23')).toEqual({
      kind: 'correct',
      id: 'c',
    });
  });
});
