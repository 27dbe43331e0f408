import { ReferralAction } from './referral-lifecycle';
import { ReferralStatus } from './referral-status';
import {
  Achievement,
  BudgetMovement,
  fundingSourceOf,
  outcomePaymentEarned,
  outcomePaymentsEarned,
  potMatches,
  potsInDrawOrder,
  potSpecificity,
  PotTerms,
  purchaseCommitment,
  settle,
  Settlement,
  SettlementError,
  settlementOfStep,
} from './settlement';

/** The walk-through's referral: a fee of 3 x 12,345p and three outcomes at 10,001p. */
const money = { totalPence: 37_035, outcomePaymentMaxPence: 30_003 };

describe('purchaseCommitment', () => {
  it.each([
    // price, outcome payment, units, outcomes -> fee, outcome maximum, committed
    [12_345, 10_001, 3, 3, 37_035, 30_003, 67_038],
    [12_345, 0, 1, 2, 12_345, 0, 12_345],
    [5_000, 2_500, 1, 0, 5_000, 0, 5_000],
    [0, 1_000, 4, 1, 0, 1_000, 1_000],
    [2_500_000_00, 1_000_00, 20, 5, 50_000_000_00, 5_000_00, 50_005_000_00],
  ])(
    '%ip x %i units with %ip per outcome x %i outcomes commits the fee %ip and the maximum %ip (%ip)',
    (amountPence, outcomePaymentPence, units, outcomes, total, max, commit) => {
      expect(purchaseCommitment({ amountPence, outcomePaymentPence }, units, outcomes)).toEqual({
        totalPence: total,
        outcomePaymentMaxPence: max,
        commitPence: commit,
      });
    },
  );
});

describe('settle', () => {
  const table: [string, Settlement, BudgetMovement][] = [
    [
      'a decline releases the fee and the outcome payment maximum',
      { kind: 'DECLINE' },
      { releasePence: 67_038, spendPence: 0, outcomePaymentsSpendPence: 0 },
    ],
    [
      'a withdrawal before the start releases the fee and the outcome payment maximum',
      { kind: 'WITHDRAW_BEFORE_START' },
      { releasePence: 67_038, spendPence: 0, outcomePaymentsSpendPence: 0 },
    ],
    [
      'a completion spends the fee and keeps the outcome payments committed',
      { kind: 'COMPLETE' },
      { releasePence: 0, spendPence: 37_035, outcomePaymentsSpendPence: 0 },
    ],
    [
      'ending early spends the fee and keeps the outcome payments committed',
      { kind: 'END_EARLY' },
      { releasePence: 0, spendPence: 37_035, outcomePaymentsSpendPence: 0 },
    ],
    [
      'a withdrawal once started spends the fee (it ends the referral early)',
      { kind: 'WITHDRAW_AFTER_START' },
      { releasePence: 0, spendPence: 37_035, outcomePaymentsSpendPence: 0 },
    ],
    [
      'a report spends what was earned as outcome payments and releases the rest of the maximum',
      { kind: 'END_OF_SERVICE_REPORT', earnedPence: 15_001 },
      { releasePence: 15_002, spendPence: 15_001, outcomePaymentsSpendPence: 15_001 },
    ],
    [
      'a report that earned nothing releases the whole maximum',
      { kind: 'END_OF_SERVICE_REPORT', earnedPence: 0 },
      { releasePence: 30_003, spendPence: 0, outcomePaymentsSpendPence: 0 },
    ],
    [
      'a report that earned everything spends the whole maximum',
      { kind: 'END_OF_SERVICE_REPORT', earnedPence: 30_003 },
      { releasePence: 0, spendPence: 30_003, outcomePaymentsSpendPence: 30_003 },
    ],
  ];

  it.each(table)('%s', (_, settlement, movement) => {
    expect(settle(settlement, money)).toEqual(movement);
  });

  it('leaves nothing committed and spends the fee plus what was earned over a whole life', () => {
    const committed =
      purchaseCommitment({ amountPence: 12_345, outcomePaymentPence: 10_001 }, 3, 3).commitPence -
      [
        settle({ kind: 'COMPLETE' }, money),
        settle({ kind: 'END_OF_SERVICE_REPORT', earnedPence: 15_001 }, money),
      ]
        .map((m) => m.releasePence + m.spendPence)
        .reduce((a, b) => a + b, 0);
    expect(committed).toBe(0);
  });

  it.each([
    ['more than the maximum earned', { kind: 'END_OF_SERVICE_REPORT', earnedPence: 30_004 }, money],
    ['a negative amount earned', { kind: 'END_OF_SERVICE_REPORT', earnedPence: -1 }, money],
    ['a fraction of a penny', { kind: 'COMPLETE' }, { ...money, totalPence: 0.5 }],
  ] as [string, Settlement, typeof money][])('refuses %s as a bug', (_, settlement, m) => {
    expect(() => settle(settlement, m)).toThrow(SettlementError);
  });
});

