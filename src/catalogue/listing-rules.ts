import { ConflictError } from '../common/errors';
import { ListingStatus, OrganisationKind } from './catalogue.enums';

export type ListingAction = 'publish' | 'suspend' | 'withdraw';

const ALLOWED: Record<ListingAction, ListingStatus[]> = {
  publish: [ListingStatus.DRAFT, ListingStatus.SUSPENDED],
  suspend: [ListingStatus.PUBLISHED],
  withdraw: [ListingStatus.DRAFT, ListingStatus.PUBLISHED, ListingStatus.SUSPENDED],
};
const RESULT: Record<ListingAction, ListingStatus> = {
  publish: ListingStatus.PUBLISHED,
  suspend: ListingStatus.SUSPENDED,
  withdraw: ListingStatus.WITHDRAWN,
};

const PAST: Record<ListingAction, string> = {
  publish: 'published',
  suspend: 'suspended',
  withdraw: 'withdrawn',
};

/** The status after `action`, or CONFLICT naming the current status. WITHDRAWN is final. */
export function nextListingStatus(current: ListingStatus, action: ListingAction): ListingStatus {
  if (!ALLOWED[action].includes(current)) {
    throw new ConflictError(`A ${current} listing cannot be ${PAST[action]}`, 'INVALID_TRANSITION');
  }
  return RESULT[action];
}

/** A listing that can no longer change: withdrawn listings are kept only as history. */
export function assertEditable(status: ListingStatus): void {
  if (status === ListingStatus.WITHDRAWN)
    throw new ConflictError('A WITHDRAWN listing cannot be changed', 'LISTING_WITHDRAWN');
}

export interface PublishCheck {
  factors: unknown[];
  venues: number;
  coverage: number;
  hasPriceToday: boolean;
}

/** Everything that stops a listing from being published, in words a supplier can act on. */
export function publishProblems(listing: PublishCheck): string[] {
  const problems: string[] = [];
  if (!listing.hasPriceToday)
    problems.push('no price in force today: set one with setInterventionPrice');
  if (listing.factors.length === 0) problems.push('no factor: say which needs it addresses');
  if (listing.venues === 0 && listing.coverage === 0) {
    problems.push('no venue or coverage: say where it is delivered or which PCC areas it serves');
  }
  return problems;
}

/**
 * A CRC must justify every listing on its rate card (issue 19): publishing one needs its
 * rationale, the need evidence and stakeholder feedback behind it. Null when nothing is missing.
 */
export function rationaleProblem(
  providerKind: OrganisationKind,
  rationale: string | null | undefined,
): string | null {
  if (providerKind !== OrganisationKind.CRC) return null;
  if (rationale && rationale.trim() !== '') return null;
  return 'no rationale: a CRC’s listing needs the need evidence and stakeholder feedback behind it';
}

/** A listing not confirmed for `staleAfterDays` is stale: buyers are warned and it ranks lower. */
export function isStale(lastConfirmedAt: Date, now: Date, staleAfterDays: number): boolean {
  return now.getTime() > staleFrom(lastConfirmedAt, staleAfterDays).getTime();
}

/** The moment a listing confirmed at `lastConfirmedAt` goes stale unless confirmed again. */
export function staleFrom(lastConfirmedAt: Date, staleAfterDays: number): Date {
  return new Date(lastConfirmedAt.getTime() + staleAfterDays * 86_400_000);
}

/**
 * The same rule as `isStale`, in SQL: whether the listing aliased `listing` was last confirmed
 * more than `days` days (of 24 hours) before `now` (parameters or expressions: a timestamptz and
 * a number of days).
 */
export function staleSql(listing: string, now: string, days: string): string {
  return `${listing}.last_confirmed_at < ${now} - make_interval(secs => ${days} * 86400::float8)`;
}

/**
 * A listing's PCC areas in SQL, one row (`pcc`) each: the areas it covers and its venues'
 * areas (`venue_pcc_areas`, kept by a trigger on venue), for the listing aliased `listing`.
 */
export function listingAreasSql(listing: string): string {
  return `(SELECT DISTINCT unnest(${listing}.coverage || ${listing}.venue_pcc_areas) AS pcc)`;
}
