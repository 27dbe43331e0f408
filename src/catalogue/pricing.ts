import { addDays } from '../common/calendar';
import { ErrorReason } from '../common/error-reasons';
import { BadUserInputError } from '../common/errors';
import { PriceUnit } from './catalogue.enums';

export interface PriceVersion {
  id: string;
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** The version in force on `day`, if any. Versions never overlap. */
export function priceInForce<T extends PriceVersion>(versions: T[], day: string): T | undefined {
  return versions.find(
    (v) => v.effectiveFrom <= day && (v.effectiveTo === null || v.effectiveTo >= day),
  );
}

/**
 * The same rule as `priceInForce`, in SQL: whether the price version aliased `version` is in
 * force on `day` (a parameter or expression of type date).
 */
export function priceInForceSql(version: string, day: string): string {
  return `${version}.effective_from <= ${day} AND (${version}.effective_to IS NULL OR ${version}.effective_to >= ${day})`;
}

export type PricePlan =
  /** Insert the new version from `from`; close the latest one the day before (if it is open). */
  | { kind: 'append'; from: string; close?: { id: string; effectiveTo: string } }
  /** A planned version (starting after today) starts on `from`: correct it in place. */
  | { kind: 'correct'; id: string; from: string };

/**
 * Where a new price version goes. A version that has started (in force today, or past) is
 * history: buyers saw it and may have bought at it (a purchase takes the version in force on its
 * day, so every version bought at has started), and it is never overwritten; a change makes a
 * new version from tomorrow at the earliest, which closes it. A version that starts later is only
 * planned, and may still be corrected (same `effectiveFrom`). With no `requestedFrom` the new
 * version starts as early as it may: today when no price is in force, else tomorrow.
 */
export function planPriceVersion(
  versions: PriceVersion[],
  requestedFrom: string | undefined,
  today: string,
): PricePlan {
  const inForce = priceInForce(versions, today);
  const tomorrow = addDays(today, 1);
  const from = requestedFrom ?? (inForce ? tomorrow : today);
  const refuse = (message: string, reason: ErrorReason, short: string): never => {
    throw new BadUserInputError(short, [{ field: 'input.effectiveFrom', message }], reason);
  };
  if (from < today) {
    refuse(
      `effectiveFrom must be today (${today}) or later: past prices are history`,
      'PRICE_IN_THE_PAST',
      'A price cannot start in the past',
    );
  }
  if (inForce && from <= today) {
    refuse(
      `the price in force since ${inForce.effectiveFrom} is history (buyers see it and may have bought at it): a new price can start on ${tomorrow} at the earliest`,
      'PRICE_VERSION_IN_FORCE',
      'The price in force cannot be changed',
    );
  }
  const planned = versions.find((v) => v.effectiveFrom > today && v.effectiveFrom === from);
  if (planned) return { kind: 'correct', id: planned.id, from };
  const latest = [...versions].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
  if (!latest) return { kind: 'append', from };
  if (from < latest.effectiveFrom) {
    refuse(
      `a price version starting ${latest.effectiveFrom} is already planned: correct it (effectiveFrom ${latest.effectiveFrom}) or start after it`,
      'PRICE_VERSION_PLANNED',
      'A price version cannot start before a planned one',
    );
  }
  const open = latest.effectiveTo === null || latest.effectiveTo >= from;
  return open
    ? { kind: 'append', from, close: { id: latest.id, effectiveTo: addDays(from, -1) } }
    : { kind: 'append', from };
}

/** The listing's own fields that bound how many units of a price one purchase may buy. */
export interface UnitBounds {
  sessionCount: number | null;
  durationWeeks: number | null;
}

/** Longest a session (or a day of delivery) is taken to last, for prices per hour. */
export const MAX_HOURS_PER_SESSION = 8;

/**
 * The most units of `unit` one purchase may buy on a listing, or null when the listing does not
 * say (the input's own 1-500 bound then applies). A price per referral buys the whole
 * intervention: 1. Per session: the listing's sessions. Per day: the days of its duration
 * (weeks x 7). Per hour: 8 hours (a working day) per session, or per day of its duration when
 * it gives no sessions.
 */
export function maxUnits(unit: PriceUnit, listing: UnitBounds): number | null {
  switch (unit) {
    case PriceUnit.PER_REFERRAL:
      return 1;
    case PriceUnit.PER_SESSION:
      return listing.sessionCount;
    case PriceUnit.PER_DAY:
      return listing.durationWeeks === null ? null : listing.durationWeeks * 7;
    case PriceUnit.PER_HOUR:
      if (listing.sessionCount !== null) return listing.sessionCount * MAX_HOURS_PER_SESSION;
      return listing.durationWeeks === null
        ? null
        : listing.durationWeeks * 7 * MAX_HOURS_PER_SESSION;
  }
}

/** Why `units` of the price cannot be bought on the listing, or undefined when they can. */
export function unitsProblem(
  unit: PriceUnit,
  units: number,
  listing: UnitBounds,
): string | undefined {
  const max = maxUnits(unit, listing);
  if (max === null || units <= max) return undefined;
  if (unit === PriceUnit.PER_REFERRAL)
    return 'units must be 1 (or left out): the price is per referral, for the whole intervention';
  const what = {
    [PriceUnit.PER_SESSION]: `the listing's ${listing.sessionCount} sessions`,
    [PriceUnit.PER_DAY]: `the ${max} days of the listing's ${listing.durationWeeks} weeks`,
    [PriceUnit.PER_HOUR]: `${MAX_HOURS_PER_SESSION} hours a ${listing.sessionCount !== null ? 'session' : 'day'} (${max} hours)`,
  }[unit];
  return `units must be at most ${max}: the price is ${unit}, within ${what}`;
}
