import { Node } from '../common/node';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DeliveryMode } from '../catalogue/catalogue.enums';
import { DateTimeScalar } from '../common/scalars';
import { Attendance, CaseNoteSide, NoSessionReason, RescheduleRequester } from './delivery.enums';

@ObjectType('ActionPlan', {
  implements: () => [Node],
  description: "A version of the provider's action plan for a referral.",
})
export class ActionPlan {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => Int, { description: 'Version: 1 for the first, each new submission one more.' })
  version!: number;

  @Field(() => [String], { description: 'The planned activities.' })
  activities!: string[];

  @Field(() => Int, { description: 'Sessions planned in all.' })
  plannedSessions!: number;

  @Field(() => DateTimeScalar, { description: 'When it was submitted.' })
  submittedAt!: Date;

  @Field({ description: 'Who submitted it (token subject).' })
  submittedBy!: string;
}

@ObjectType('SessionReschedule', { description: 'One move of a session.' })
export class SessionReschedule {
  @Field(() => DateTimeScalar, { description: 'The start it moved from.' })
  fromStartsAt!: Date;

  @Field(() => DateTimeScalar, { description: 'The start it moved to.' })
  toStartsAt!: Date;

  @Field({ description: 'Why.' })
  reason!: string;

  @Field(() => RescheduleRequester, { description: 'Who asked for it.' })
  requestedBy!: RescheduleRequester;

  @Field(() => DateTimeScalar, { description: 'When it was moved.' })
  at!: Date;

  @Field({ description: 'Who moved it (token subject).' })
  by!: string;
}

@ObjectType('SessionFeedback', { description: 'What happened at a session, recorded once.' })
export class SessionFeedback {
  @Field(() => Attendance, { description: 'Did the person attend?' })
  attended!: Attendance;

  @Field({ description: 'Did the session take place?' })
  sessionHappened!: boolean;

  @Field(() => NoSessionReason, { nullable: true, description: 'Why it did not happen.' })
  noSessionReason!: NoSessionReason | null;

  @Field(() => String, { nullable: true, description: 'What was covered.' })
  summary!: string | null;

  @Field(() => String, { nullable: true, description: 'How the person responded.' })
  response!: string | null;

  @Field(() => String, { nullable: true, description: 'Concerns raised, if any.' })
  concerns!: string | null;

  @Field({ description: 'The provider asked for the purchaser to be told.' })
  notifyPurchaser!: boolean;

  @Field(() => DateTimeScalar, { description: 'When it was recorded.' })
  recordedAt!: Date;

  @Field({ description: 'Who recorded it (token subject).' })
  recordedBy!: string;
}

@ObjectType('DeliverySession', {
  implements: () => [Node],
  description: 'A session of a referral.',
})
export class DeliverySession {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  referralId!: string;

  @Field(() => Int, { description: 'Its number among the referral’s sessions, by start time.' })
  number!: number;

  @Field(() => DateTimeScalar, { description: 'When it starts (after any reschedules).' })
  startsAt!: Date;

  @Field(() => Int, { description: 'How long, in minutes.' })
  durationMinutes!: number;

  @Field(() => DeliveryMode, { description: 'How it is delivered.' })
  deliveryMode!: DeliveryMode;

  @Field(() => String, { nullable: true, description: 'Where.' })
  venue!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was scheduled.' })
  scheduledAt!: Date;

  @Field(() => [SessionReschedule], { description: 'Every move, oldest first.' })
  reschedules!: SessionReschedule[];

  @Field(() => SessionFeedback, { nullable: true, description: 'Feedback, once recorded.' })
  feedback!: SessionFeedback | null;
}

@ObjectType('CaseNote', {
  implements: () => [Node],
  description: 'A note on a referral by either side.',
})
export class CaseNote {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field({ description: 'Subject.' })
  subject!: string;

  @Field({ description: 'The note.' })
  body!: string;

  @Field({ description: 'The writer asked for the other side to be told.' })
  notifyOtherSide!: boolean;

  @Field(() => CaseNoteSide, { description: 'Which side wrote it.' })
  side!: CaseNoteSide;

  @Field({ description: 'Who wrote it (token subject).' })
  by!: string;

  @Field(() => DateTimeScalar, { description: 'When.' })
  at!: Date;
}
