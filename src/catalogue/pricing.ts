import { addDays } from '../common/calendar';
import { BadUserInputError } from '../common/errors';

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

export type PricePlan =
  /** Insert the new version; close the latest one the day before (if there is one). */
  | { kind: 'append'; close?: { id: string; effectiveTo: string } }
  /** The latest version starts the same day (today or later): correct it in place. */
  | { kind: 'correct'; id: string };

/**
 * Where a new price version starting `from` goes. History is never rewritten: it may not start
 * before today (buyers have already seen the price of past days) nor before the latest version.
 */
export function planPriceVersion(versions: PriceVersion[], from: string, today: string): PricePlan {
  const latest = [...versions].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
  const field = [{ field: 'input.effectiveFrom', message: '' }];
  if (from < today) {
    field[0].message = `effectiveFrom must be today (${today}) or later: past prices are history`;
    throw new BadUserInputError('A price cannot start in the past', field);
  }
  if (!latest) return { kind: 'append' };
  if (from < latest.effectiveFrom) {
    field[0].message = `effectiveFrom must not be before the current version's (${latest.effectiveFrom})`;
    throw new BadUserInputError('A price version cannot start before the current one', field);
  }
  if (from === latest.effectiveFrom) return { kind: 'correct', id: latest.id };
  return { kind: 'append', close: { id: latest.id, effectiveTo: addDays(from, -1) } };
}
