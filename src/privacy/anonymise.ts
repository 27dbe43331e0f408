/**
 * Pure rules of anonymisation and retention (the SQL that applies them is in
 * `anonymiser.service.ts`).
 */

/** Statuses a referral ends in: nothing more happens to it once its report is in. */
export const CLOSED_STATUSES = ['COMPLETED', 'ENDED_EARLY', 'DECLINED', 'CANCELLED'] as const;

/** What replaces words someone typed about the person where a value must stay (NOT NULL). */
export const REMOVED = '[removed]';

/**
 * The CRN an anonymised referral carries: `ANON-` and the first 8 characters of its id. It
 * identifies no one, stays the same however often it is applied, and tells a reader (and the
 * CRN check) what it is.
 */
export function anonymousCrn(referralId: string): string {
  return `ANON-${referralId.slice(0, 8).toLowerCase()}`;
}

export function isAnonymousCrn(crn: string): boolean {
  return /^ANON-[0-9a-f]{8}$/.test(crn);
}

/** The same as SQL, for a referral table aliased `alias`. */
export function anonymousCrnSql(alias: string): string {
  return `'ANON-' || left(${alias}.id::text, 8)`;
}

/**
 * The instant before which a referral must have closed to be anonymised now: `years` calendar
 * years before `now` (29 February counts back to 28 February, or 1 March, as JavaScript's
 * calendar does: a day either way does not matter over seven years).
 */
export function retentionCutoff(now: Date, years: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

/** Framework applications rejected, or left with changes asked for, this long ago are deleted. */
export const APPLICATION_RETENTION_YEARS = 1;
