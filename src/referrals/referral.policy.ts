import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';

/** What the scope rules need of a referral: who bought it and who delivers it. */
export interface ReferralParties {
  divisionCode: string;
  providerId: string;
  /** The subcontractor delivering it for the provider, if any. */
  deliveredById?: string | null;
}

/**
 * Whether the caller acts for the delivering side: a supplier of the provider (the prime, which
 * sees and may act on all its referrals) or of the subcontractor delivering this one.
 */
export function isProviderSide(caller: Caller, row: ReferralParties): boolean {
  if (!hasRole(caller, Role.SUPPLIER) || !caller.organisationId) return false;
  return caller.organisationId === row.providerId || caller.organisationId === row.deliveredById;
}

/**
 * Row scope on referrals, in one place. Each role the caller holds adds what it may see:
 * admins and national commissioners every referral; a commissioner whose token names a division
 * that division's only (as for its spend and budget); purchasers their division's; suppliers
 * those on their organisation's listings and those their
 * organisation delivers as a subcontractor.
 */
export function canSeeReferral(caller: Caller, row: ReferralParties): boolean {
  if (hasRole(caller, Role.ADMIN)) return true;
  if (hasRole(caller, Role.COMMISSIONER)) {
    if (!caller.divisionCode || caller.divisionCode === row.divisionCode) return true;
  }
  if (hasRole(caller, Role.PURCHASER) && caller.divisionCode === row.divisionCode) return true;
  return isProviderSide(caller, row);
}

/**
 * The same scope as a WHERE clause on the referral table aliased `r` (with its named parameters),
 * or undefined when the caller sees every referral.
 */
export function referralScopeClause(
  caller: Caller,
): { where: string; parameters: Record<string, string | undefined> } | undefined {
  if (hasRole(caller, Role.ADMIN)) return undefined;
  if (hasRole(caller, Role.COMMISSIONER) && !caller.divisionCode) return undefined;
  const clauses: string[] = [];
  if (hasRole(caller, Role.COMMISSIONER, Role.PURCHASER) && caller.divisionCode)
    clauses.push('r.division_code = :scopeDivision');
  if (hasRole(caller, Role.SUPPLIER) && caller.organisationId)
    clauses.push('(r.provider_id = :scopeProvider OR r.delivered_by_id = :scopeProvider)');
  return {
    where: clauses.length > 0 ? `(${clauses.join(' OR ')})` : 'false',
    parameters: { scopeDivision: caller.divisionCode, scopeProvider: caller.organisationId },
  };
}

/**
 * Case notes are between the two sides of the referral: the buying division's purchasers and
 * the provider's (and its delivering subcontractor's) suppliers, and admins. Commissioners watch the market, not the case work.
 */
export function canReadCaseNotes(caller: Caller, row: ReferralParties): boolean {
  if (hasRole(caller, Role.ADMIN)) return true;
  if (hasRole(caller, Role.PURCHASER) && caller.divisionCode === row.divisionCode) return true;
  return isProviderSide(caller, row);
}

/**
 * A referral's timeline as the caller may read it: a case note's event keeps its subject
 * ("Case note from the provider: <subject>") only for those who may read the note itself.
 */
export function timelineAsSeenBy<E extends { type: string; summary: string }>(
  caller: Caller,
  row: ReferralParties,
  events: E[],
): E[] {
  if (canReadCaseNotes(caller, row)) return events;
  return events.map((event) =>
    FREE_TEXT_EVENTS.has(event.type)
      ? { ...event, summary: withoutFreeText(event.summary) }
      : event,
  );
}

/**
 * Timeline events whose summary ends with words someone typed about the person (after ": "): a
 * case note's subject, concerns raised at a session, why a session moved, the comments on a
 * decline, a withdrawal or an early end.
 */
export const FREE_TEXT_EVENTS = new Set([
  'CASE_NOTE_ADDED',
  'SESSION_CONCERNS_RAISED',
  'SESSION_RESCHEDULED',
  'REFERRAL_DECLINED',
  'REFERRAL_WITHDRAWN',
  'REFERRAL_ENDED_EARLY',
]);

/** A summary without the typed words: "Declined: moved away" becomes "Declined". */
export function withoutFreeText(summary: string): string {
  return summary.split(': ')[0];
}

/**
 * Minimum sight of the person's details (sex, age, risk, supervision type): everyone who may see
 * the referral, except a provider's suppliers before they have accepted it (they decide on the
 * target factors, complexity and desired outcomes; the CRN they see from the start).
 */
export function canReadPersonDetails(
  caller: Caller,
  row: ReferralParties & { acceptedAt: Date | null },
): boolean {
  if (row.acceptedAt !== null) return true;
  if (hasRole(caller, Role.ADMIN, Role.COMMISSIONER)) return true;
  if (hasRole(caller, Role.PURCHASER) && caller.divisionCode === row.divisionCode) return true;
  return !(hasRole(caller, Role.SUPPLIER) && caller.organisationId === row.providerId);
}

/**
 * Free text about the person (the purchaser's notes, session feedback, report comments) is for
 * the two sides of the referral and admins, as case notes are: never for commissioners.
 */
export const canReadFreeText = canReadCaseNotes;
