import { Node } from '../common/node';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/paging';
import { Intervention, Organisation } from '../catalogue/catalogue.models';
import { PriceUnit, RiskLevel, Sex, SupervisionType } from '../catalogue/catalogue.enums';
import { DateScalar, DateTimeScalar, SafeInt } from '../common/scalars';
import { FactorCode } from '../reference/factor-code';
import { Division } from '../reference/reference.models';
import { Complexity, DeclineReason, TimelineEventType, WithdrawalReason } from './referral-codes';
import { ReferralStatus } from './referral-status';

@ObjectType('PersonProfile', {
  description:
    'What eligibility needs to know of the person on probation; nothing that identifies them.',
})
export class PersonProfile {
  @Field(() => Sex, { description: 'Sex.' })
  sex!: Sex;

  @Field(() => Int, { description: 'Age in years.' })
  age!: number;

  @Field(() => RiskLevel, { description: 'Assessed risk of serious harm.' })
  riskLevel!: RiskLevel;

  @Field(() => SupervisionType, { description: 'The order or licence they are supervised under.' })
  supervisionType!: SupervisionType;
}

@ObjectType('PriceSnapshot', { description: 'The price in force when the place was bought.' })
export class PriceSnapshot {
  @Field(() => SafeInt, { description: 'Price per unit in pence.' })
  amountPence!: number;

  @Field(() => PriceUnit, { description: 'What one unit buys.' })
  unit!: PriceUnit;
}

@ObjectType('ReferralStatusChange', {
  implements: () => [Node],
  description: 'One step in a referral’s life.',
})
export class ReferralStatusChange {
  @Field(() => ID, { description: 'Stable identifier of this step.' })
  id!: string;

  @Field(() => ReferralStatus, { description: 'The status it moved to.' })
  status!: ReferralStatus;

  @Field(() => DateTimeScalar, { description: 'When.' })
  at!: Date;

  @Field({ description: 'Who (token subject).' })
  by!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Why: the comments on a decline, withdrawal or early end.',
  })
  reason!: string | null;
}

@ObjectType('TimelineEvent', {
  implements: () => [Node],
  description: 'One step in the delivery of a referral, ready to show as is.',
})
export class TimelineEvent {
  @Field(() => ID, { description: 'Stable identifier of this event.' })
  id!: string;

  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  at!: Date;

  @Field({ description: 'Who did it (token subject).' })
  by!: string;

  @Field(() => TimelineEventType, { description: 'What kind of step it was.' })
  type!: TimelineEventType;

  @Field({ description: 'What happened, in a sentence.' })
  summary!: string;
}

@ObjectType('Referral', {
  implements: () => [Node],
  description: 'A place bought on an intervention for one person, against a division budget.',
})
export class Referral implements Node {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  interventionId!: string;
  providerId!: string;
  /** The subcontractor delivering it for the provider, if any (resolved into `deliveredBy`). */
  deliveredById!: string | null;
  divisionCode!: string;

  @Field(() => Intervention, { description: 'The listing the place is on.' })
  intervention?: Intervention;

  @Field(() => Organisation, {
    description: 'The provider it was bought from (the prime when a subcontractor delivers it).',
  })
  provider?: Organisation;

  @Field(() => Organisation, {
    nullable: true,
    description:
      'The subcontractor delivering it for the provider (its suppliers see and deliver it too); null when the provider delivers it itself.',
  })
  deliveredBy?: Organisation | null;

  @Field(() => Division, { description: 'The NPS division that bought it.' })
  division?: Division;

  /** Resolved by ReferralsResolver.crn (each read is noted: see docs/data-protection.md). */
  crn!: string;

  /** Null once anonymised; resolved by ReferralsResolver.person (minimum sight). */
  person!: PersonProfile | null;

  @Field(() => [FactorCode], { description: 'The factors the referral is meant to address.' })
  targetFactors!: FactorCode[];

  @Field(() => Int, { description: 'Units bought (sessions, hours, days or 1 per referral).' })
  units!: number;

  @Field(() => PriceSnapshot, { description: 'The price in force when bought.' })
  priceSnapshot!: PriceSnapshot;

  @Field(() => SafeInt, {
    description: 'The fee: price x units, in pence (outcome payments come on top).',
  })
  totalPence!: number;

