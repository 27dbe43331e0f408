import { registerDescribedEnum } from '../common/graphql-enums';

export enum Complexity {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

registerDescribedEnum(Complexity, 'Complexity', "How complex the person's needs are.", {
  LOW: 'Low complexity: few, stable needs.',
  MEDIUM: 'Medium complexity: several needs or some instability.',
  HIGH: 'High complexity: many or entrenched needs; expect more sessions.',
});

/** Why the purchaser withdraws a referral, grouped as problem, person, sentence and other. */
export enum WithdrawalReason {
  INELIGIBLE = 'INELIGIBLE',
  MISTAKEN_OR_DUPLICATE = 'MISTAKEN_OR_DUPLICATE',
  NOT_ENGAGED = 'NOT_ENGAGED',
  NEEDS_MET_ELSEWHERE = 'NEEDS_MET_ELSEWHERE',
  MOVED_OUT_OF_AREA = 'MOVED_OUT_OF_AREA',
  WORK_CARE_OR_SICKNESS = 'WORK_CARE_OR_SICKNESS',
  DIED = 'DIED',
  ACQUITTED_ON_APPEAL = 'ACQUITTED_ON_APPEAL',
  RETURNED_TO_CUSTODY = 'RETURNED_TO_CUSTODY',
  SENTENCE_REVOKED = 'SENTENCE_REVOKED',
  SENTENCE_EXPIRED = 'SENTENCE_EXPIRED',
  OTHER = 'OTHER',
}

export const WITHDRAWAL_REASON_TEXT: Record<WithdrawalReason, string> = {
  INELIGIBLE: 'Problem with the referral: the person is not eligible.',
  MISTAKEN_OR_DUPLICATE: 'Problem with the referral: made by mistake, or a duplicate.',
  NOT_ENGAGED: 'The person: not engaging.',
  NEEDS_MET_ELSEWHERE: 'The person: needs met through another route.',
  MOVED_OUT_OF_AREA: 'The person: moved out of the area.',
  WORK_CARE_OR_SICKNESS: 'The person: work, caring responsibilities or sickness.',
  DIED: 'The person: died.',
  ACQUITTED_ON_APPEAL: 'Sentence: acquitted on appeal.',
  RETURNED_TO_CUSTODY: 'Sentence: returned to custody.',
  SENTENCE_REVOKED: 'Sentence: revoked.',
  SENTENCE_EXPIRED: 'Sentence: expired.',
  OTHER: 'Other (say why in the comments).',
};

registerDescribedEnum(
  WithdrawalReason,
  'WithdrawalReason',
  "Why the purchaser withdraws a referral: a problem with it, the person's circumstances, their sentence, or other.",
  WITHDRAWAL_REASON_TEXT,
);

export enum DeclineReason {
  NO_CAPACITY = 'NO_CAPACITY',
  INELIGIBLE = 'INELIGIBLE',
  UNSUITABLE_RISK = 'UNSUITABLE_RISK',
  OUT_OF_AREA = 'OUT_OF_AREA',
  OTHER = 'OTHER',
}

export const DECLINE_REASON_TEXT: Record<DeclineReason, string> = {
  NO_CAPACITY: 'No capacity to take the person on.',
  INELIGIBLE: 'The person is not eligible for the service.',
  UNSUITABLE_RISK: 'The risk the person poses is unsuitable for the service.',
  OUT_OF_AREA: 'The person is outside the area the service reaches.',
  OTHER: 'Other (say why in the comments).',
};

registerDescribedEnum(
  DeclineReason,
  'DeclineReason',
  'Why the provider declines a referral.',
  DECLINE_REASON_TEXT,
);

/**
 * Every kind of step on a referral's timeline: the domain events of the delivery flow. A
 * notification hook reads these (see TimelineService.record).
 */
export enum TimelineEventType {
  REFERRAL_SENT = 'REFERRAL_SENT',
  REFERRAL_ACCEPTED = 'REFERRAL_ACCEPTED',
  REFERRAL_DECLINED = 'REFERRAL_DECLINED',
  ACTION_PLAN_SUBMITTED = 'ACTION_PLAN_SUBMITTED',
  SESSION_SCHEDULED = 'SESSION_SCHEDULED',
  SESSION_RESCHEDULED = 'SESSION_RESCHEDULED',
  SESSION_ATTENDED = 'SESSION_ATTENDED',
  SESSION_MISSED = 'SESSION_MISSED',
  SESSION_NOT_HELD = 'SESSION_NOT_HELD',
  SESSION_CONCERNS_RAISED = 'SESSION_CONCERNS_RAISED',
  REFERRAL_STARTED = 'REFERRAL_STARTED',
  CASE_NOTE_ADDED = 'CASE_NOTE_ADDED',
  REFERRAL_WITHDRAWN = 'REFERRAL_WITHDRAWN',
  END_OF_SERVICE_REPORT_SUBMITTED = 'END_OF_SERVICE_REPORT_SUBMITTED',
  REFERRAL_COMPLETED = 'REFERRAL_COMPLETED',
  REFERRAL_ENDED_EARLY = 'REFERRAL_ENDED_EARLY',
  OUTCOME_RECORDED = 'OUTCOME_RECORDED',
  OUTCOME_AMENDED = 'OUTCOME_AMENDED',
}

registerDescribedEnum(
  TimelineEventType,
  'TimelineEventType',
  'What happened at one step of a referral.',
  {
    REFERRAL_SENT: 'The purchaser bought the place and sent the referral to the provider.',
    REFERRAL_ACCEPTED: 'The provider accepted the referral.',
    REFERRAL_DECLINED: 'The provider declined the referral (coded reason).',
    ACTION_PLAN_SUBMITTED: 'The provider submitted a version of the action plan.',
    SESSION_SCHEDULED: 'The provider scheduled a session.',
    SESSION_RESCHEDULED: 'A session moved (who asked, and why).',
    SESSION_ATTENDED: 'Feedback: the person attended a session (on time or late).',
    SESSION_MISSED: 'Feedback: the person did not attend a session.',
    SESSION_NOT_HELD: 'Feedback: the session did not happen for another reason.',
    SESSION_CONCERNS_RAISED: "Feedback raised concerns about the person's session.",
    REFERRAL_STARTED: 'The first attended session: the referral started.',
    CASE_NOTE_ADDED: 'Either side added a case note.',
    REFERRAL_WITHDRAWN: 'The purchaser withdrew the referral (coded reason).',
    END_OF_SERVICE_REPORT_SUBMITTED:
      'The provider submitted the end-of-service report; outcome payments settled.',
    REFERRAL_COMPLETED: 'The provider completed the referral.',
    REFERRAL_ENDED_EARLY: 'The provider ended the referral early.',
    OUTCOME_RECORDED: "The purchaser recorded the inspectorate's three judgements.",
    OUTCOME_AMENDED: 'The purchaser amended the judgements.',
  },
);
