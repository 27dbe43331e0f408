/**
 * The money rules of a referral, in one place: what a purchase commits against the division's
 * budget, what each way a referral ends gives back (releases) and spends, and what the
 * outcome payments earn. Pure arithmetic on integer pence; the services apply the movements in
 * their transactions (BudgetService.move).
 *
 * A referral's life, in money:
 * - purchase: commits the fee (price x units) and the most the outcome payments can come to
 *   (payment per outcome x desired outcomes);
 * - declined, or withdrawn before it started: nothing was delivered, all of it is released;
 * - completed, ended early, or withdrawn once started: the fee is spent; the outcome payments
 *   stay committed until the end-of-service report;
 * - end-of-service report: what the outcomes earned is spent (as outcome payments), the rest of
 *   the maximum is released.
 */
import type { ReferralAction } from './referral-lifecycle';
import { ReferralStatus } from './referral-status';

export type Achievement = 'ACHIEVED' | 'PARTIALLY_ACHIEVED' | 'NOT_ACHIEVED';

/** A referral's money as its row records it. */
export interface ReferralMoney {
  /** The fee: price x units. */
  totalPence: number;
  /** The most the outcome payments can come to. */
  outcomePaymentMaxPence: number;
}

/** What a purchase costs and commits. */
export interface PurchaseCommitment extends ReferralMoney {
  /** Committed against the division's budget: the fee plus the outcome payment maximum. */
  commitPence: number;
}

/**
 * How a settlement moves a division's budget. Committed goes down by `releasePence +
 * spendPence`; `spendPence` goes to spent, `releasePence` back to what remains; of the spent,
 * `outcomePaymentsSpendPence` is outcome payments.
 */
export interface BudgetMovement {
  releasePence: number;
  spendPence: number;
  outcomePaymentsSpendPence: number;
}

/** The ways a referral ends. */
export type EndKind =
  'DECLINE' | 'WITHDRAW_BEFORE_START' | 'COMPLETE' | 'END_EARLY' | 'WITHDRAW_AFTER_START';

/** The ways a referral's money is settled: by how it ends, and by its end-of-service report. */
export type Settlement = { kind: EndKind } | { kind: 'END_OF_SERVICE_REPORT'; earnedPence: number };

export type SettlementKind = Settlement['kind'];

/** A settlement asked to move money the referral never committed: a bug, not a user's mistake. */
export class SettlementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettlementError';
  }
}

function assertPence(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new SettlementError(`${name} must be whole pence, at least 0 (was ${value})`);
  }
}

/** What buying `units` at `price` for `desiredOutcomes` outcomes costs and commits. */
export function purchaseCommitment(
  price: { amountPence: number; outcomePaymentPence: number },
  units: number,
  desiredOutcomes: number,
): PurchaseCommitment {
  const totalPence = price.amountPence * units;
  const outcomePaymentMaxPence = price.outcomePaymentPence * desiredOutcomes;
  return { totalPence, outcomePaymentMaxPence, commitPence: totalPence + outcomePaymentMaxPence };
}

/** What one way of ending (or reporting on) a referral does to the division's budget. */
export function settle(settlement: Settlement, money: ReferralMoney): BudgetMovement {
  assertPence('totalPence', money.totalPence);
  assertPence('outcomePaymentMaxPence', money.outcomePaymentMaxPence);
  switch (settlement.kind) {
    case 'DECLINE':
    case 'WITHDRAW_BEFORE_START':
      // Nothing was delivered: the fee and the outcome payments all go back.
      return {
        releasePence: money.totalPence + money.outcomePaymentMaxPence,
        spendPence: 0,
        outcomePaymentsSpendPence: 0,
      };
    case 'COMPLETE':
    case 'END_EARLY':
    case 'WITHDRAW_AFTER_START':
      // The fee is spent; the outcome payments wait for the end-of-service report.
      return { releasePence: 0, spendPence: money.totalPence, outcomePaymentsSpendPence: 0 };
    case 'END_OF_SERVICE_REPORT': {
      const earned = settlement.earnedPence;
      assertPence('earnedPence', earned);
      if (earned > money.outcomePaymentMaxPence) {
        throw new SettlementError(
          `Outcome payments earned (${earned} pence) exceed the ${money.outcomePaymentMaxPence} pence committed for them`,
        );
      }
      return {
        releasePence: money.outcomePaymentMaxPence - earned,
        spendPence: earned,
        outcomePaymentsSpendPence: earned,
      };
    }
  }
}

