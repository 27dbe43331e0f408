import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { registerDescribedEnum } from '../common/graphql-enums';
import { Connection } from '../common/paging';
import { DateTimeScalar } from '../common/scalars';
import { EmailKind } from './email-kinds';
import { Node } from '../common/node';

export enum EmailStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
}

registerDescribedEnum(EmailStatus, 'EmailStatus', 'Where one email stands.', {
  PENDING: 'Not sent yet: waiting for its first attempt or a retry.',
  SENT: 'GOV.UK Notify (or the local mailbox) accepted it.',
  FAILED:
    'Given up: refused for good (a 4xx from Notify: bad address, template or key) or out of attempts.',
});

@ObjectType('EmailKindPreference', { description: 'One kind of email, and whether you get it.' })
export class EmailKindPreference {
  @Field(() => EmailKind, { description: 'The kind.' })
  kind!: EmailKind;

  @Field({ description: 'What it tells you.' })
  description!: string;

  @Field({ description: 'Whether you may turn it off (emails asking you to act may not be).' })
  optional!: boolean;

  @Field({ description: 'Whether you get it.' })
  enabled!: boolean;
}

@ObjectType('EmailPreferences', { description: 'The emails you get, and where they go.' })
export class EmailPreferences {
  @Field(() => String, {
    nullable: true,
    description:
      'Where your emails go: the `email` claim of your sign-in token (null when it has none: then you get no emails).',
  })
  email!: string | null;

  @Field(() => [EmailKindPreference], { description: 'Every kind of email, in a fixed order.' })
  kinds!: EmailKindPreference[];
}

@ObjectType('OrganisationEmail', {
  description: 'The address a provider organisation’s emails go to (besides its suppliers’ own).',
})
export class OrganisationEmail {
  @Field(() => ID, { description: 'The organisation.' })
  organisationId!: string;

  @Field(() => String, { nullable: true, description: 'The address; null when none is set.' })
  email!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was last set.' })
  updatedAt!: Date | null;
}

@ObjectType('Email', {
  implements: () => [Node],
  description: 'One email owed by one event to one recipient, and how sending it went.',
})
export class EmailRecord {
  @Field(() => ID, { description: 'Stable identifier (sent to Notify as the reference).' })
  id!: string;

  @Field(() => ID, { description: 'The outbox event it comes from.' })
  eventId!: string;

  @Field({ description: 'The event’s type.' })
  eventType!: string;

  @Field(() => EmailKind, { description: 'The kind of email.' })
  kind!: EmailKind;

  @Field({ description: 'The address it goes to.' })
  recipient!: string;

  @Field(() => ID, { nullable: true, description: 'The referral it is about.' })
  referralId!: string | null;

  @Field(() => EmailStatus, { description: 'Where it stands.' })
  status!: EmailStatus;

  @Field(() => Int, { description: 'Attempts made so far.' })
  attemptCount!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it will next be tried (null once sent or failed).',
  })
  nextAttemptAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the last attempt failed (status and error class only).',
  })
  lastError!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was accepted.' })
  sentAt!: Date | null;

  @Field(() => DateTimeScalar, { description: 'When its event committed.' })
  createdAt!: Date;
}

export const EmailConnection = Connection(EmailRecord, {
  name: 'Email',
  description: 'A page of emails, newest first.',
  edge: 'One email in a page.',
  node: 'The email.',
  edges: 'The emails on this page.',
  totalCount: 'How many emails match, over all pages.',
});
export type EmailConnection = InstanceType<typeof EmailConnection>;

@ObjectType('EmailBacklog', { description: 'How the email queue stands.' })
export class EmailBacklog {
  @Field(() => Int, { description: 'Emails not sent yet.' })
  pending!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Age in seconds of the oldest email not sent yet (null when none is waiting).',
  })
  oldestPendingSeconds!: number | null;

  @Field(() => Int, { description: 'Emails given up (see `emails(status: FAILED)`).' })
  failed!: number;

  @Field(() => Int, { description: 'Emails sent.' })
  sent!: number;
}
