import { FieldError } from '../common/errors';
import { Attendance } from './delivery.enums';

/** The parts of session feedback that must agree with each other. */
export interface FeedbackFacts {
  attended: Attendance;
  sessionHappened: boolean;
  noSessionReason?: string | null;
}

/**
 * Session feedback must tell one story: a session that did not happen says why; one that
 * happened gives no such reason; and a person who did not attend means it did not happen.
 */
export function feedbackFailures(input: FeedbackFacts, prefix = 'input'): FieldError[] {
  const failures: FieldError[] = [];
  if (!input.sessionHappened && !input.noSessionReason) {
    failures.push({
      field: `${prefix}.noSessionReason`,
      message: 'noSessionReason is required when the session did not happen',
    });
  }
  if (input.sessionHappened && input.noSessionReason) {
    failures.push({
      field: `${prefix}.noSessionReason`,
      message: 'noSessionReason must be left out when the session happened',
    });
  }
  if (input.sessionHappened && input.attended === Attendance.NO) {
    failures.push({
      field: `${prefix}.sessionHappened`,
      message: 'sessionHappened must be false when the person did not attend',
    });
  }
  return failures;
}

/** An attended session counts towards delivery (and the first one starts the referral). */
export function countsAsAttended(input: FeedbackFacts): boolean {
  return input.sessionHappened && input.attended !== Attendance.NO;
}