  @Field(() => SafeInt, {
    description:
      'Outcome payment per desired outcome ACHIEVED (half, rounded down, when partly achieved), from the price bought; 0 when the price has none.',
  })
  outcomePaymentPence!: number;

  @Field(() => SafeInt, {
    description:
      'The most outcome payments can come to (per outcome x desired outcomes): committed at purchase with the fee, so the budget can never be overrun.',
  })
  outcomePaymentMaxPence!: number;

  @Field(() => SafeInt, {
    nullable: true,
    description:
      'Outcome payments earned by the end-of-service report (spent); null until it is submitted.',
  })
  outcomePaymentEarnedPence!: number | null;

  @Field(() => Complexity, {
    nullable: true,
    description:
      "How complex the person's needs are; null for referrals bought before it was asked.",
  })
  complexity!: Complexity | null;

  @Field(() => DeclineReason, {
    nullable: true,
    description: "The provider's reason, if declined.",
  })
  declineReason!: DeclineReason | null;

  @Field(() => WithdrawalReason, {
    nullable: true,
    description: "The purchaser's reason, if withdrawn.",
  })
  withdrawalReason!: WithdrawalReason | null;

  @Field({
    description:
      'The purchaser withdrew it after it started and the provider has not yet submitted the end-of-service report.',
  })
  endOfServiceReportDue!: boolean;

  @Field(() => Int, {
    description: 'The financial year charged (April to March, named by its start year).',
  })
  financialYear!: number;

  @Field(() => ID, {
    nullable: true,
    description:
      "The funding pot (joint commissioning) that paid for it and settles its money; null when the division's own budget paid.",
  })
  fundingPotId!: string | null;

  @Field(() => ReferralStatus, { description: 'Where it is in its life.' })
  status!: ReferralStatus;

  /** Resolved by ReferralsResolver.statusHistory (minimum sight of the comments). */
  statusHistory!: ReferralStatusChange[];

  /** Resolved by ReferralsResolver.notes (minimum sight). */
  notes!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When its personal data (CRN, person, notes, case notes, free-text feedback) was replaced by the retention job or a lawful erasure; null while held. Money, status and outcomes stay as they were.',
  })
  anonymisedAt!: Date | null;

  @Field(() => DateTimeScalar, { description: 'When it was bought.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the provider accepted it.' })
  acceptedAt!: Date | null;

  @Field(() => DateScalar, { nullable: true, description: 'The day the person started.' })
  startedOn!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it completed or ended early.' })
  completedAt!: Date | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Sessions with feedback recorded so far (derived from the sessions); null before the first.',
  })
  sessionsOffered!: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Of those, the sessions the person attended, on time or late (derived from the sessions).',
  })
  sessionsAttended!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Days from purchase to start: the delay that kills motivation.',
  })
  daysToStart!: number | null;
}

export const ReferralConnection = Connection(Referral, {
  name: 'Referral',
  description: 'A page of referrals, newest first.',
  edge: 'A referral in a page of results.',
  node: 'The referral.',
  edges: 'The referrals on this page.',
  totalCount: 'How many referrals match, over all pages.',
});
export type ReferralConnection = InstanceType<typeof ReferralConnection>;

@ObjectType('DivisionBudget', {
  description: "A division's purchasing budget for one financial year.",
})
export class DivisionBudget {
  @Field(() => ID, {
    description:
      "The budget's id, the same for a division and financial year whether or not one is set: its changes are in auditTrail(entityId).",
  })
  id!: string;

  @Field({ description: 'The division.' })
  divisionCode!: string;

  @Field(() => Int, { description: 'Financial year, April to March, named by its start year.' })
  financialYear!: number;

  @Field(() => SafeInt, { description: 'Money allocated, in pence.' })
  allocatedPence!: number;

  @Field(() => SafeInt, {
    description:
      'Held by live referrals (fee plus the most their outcome payments can come to), and by ended ones still awaiting their end-of-service report, in pence.',
  })
  committedPence!: number;

  @Field(() => SafeInt, {
    description:
      'Paid for completed and ended-early referrals, in pence: fees plus outcome payments earned.',
  })
  spentPence!: number;

  @Field(() => SafeInt, {
    description: 'The part of spent that is outcome payments earned by end-of-service reports.',
  })
  outcomePaymentsSpentPence!: number;

  @Field(() => SafeInt, { description: 'Allocated less committed and spent; never below zero.' })
  remainingPence!: number;
}
