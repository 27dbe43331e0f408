import { ConflictError } from '../common/errors';
import { nextReferralStatus, ReferralAction } from './referral-lifecycle';
import { ReferralStatus } from './referral-status';

const ALL = Object.values(ReferralStatus);
const { SUBMITTED, ACCEPTED, DECLINED, STARTED, COMPLETED, ENDED_EARLY, CANCELLED } =
  ReferralStatus;
const ALLOWED: [ReferralStatus, ReferralAction, ReferralStatus][] = [
  [SUBMITTED, 'accept', ACCEPTED],
  [SUBMITTED, 'decline', DECLINED],
  [SUBMITTED, 'withdraw', CANCELLED],
  [ACCEPTED, 'withdraw', CANCELLED],
  [STARTED, 'withdraw', ENDED_EARLY],
  [ACCEPTED, 'start', STARTED],
  [STARTED, 'complete', COMPLETED],
  [STARTED, 'endEarly', ENDED_EARLY],
  [ACCEPTED, 'planAction', ACCEPTED],
  [STARTED, 'planAction', STARTED],
  [ACCEPTED, 'scheduleSession', ACCEPTED],
  [STARTED, 'scheduleSession', STARTED],
  [ACCEPTED, 'recordFeedback', ACCEPTED],
  [STARTED, 'recordFeedback', STARTED],
  [STARTED, 'reportEndOfService', STARTED],
  [ENDED_EARLY, 'reportEndOfService', ENDED_EARLY],
];

describe('nextReferralStatus', () => {
  it.each(ALLOWED)('%s --%s--> %s', (from, action, to) => {
    expect(nextReferralStatus(from, action)).toBe(to);
  });

  const actions: ReferralAction[] = [
    'accept',
    'decline',
    'start',
    'complete',
    'endEarly',
    'withdraw',
    'planAction',
    'scheduleSession',
    'recordFeedback',
    'reportEndOfService',
  ];
  const refused = ALL.flatMap((from) =>
    actions
      .filter((action) => !ALLOWED.some(([f, a]) => f === from && a === action))
      .map((action) => [from, action] as const),
  );

  it.each(refused)('refuses %s --%s-- with CONFLICT naming the status', (from, action) => {
    expect(() => nextReferralStatus(from, action)).toThrow(ConflictError);
    expect(() => nextReferralStatus(from, action)).toThrow(from);
  });
});
