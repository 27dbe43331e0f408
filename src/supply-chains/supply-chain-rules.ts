import { addDays } from '../common/calendar';

/** A subcontract's status on a day: derived from its dates, never stored. */
export enum SubcontractStatus {
  /** Its first day is still to come. */
  NOT_STARTED = 'NOT_STARTED',
  /** In force, with more than `ENDING_WITHIN_DAYS` to run. */
  ACTIVE = 'ACTIVE',
  /** In force, with its last day within `ENDING_WITHIN_DAYS`. */
  ENDING = 'ENDING',
  /** Past its last day, or ended by the prime. */
  ENDED = 'ENDED',
}

/** A subcontract is ENDING when its last day is this many days away or fewer. */
export const ENDING_WITHIN_DAYS = 90;

/** What the status rules read of a subcontract. */
export interface SubcontractDates {
  startsOn: string;
  endsOn: string;
  /** The day the prime ended it early: ENDED from this day. */
  endedOn: string | null;
}

/** The last day the subcontract runs: the day before it was ended early, or its end date. */
export function lastDayOf(row: SubcontractDates): string {
  return row.endedOn !== null && row.endedOn <= row.endsOn ? addDays(row.endedOn, -1) : row.endsOn;
}

/** `lastDayOf` in SQL, for the subcontract row aliased `s` (a date). */
export function lastDaySql(s: string): string {
  return `(CASE WHEN ${s}.ended_on IS NOT NULL AND ${s}.ended_on <= ${s}.ends_on
    THEN ${s}.ended_on - 1 ELSE ${s}.ends_on END)`;
}

/** Its status on `today` (days as 'YYYY-MM-DD', which compare as strings). */
export function subcontractStatus(row: SubcontractDates, today: string): SubcontractStatus {
  const lastDay = lastDayOf(row);
  if (today > lastDay) return SubcontractStatus.ENDED;
  if (today < row.startsOn) return SubcontractStatus.NOT_STARTED;
  return lastDay <= addDays(today, ENDING_WITHIN_DAYS)
    ? SubcontractStatus.ENDING
    : SubcontractStatus.ACTIVE;
}

/** Whether the subcontractor may deliver under it on `today` (ACTIVE or ENDING). */
export function inForce(row: SubcontractDates, today: string): boolean {
  const status = subcontractStatus(row, today);
  return status === SubcontractStatus.ACTIVE || status === SubcontractStatus.ENDING;
}

/** Whether two periods (first and last days, inclusive) share a day. */
export function periodsOverlap(
  a: { from: string; to: string },
  b: { from: string; to: string },
): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/**
 * What a subcontract fails to cover of a listing: each of the listing's needs and each area it
 * serves (coverage and venues) must be among the subcontract's. Empty when it covers it all.
 */
export function uncoveredBySubcontract(
  subcontract: { factors: readonly string[]; pccAreaCodes: readonly string[] },
  listing: { factors: readonly string[]; areas: readonly string[] },
): { factors: string[]; areas: string[] } {
  return {
    factors: [...new Set(listing.factors)].filter((f) => !subcontract.factors.includes(f)).sort(),
    areas: [...new Set(listing.areas)].filter((a) => !subcontract.pccAreaCodes.includes(a)).sort(),
  };
}
