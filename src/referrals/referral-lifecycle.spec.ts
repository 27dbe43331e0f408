import { ConflictError } from '../common/errors';
import { nextReferralStatus, ReferralAction } from './referral-lifecycle';
import { ReferralStatus } from './referral-status';

const ALL = Object.values(ReferralStatus);
const ALLOWED: [ReferralStatus, ReferralAction, ReferralStatus][] = [
  [ReferralStatus.SUBMITTED, 'accept', ReferralStatus.ACCEPTED],
  [ReferralStatus.SUBMITTED, 'decline', ReferralStatus.DECLINED],
  [ReferralStatus.SUBMITTED, 'cancel', ReferralStatus.CANCELLED],
  [ReferralStatus.ACCEPTED, 'cancel', ReferralStatus.CANCELLED],
  [ReferralStatus.ACCEPTED, 'start', ReferralStatus.STARTED],
  [ReferralStatus.STARTED, 'complete', ReferralStatus.COMPLETED],
  [ReferralStatus.STARTED, 'endEarly', ReferralStatus.ENDED_EARLY],
  [ReferralStatus.STARTED, 'recordAttendance', ReferralStatus.STARTED],
  [ReferralStatus.COMPLETED, 'recordAttendance', ReferralStatus.COMPLETED],
  [ReferralStatus.ENDED_EARLY, 'recordAttendance', ReferralStatus.ENDED_EARLY],
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
    'cancel',
    'recordAttendance',
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
