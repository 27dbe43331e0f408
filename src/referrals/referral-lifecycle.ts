import { ConflictError } from '../common/errors';
import { ReferralStatus } from './referral-status';

export type ReferralAction =
  'accept' | 'decline' | 'start' | 'complete' | 'endEarly' | 'cancel' | 'recordAttendance';

const { SUBMITTED, ACCEPTED, DECLINED, STARTED, COMPLETED, ENDED_EARLY, CANCELLED } =
  ReferralStatus;

/** From which statuses each action may be taken, and where it leads (attendance keeps the status). */
const TRANSITIONS: Record<ReferralAction, { from: ReferralStatus[]; to?: ReferralStatus }> = {
  accept: { from: [SUBMITTED], to: ACCEPTED },
  decline: { from: [SUBMITTED], to: DECLINED },
  start: { from: [ACCEPTED], to: STARTED },
  complete: { from: [STARTED], to: COMPLETED },
  endEarly: { from: [STARTED], to: ENDED_EARLY },
  cancel: { from: [SUBMITTED, ACCEPTED], to: CANCELLED },
  recordAttendance: { from: [STARTED, COMPLETED, ENDED_EARLY] },
};

/** The status after `action`, or CONFLICT naming the current status. */
export function nextReferralStatus(
  current: ReferralStatus,
  action: ReferralAction,
): ReferralStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(current)) {
    throw new ConflictError(
      `A ${current} referral cannot ${action === 'endEarly' ? 'end early' : action.replace(/[A-Z]/, (c) => ` ${c.toLowerCase()}`)}`,
    );
  }
  return transition.to ?? current;
}

/** Statuses that hold a place and commit budget. */
export const LIVE_STATUSES = [SUBMITTED, ACCEPTED, STARTED];

/** Statuses whose cost has been spent. */
export const SPENT_STATUSES = [COMPLETED, ENDED_EARLY];
