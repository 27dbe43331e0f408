import { registerDescribedEnum } from '../common/graphql-enums';

export enum Attendance {
  YES = 'YES',
  LATE = 'LATE',
  NO = 'NO',
}

registerDescribedEnum(Attendance, 'Attendance', 'Did the person attend the session?', {
  YES: 'Attended on time.',
  LATE: 'Attended, late.',
  NO: 'Did not attend.',
});

export enum NoSessionReason {
  PERSON_ACCEPTABLE = 'PERSON_ACCEPTABLE',
  PERSON_UNACCEPTABLE = 'PERSON_UNACCEPTABLE',
  LOGISTICS = 'LOGISTICS',
}

registerDescribedEnum(NoSessionReason, 'NoSessionReason', 'Why a session did not happen.', {
  PERSON_ACCEPTABLE: 'Because of the person, for an acceptable reason (e.g. ill, with notice).',
  PERSON_UNACCEPTABLE: 'Because of the person, without an acceptable reason.',
  LOGISTICS: 'Logistics: the venue, the provider or transport let it down.',
});

export enum RescheduleRequester {
  PERSON_ON_PROBATION = 'PERSON_ON_PROBATION',
  PROVIDER = 'PROVIDER',
}

registerDescribedEnum(RescheduleRequester, 'RescheduleRequester', 'Who asked to move a session.', {
  PERSON_ON_PROBATION: 'The person on probation.',
  PROVIDER: 'The provider.',
});

export enum CaseNoteSide {
  PURCHASER = 'PURCHASER',
  PROVIDER = 'PROVIDER',
}

registerDescribedEnum(CaseNoteSide, 'CaseNoteSide', 'Which side of a referral wrote a note.', {
  PURCHASER: "The buying division's probation staff.",
  PROVIDER: "The provider's staff.",
});
