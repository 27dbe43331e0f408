import { BadUserInputError } from '../common/errors';
import { PriceUnit } from './catalogue.enums';
import { maxUnits, planPriceVersion, priceInForce, PriceVersion, unitsProblem } from './pricing';

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
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      const e = error as BadUserInputError;
      return {
        reason: e.reason,
        fields: e.fieldErrors.map((f) => f.field),
        message: e.fieldErrors[0]?.message,
      };
    }
    throw new Error('expected a refusal');
  };

  it('appends a first version with nothing to close, from today when no date is given', () => {
    expect(planPriceVersion([], '2026-05-01', '2026-05-01')).toEqual({
      kind: 'append',
      from: '2026-05-01',
    });
    expect(planPriceVersion([], undefined, '2026-05-01')).toEqual({
      kind: 'append',
      from: '2026-05-01',
    });
  });

  it('closes the version in force the day before the new one starts', () => {
    expect(planPriceVersion(versions, '2026-11-24', '2026-11-23')).toEqual({
      kind: 'append',
      from: '2026-11-24',
      close: { id: 'b', effectiveTo: '2026-11-23' },
    });
    expect(planPriceVersion(versions, '2027-03-01', '2026-11-23')).toEqual({
      kind: 'append',
      from: '2027-03-01',
      close: { id: 'b', effectiveTo: '2027-02-28' },
    });
  });

  it('starts a new version tomorrow when no date is given and a price is in force', () => {
    const today = [{ id: 't', effectiveFrom: '2026-05-01', effectiveTo: null }];
    expect(planPriceVersion(today, undefined, '2026-05-01')).toEqual({
      kind: 'append',
      from: '2026-05-02',
      close: { id: 't', effectiveTo: '2026-05-01' },
    });
  });

  it('never overwrites the version in force, even one that started today', () => {
    const today = [{ id: 't', effectiveFrom: '2026-05-01', effectiveTo: null }];
    expect(refusal(() => planPriceVersion(today, '2026-05-01', '2026-05-01'))).toEqual({
      reason: 'PRICE_VERSION_IN_FORCE',
      fields: ['input.effectiveFrom'],
      message: expect.stringContaining('in force since 2026-05-01') as string,
    });
    expect(refusal(() => planPriceVersion(versions, '2026-11-23', '2026-11-23')).reason).toBe(
      'PRICE_VERSION_IN_FORCE',
    );
  });

  it('refuses a start in the past, which would rewrite what buyers saw', () => {
    expect(() => planPriceVersion([], '2026-11-22', '2026-11-23')).toThrow(/past/);
    expect(refusal(() => planPriceVersion([], '2026-11-22', '2026-11-23')).reason).toBe(
      'PRICE_IN_THE_PAST',
    );
  });

  it('corrects in place a planned version starting the same day', () => {
    const future = [
      { id: 'a', effectiveFrom: '2025-04-01', effectiveTo: '2027-03-31' },
      { id: 'c', effectiveFrom: '2027-04-01', effectiveTo: null },
    ];
    expect(planPriceVersion(future, '2027-04-01', '2026-11-23')).toEqual({
      kind: 'correct',
      id: 'c',
      from: '2027-04-01',
    });
  });

  it('refuses a start before a planned version, naming it as planned (not as in force)', () => {
    const future = [
      { id: 'a', effectiveFrom: '2025-04-01', effectiveTo: '2027-03-31' },
      { id: 'c', effectiveFrom: '2027-04-01', effectiveTo: null },
    ];
    const refused = refusal(() => planPriceVersion(future, '2027-01-01', '2026-11-23'));
    expect(refused.reason).toBe('PRICE_VERSION_PLANNED');
    expect(refused.message).toMatch(/starting 2027-04-01 is already planned/);
    expect(refused).not.toMatchObject({ message: expect.stringContaining('current') as string });
    expect(() => planPriceVersion(versions, '2026-03-01', '2026-01-01')).toThrow(BadUserInputError);
  });

  it('leaves a version that has ended alone (no price in force today)', () => {
    const ended = [{ id: 'e', effectiveFrom: '2026-01-01', effectiveTo: '2026-03-31' }];
    expect(planPriceVersion(ended, undefined, '2026-05-01')).toEqual({
      kind: 'append',
      from: '2026-05-01',
    });
  });
});

describe('units of a price', () => {
  const listing = { sessionCount: 12, durationWeeks: 6 };

  it('allows one unit only of a price per referral', () => {
    expect(maxUnits(PriceUnit.PER_REFERRAL, listing)).toBe(1);
    expect(unitsProblem(PriceUnit.PER_REFERRAL, 1, listing)).toBeUndefined();
    expect(unitsProblem(PriceUnit.PER_REFERRAL, 5, listing)).toMatch(/must be 1/);
  });

  it("bounds sessions, days and hours by the listing's sessions and duration", () => {
    expect(maxUnits(PriceUnit.PER_SESSION, listing)).toBe(12);
    expect(maxUnits(PriceUnit.PER_DAY, listing)).toBe(42);
    expect(maxUnits(PriceUnit.PER_HOUR, listing)).toBe(96);
    expect(maxUnits(PriceUnit.PER_HOUR, { sessionCount: null, durationWeeks: 2 })).toBe(112);
    expect(unitsProblem(PriceUnit.PER_SESSION, 12, listing)).toBeUndefined();
    expect(unitsProblem(PriceUnit.PER_SESSION, 13, listing)).toMatch(/at most 12/);
    expect(unitsProblem(PriceUnit.PER_DAY, 43, listing)).toMatch(/at most 42/);
    expect(unitsProblem(PriceUnit.PER_HOUR, 97, listing)).toMatch(/at most 96/);
  });

  it('leaves the bound to the input when the listing does not give one', () => {
    const silent = { sessionCount: null, durationWeeks: null };
    expect(maxUnits(PriceUnit.PER_SESSION, silent)).toBeNull();
    expect(unitsProblem(PriceUnit.PER_DAY, 500, silent)).toBeUndefined();
  });
});
