/**
 * The rules of the rate card review and of stewardship (issue 19), pure and unit-tested. The
 * thresholds are named here and in docs/rate-card-review.md; the SQL that counts the figures is in
 * review.service.ts.
 */

/** What the review says of one listing on a provider's rate card. */
export enum RateCardVerdict {
  USED = 'USED',
  UNDERUSED = 'UNDERUSED',
  UNUSED = 'UNUSED',
  UNMET = 'UNMET',
}

/** Why a listing that is the only one of its kind in an area is at risk. */
export enum RiskReason {
  NO_RECENT_PURCHASE = 'NO_RECENT_PURCHASE',
  SUSPENDED = 'SUSPENDED',
  STALE = 'STALE',
  SUBCONTRACT_ENDING = 'SUBCONTRACT_ENDING',
}

/** UNUSED (and, for stewardship, NO_RECENT_PURCHASE): no purchase for this many months. */
export const UNUSED_AFTER_MONTHS = 6;
/** UNDERUSED: fewer purchases than this in the period... */
export const UNDERUSED_BELOW_PURCHASES = 3;
/** ...while other listings sold at least this many places for its needs in its areas. */
export const UNDERUSED_DEMAND_ELSEWHERE = 3;
/** UNMET: the listing is full and at least this many searches in its areas and needs found no place. */
export const UNMET_MIN_SEARCHES = 1;
/** SUBCONTRACT_ENDING: the subcontract carrying the listing ends within this many days. */
export const SUBCONTRACT_ENDING_WITHIN_DAYS = 90;
/**
 * Specialist adaptations: a listing that is the only one with one of them for a need in an area
 * is a specialist service to look after.
 */
export const SPECIALIST_ADAPTATIONS = [
  'WOMEN_ONLY',
  'BAME_FOCUSED',
  'LEARNING_DISABILITY',
  'NEURODIVERSITY',
] as const;

/** The day `months` calendar months before `day` ('YYYY-MM-DD'), clamped to the month's end. */
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

/**
 * No purchase on or after the day UNUSED_AFTER_MONTHS before `asOf` (London days): the last
 * purchase, on or before `asOf`, is older, or there was none.
 */
export function noPurchaseFor(lastPurchaseOn: string | null, asOf: string): boolean {
  return lastPurchaseOn === null || lastPurchaseOn < monthsBefore(asOf, UNUSED_AFTER_MONTHS);
}

export interface ReviewFigures {
  /** Places bought on the listing in the period (declined and cancelled ones are not). */
  purchases: number;
  /** London day of its last purchase up to the period's end, or null. */
  lastPurchaseOn: string | null;
  /** Places bought in the period on other listings for its needs in its areas. */
  purchasesElsewhere: number;
  /** Places free on it now. */
  placesAvailable: number;
  /** Purchasers' searches in the period for its needs in its areas that found no place. */
  searchesNothingAvailable: number;
}

/**
 * The verdict, first that applies: UNMET (full while searches for its needs in its areas found
 * no place), UNUSED (no purchase for UNUSED_AFTER_MONTHS up to the period's end), UNDERUSED
 * (fewer than UNDERUSED_BELOW_PURCHASES purchases while other listings sold at least
 * UNDERUSED_DEMAND_ELSEWHERE places for its needs in its areas), else USED.
 */
export function reviewVerdict(figures: ReviewFigures, periodEnd: string): RateCardVerdict {
  if (figures.placesAvailable === 0 && figures.searchesNothingAvailable >= UNMET_MIN_SEARCHES)
    return RateCardVerdict.UNMET;
  if (noPurchaseFor(figures.lastPurchaseOn, periodEnd)) return RateCardVerdict.UNUSED;
  if (
    figures.purchases < UNDERUSED_BELOW_PURCHASES &&
    figures.purchasesElsewhere >= UNDERUSED_DEMAND_ELSEWHERE
  )
    return RateCardVerdict.UNDERUSED;
  return RateCardVerdict.USED;
}

export interface RiskFigures {
  status: string;
  stale: boolean;
  lastPurchaseOn: string | null;
  subcontractEnding: boolean;
}

/** Why a listing that is the only one of its kind is at risk (empty when it is not), in order. */
export function riskReasons(listing: RiskFigures, today: string): RiskReason[] {
  const reasons: RiskReason[] = [];
  if (listing.subcontractEnding) reasons.push(RiskReason.SUBCONTRACT_ENDING);
  if (noPurchaseFor(listing.lastPurchaseOn, today)) reasons.push(RiskReason.NO_RECENT_PURCHASE);
  if (listing.status === 'SUSPENDED') reasons.push(RiskReason.SUSPENDED);
  if (listing.stale) reasons.push(RiskReason.STALE);
  return reasons;
}
