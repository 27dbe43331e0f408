import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';

/** What the scope rules need of a referral: who bought it and who delivers it. */
export interface ReferralParties {
  divisionCode: string;
  providerId: string;
}

/**
 * Row scope on referrals, in one place. Each role the caller holds adds what it may see:
 * admins and national commissioners every referral; a commissioner whose token names a division
 * that division's only (as for its spend and budget); purchasers their division's; suppliers
 * those on their organisation's listings.
 */
export function canSeeReferral(caller: Caller, row: ReferralParties): boolean {
  if (hasRole(caller, Role.ADMIN)) return true;
  if (hasRole(caller, Role.COMMISSIONER)) {
    if (!caller.divisionCode || caller.divisionCode === row.divisionCode) return true;
  }
  if (hasRole(caller, Role.PURCHASER) && caller.divisionCode === row.divisionCode) return true;
  return hasRole(caller, Role.SUPPLIER) && caller.organisationId === row.providerId;
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
    clauses.push('r.provider_id = :scopeProvider');
  return {
    where: clauses.length > 0 ? `(${clauses.join(' OR ')})` : 'false',
    parameters: { scopeDivision: caller.divisionCode, scopeProvider: caller.organisationId },
  };
}

/**
 * Case notes are between the two sides of the referral: the buying division's purchasers and
 * the provider's suppliers, and admins. Commissioners watch the market, not the case work.
 */
export function canReadCaseNotes(caller: Caller, row: ReferralParties): boolean {
  if (hasRole(caller, Role.ADMIN)) return true;
  if (hasRole(caller, Role.PURCHASER) && caller.divisionCode === row.divisionCode) return true;
  return hasRole(caller, Role.SUPPLIER) && caller.organisationId === row.providerId;
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
    event.type === 'CASE_NOTE_ADDED' ? { ...event, summary: event.summary.split(': ')[0] } : event,
  );
}