/** True when the movement moves nothing (no statement need run). */
export function movesNothing(movement: BudgetMovement): boolean {
  return movement.releasePence === 0 && movement.spendPence === 0;
}

/**
 * Which settlement a step of the lifecycle makes, by the status it leads to; none for steps
 * that keep the money where it is (accept, start).
 */
export function settlementOfStep(
  action: ReferralAction,
  to: ReferralStatus,
): Settlement | undefined {
  if (to === ReferralStatus.DECLINED) return { kind: 'DECLINE' };
  if (to === ReferralStatus.CANCELLED) return { kind: 'WITHDRAW_BEFORE_START' };
  if (to === ReferralStatus.COMPLETED) return { kind: 'COMPLETE' };
  if (to === ReferralStatus.ENDED_EARLY)
    return action === 'withdraw' ? { kind: 'WITHDRAW_AFTER_START' } : { kind: 'END_EARLY' };
  return undefined;
}

/**
 * Outcome payment earned for one desired outcome: the full payment when ACHIEVED, half rounded
 * down to the penny when PARTIALLY_ACHIEVED, nothing otherwise.
 */
export function outcomePaymentEarned(perOutcomePence: number, achievement: Achievement): number {
  if (achievement === 'ACHIEVED') return perOutcomePence;
  if (achievement === 'PARTIALLY_ACHIEVED') return Math.floor(perOutcomePence / 2);
  return 0;
}

/** What a report's outcomes earn together: each rounded down on its own, then added up. */
export function outcomePaymentsEarned(
  perOutcomePence: number,
  achievements: Achievement[],
): number {
  return achievements.reduce((sum, a) => sum + outcomePaymentEarned(perOutcomePence, a), 0);
}

/**
 * What a funding pot may pay for (joint commissioning): needs (factor codes) and PCC areas; an
 * empty list means any.
 */
export interface PotTerms {
  id: string;
  needs: readonly string[];
  pccAreaCodes: readonly string[];
  /** When it was created: of two equally specific pots, the older pays first. */
  createdAt: Date;
}

/** What a purchase is for, as a pot's terms see it. */
export interface PurchasePurpose {
  targetFactors: readonly string[];
  pccAreaCode: string;
}

/**
 * A pot pays for a purchase when every target factor is among its needs (or it names none) and
 * the referral's PCC area is among its areas (or it names none).
 */
export function potMatches(pot: PotTerms, purpose: PurchasePurpose): boolean {
  const needsFit =
    pot.needs.length === 0 || purpose.targetFactors.every((f) => pot.needs.includes(f));
  const areaFits = pot.pccAreaCodes.length === 0 || pot.pccAreaCodes.includes(purpose.pccAreaCode);
  return needsFit && areaFits;
}

/**
 * How specific a pot is: 2 when it names needs and areas, 1 when it names either, 0 when it
 * names neither (it pays for anything in its division and year).
 */
export function potSpecificity(pot: Pick<PotTerms, 'needs' | 'pccAreaCodes'>): number {
  return (pot.needs.length > 0 ? 1 : 0) + (pot.pccAreaCodes.length > 0 ? 1 : 0);
}

/**
 * The pots that may pay for a purchase, in the order it draws from them: most specific first;
 * equally specific, the oldest first; then by id (a fixed order whatever the clock). The first
 * with enough left pays it all; when none has, the division's own budget does.
 */
export function potsInDrawOrder<T extends PotTerms>(
  pots: readonly T[],
  purpose: PurchasePurpose,
): T[] {
  return pots
    .filter((pot) => potMatches(pot, purpose))
    .sort(
      (a, b) =>
        potSpecificity(b) - potSpecificity(a) ||
        a.createdAt.getTime() - b.createdAt.getTime() ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/** Where a referral's money sits: the pot that paid, or the division's budget. */
export type FundingSource = { kind: 'POT'; potId: string } | { kind: 'BUDGET' };

/**
 * Every settlement of a referral moves money on the source its purchase committed against,
 * and only there: the pot it records, else its division's budget.
 */
export function fundingSourceOf(referral: { fundingPotId: string | null }): FundingSource {
  return referral.fundingPotId ? { kind: 'POT', potId: referral.fundingPotId } : { kind: 'BUDGET' };
}
