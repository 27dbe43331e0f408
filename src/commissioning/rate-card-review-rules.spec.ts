import {
  monthsBefore,
  noPurchaseFor,
  RateCardVerdict,
  reviewVerdict,
  RiskReason,
  riskReasons,
} from './rate-card-review-rules';

const used = {
  purchases: 5,
  lastPurchaseOn: '2042-06-01',
  purchasesElsewhere: 0,
  placesAvailable: 3,
  searchesNothingAvailable: 0,
};

describe('monthsBefore', () => {
  it.each([
    ['2042-09-30', 6, '2042-03-30'],
    ['2042-08-31', 6, '2042-02-28'],
    ['2044-08-31', 6, '2044-02-29'],
    ['2042-03-15', 6, '2041-09-15'],
    ['2042-01-01', 12, '2041-01-01'],
  ])('%s less %i months is %s', (day, months, expected) => {
    expect(monthsBefore(day, months)).toBe(expected);
  });
});

describe('noPurchaseFor', () => {
  it('counts a purchase on the first day of the six months, not the day before', () => {
    expect(noPurchaseFor('2042-03-30', '2042-09-30')).toBe(false);
    expect(noPurchaseFor('2042-03-29', '2042-09-30')).toBe(true);
    expect(noPurchaseFor(null, '2042-09-30')).toBe(true);
  });
});

describe('reviewVerdict', () => {
  it('is USED when bought recently and often enough', () => {
    expect(reviewVerdict(used, '2042-09-30')).toBe(RateCardVerdict.USED);
  });

  it('is UNUSED with no purchase in six months, even with demand elsewhere', () => {
    expect(
      reviewVerdict(
        { ...used, purchases: 0, lastPurchaseOn: '2042-01-10', purchasesElsewhere: 9 },
        '2042-09-30',
      ),
    ).toBe(RateCardVerdict.UNUSED);
    expect(reviewVerdict({ ...used, purchases: 0, lastPurchaseOn: null }, '2042-09-30')).toBe(
      RateCardVerdict.UNUSED,
    );
  });

  it('is UNDERUSED with few purchases while others sold places for the same needs', () => {
    expect(reviewVerdict({ ...used, purchases: 2, purchasesElsewhere: 3 }, '2042-09-30')).toBe(
      RateCardVerdict.UNDERUSED,
    );
    expect(reviewVerdict({ ...used, purchases: 2, purchasesElsewhere: 2 }, '2042-09-30')).toBe(
      RateCardVerdict.USED,
    );
    expect(reviewVerdict({ ...used, purchases: 3, purchasesElsewhere: 9 }, '2042-09-30')).toBe(
      RateCardVerdict.USED,
    );
  });

  it('is UNMET when full while searches for its needs found no place, before anything else', () => {
    expect(
      reviewVerdict(
        { ...used, placesAvailable: 0, searchesNothingAvailable: 1, lastPurchaseOn: null },
        '2042-09-30',
      ),
    ).toBe(RateCardVerdict.UNMET);
    expect(reviewVerdict({ ...used, placesAvailable: 0 }, '2042-09-30')).toBe(RateCardVerdict.USED);
    expect(reviewVerdict({ ...used, searchesNothingAvailable: 4 }, '2042-09-30')).toBe(
      RateCardVerdict.USED,
    );
  });
});

describe('riskReasons', () => {
  const fine = {
    status: 'PUBLISHED',
    stale: false,
    lastPurchaseOn: '2042-09-01',
    subcontractEnding: false,
  };

  it('finds none for a fresh, bought, published listing', () => {
    expect(riskReasons(fine, '2042-09-30')).toEqual([]);
  });

  it('lists every reason that applies, in order', () => {
    expect(
      riskReasons(
        { status: 'SUSPENDED', stale: true, lastPurchaseOn: null, subcontractEnding: true },
        '2042-09-30',
      ),
    ).toEqual([
      RiskReason.SUBCONTRACT_ENDING,
      RiskReason.NO_RECENT_PURCHASE,
      RiskReason.SUSPENDED,
      RiskReason.STALE,
    ]);
    expect(riskReasons({ ...fine, lastPurchaseOn: '2042-03-29' }, '2042-09-30')).toEqual([
      RiskReason.NO_RECENT_PURCHASE,
    ]);
  });
});
