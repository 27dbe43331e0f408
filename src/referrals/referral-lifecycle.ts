import { ConflictError } from '../common/errors';
import { ReferralStatus } from './referral-status';

export type ReferralAction =
  | 'accept'
  | 'decline'
  | 'start'
  | 'complete'
  | 'endEarly'
  | 'withdraw'
  | 'planAction'
  | 'scheduleSession'
  | 'recordFeedback'
  | 'reportEndOfService';

const { SUBMITTED, ACCEPTED, DECLINED, STARTED, COMPLETED, ENDED_EARLY, CANCELLED } =
  ReferralStatus;

/**
 * From which statuses each action may be taken, and where it leads (delivery steps keep the
 * status). Starting is not a mutation of its own: the first attended session does it.
 * Withdrawing a referral that has started ends it early; before that it cancels it.
 */
const TRANSITIONS: Record<ReferralAction, { from: ReferralStatus[]; to?: ReferralStatus }> = {
  accept: { from: [SUBMITTED], to: ACCEPTED },
  decline: { from: [SUBMITTED], to: DECLINED },
  start: { from: [ACCEPTED], to: STARTED },
  complete: { from: [STARTED], to: COMPLETED },
  endEarly: { from: [STARTED], to: ENDED_EARLY },
  withdraw: { from: [SUBMITTED, ACCEPTED, STARTED] },
  planAction: { from: [ACCEPTED, STARTED] },
  scheduleSession: { from: [ACCEPTED, STARTED] },
  recordFeedback: { from: [ACCEPTED, STARTED] },
  reportEndOfService: { from: [STARTED, ENDED_EARLY] },
};

const WORDS: Record<ReferralAction, string> = {
  accept: 'be accepted',
  decline: 'be declined',
  start: 'start',
  complete: 'complete',
  endEarly: 'end early',
  withdraw: 'be withdrawn',
  planAction: 'take an action plan',
  scheduleSession: 'have sessions scheduled',
  recordFeedback: 'have session feedback recorded',
  reportEndOfService: 'take an end-of-service report',
};

/** The status after `action`, or CONFLICT naming the current status. */
export function nextReferralStatus(
  current: ReferralStatus,
  action: ReferralAction,
): ReferralStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(current)) {
    throw new ConflictError(`A ${current} referral cannot ${WORDS[action]}`, 'INVALID_TRANSITION');
  }
  if (action === 'withdraw') return current === STARTED ? ENDED_EARLY : CANCELLED;
  return transition.to ?? current;
}

/** Statuses that hold a place and commit budget. */
export const LIVE_STATUSES = [SUBMITTED, ACCEPTED, STARTED];

/** Statuses whose cost has been spent. */
export const SPENT_STATUSES = [COMPLETED, ENDED_EARLY];

/** Statuses that gave back their place and budget. */
export const RELEASED_STATUSES = [DECLINED, CANCELLED];
