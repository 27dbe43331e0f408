import { countsAsAttended, feedbackFailures } from './delivery-rules';
import { Attendance, NoSessionReason } from './delivery.enums';

describe('session feedback rules', () => {
  it('accepts an attended session and a missed one with its reason', () => {
    expect(feedbackFailures({ attended: Attendance.YES, sessionHappened: true })).toEqual([]);
    expect(feedbackFailures({ attended: Attendance.LATE, sessionHappened: true })).toEqual([]);
    expect(
      feedbackFailures({
        attended: Attendance.NO,
        sessionHappened: false,
        noSessionReason: NoSessionReason.PERSON_UNACCEPTABLE,
      }),
    ).toEqual([]);
  });

  it('needs a reason when the session did not happen, and refuses one when it did', () => {
    expect(feedbackFailures({ attended: Attendance.YES, sessionHappened: false })).toEqual([
      {
        field: 'input.noSessionReason',
        message: 'noSessionReason is required when the session did not happen',
      },
    ]);
    expect(
      feedbackFailures({
        attended: Attendance.YES,
        sessionHappened: true,
        noSessionReason: NoSessionReason.LOGISTICS,
      }).map((f) => f.field),
    ).toEqual(['input.noSessionReason']);
  });

  it('refuses a session that happened without the person', () => {
    expect(
      feedbackFailures({ attended: Attendance.NO, sessionHappened: true }).map((f) => f.field),
    ).toEqual(['input.sessionHappened']);
  });

  it('counts only sessions that happened with the person there', () => {
    expect(countsAsAttended({ attended: Attendance.LATE, sessionHappened: true })).toBe(true);
    expect(countsAsAttended({ attended: Attendance.YES, sessionHappened: false })).toBe(false);
    expect(countsAsAttended({ attended: Attendance.NO, sessionHappened: false })).toBe(false);
  });
});