describe('settlementOfStep', () => {
  const { ACCEPTED, DECLINED, STARTED, COMPLETED, ENDED_EARLY, CANCELLED } = ReferralStatus;
  it.each([
    ['decline', DECLINED, 'DECLINE'],
    ['withdraw', CANCELLED, 'WITHDRAW_BEFORE_START'],
    ['complete', COMPLETED, 'COMPLETE'],
    ['endEarly', ENDED_EARLY, 'END_EARLY'],
    ['withdraw', ENDED_EARLY, 'WITHDRAW_AFTER_START'],
    ['accept', ACCEPTED, undefined],
    ['start', STARTED, undefined],
  ] as [ReferralAction, ReferralStatus, string | undefined][])(
    '%s to %s settles as %s',
    (action, to, kind) => {
      expect(settlementOfStep(action, to)?.kind).toBe(kind);
    },
  );
});

describe('outcomePaymentEarned', () => {
  it.each([
    [10_001, 'ACHIEVED', 10_001],
    [10_001, 'PARTIALLY_ACHIEVED', 5_000],
    [10_000, 'PARTIALLY_ACHIEVED', 5_000],
    [1, 'PARTIALLY_ACHIEVED', 0],
    [10_001, 'NOT_ACHIEVED', 0],
  ] as [number, Achievement, number][])('%ip %s earns %ip', (per, achievement, earned) => {
    expect(outcomePaymentEarned(per, achievement)).toBe(earned);
  });

  it('rounds each partly achieved outcome down on its own before adding them up', () => {
    expect(outcomePaymentsEarned(10_001, ['ACHIEVED', 'PARTIALLY_ACHIEVED', 'NOT_ACHIEVED'])).toBe(
      15_001,
    );
    expect(outcomePaymentsEarned(10_001, ['PARTIALLY_ACHIEVED', 'PARTIALLY_ACHIEVED'])).toBe(
      10_000,
    );
    expect(outcomePaymentsEarned(10_001, [])).toBe(0);
  });
});

describe('funding pots: which pot pays', () => {
  const at = (day: number) => new Date(Date.UTC(2043, 3, day));
  const pot = (id: string, needs: string[], pccAreaCodes: string[], day = 1): PotTerms => ({
    id,
    needs,
    pccAreaCodes,
    createdAt: at(day),
  });
  const accommodationInDyfed = { targetFactors: ['ACCOMMODATION'], pccAreaCode: 'dyfed-powys' };

  it.each([
    // needs, areas, purpose -> matches
    [[], [], accommodationInDyfed, true],
    [['ACCOMMODATION'], [], accommodationInDyfed, true],
    [[], ['dyfed-powys'], accommodationInDyfed, true],
    [['ACCOMMODATION'], ['dyfed-powys'], accommodationInDyfed, true],
    [['ACCOMMODATION', 'ETE'], ['dyfed-powys', 'gwent'], accommodationInDyfed, true],
    [['ETE'], [], accommodationInDyfed, false],
    [[], ['gwent'], accommodationInDyfed, false],
    [['ACCOMMODATION'], ['gwent'], accommodationInDyfed, false],
    // every target factor must be among the pot's needs
    [
      ['ACCOMMODATION'],
      [],
      { targetFactors: ['ACCOMMODATION', 'ETE'], pccAreaCode: 'gwent' },
      false,
    ],
    [
      ['ACCOMMODATION', 'ETE'],
      [],
      { targetFactors: ['ACCOMMODATION', 'ETE'], pccAreaCode: 'gwent' },
      true,
    ],
  ])('needs %j, areas %j pay for %j: %s', (needs, areas, purpose, expected) => {
    expect(potMatches(pot('p', needs, areas), purpose)).toBe(expected);
  });

  it.each([
    [[], [], 0],
    [['ACCOMMODATION'], [], 1],
    [[], ['dyfed-powys'], 1],
    [['ACCOMMODATION'], ['dyfed-powys'], 2],
  ])('needs %j and areas %j: specificity %i', (needs, areas, expected) => {
    expect(potSpecificity({ needs, pccAreaCodes: areas })).toBe(expected);
  });

  it.each<[string, PotTerms[], string[]]>([
    [
      'need and area before need only before neither',
      [
        pot('any', [], [], 1),
        pot('need', ['ACCOMMODATION'], [], 2),
        pot('both', ['ACCOMMODATION'], ['dyfed-powys'], 3),
      ],
      ['both', 'need', 'any'],
    ],
    [
      'equally specific: the oldest first (need only and area only tie)',
      [pot('area', [], ['dyfed-powys'], 5), pot('need', ['ACCOMMODATION'], [], 4)],
      ['need', 'area'],
    ],
    [
      'same specificity and age: by id',
      [pot('b', ['ACCOMMODATION'], [], 1), pot('a', ['ACCOMMODATION'], [], 1)],
      ['a', 'b'],
    ],
    [
      'pots that do not match are left out',
      [pot('ete', ['ETE'], [], 1), pot('gwent', [], ['gwent'], 1), pot('any', [], [], 9)],
      ['any'],
    ],
    ['no pots: the budget pays', [], []],
  ])('%s', (_name, pots, expected) => {
    expect(potsInDrawOrder(pots, accommodationInDyfed).map((p) => p.id)).toEqual(expected);
  });

  it.each([
    [{ fundingPotId: 'pot-1' }, { kind: 'POT', potId: 'pot-1' }],
    [{ fundingPotId: null }, { kind: 'BUDGET' }],
  ])('a referral with %j settles against %j', (referral, expected) => {
    expect(fundingSourceOf(referral)).toEqual(expected);
  });
});
