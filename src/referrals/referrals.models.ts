import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Intervention, Organisation } from '../catalogue/catalogue.models';
import { PriceUnit, RiskLevel, Sex, SupervisionType } from '../catalogue/catalogue.enums';
import { DateScalar, DateTimeScalar, SafeInt } from '../common/scalars';
import { FactorCode } from '../reference/factor-code';
import { Division } from '../reference/reference.models';
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

@ObjectType('ReferralStatusChange', { description: 'One step in a referral’s life.' })
export class ReferralStatusChange {
  @Field(() => ReferralStatus, { description: 'The status it moved to.' })
  status!: ReferralStatus;

  @Field(() => DateTimeScalar, { description: 'When.' })
  at!: Date;

  @Field({ description: 'Who (token subject).' })
  by!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Why, where a reason is required (decline, cancel, early end).',
  })
  reason!: string | null;
}

@ObjectType('Referral', {
  description: 'A place bought on an intervention for one person, against a division budget.',
})
export class Referral {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  interventionId!: string;
  providerId!: string;
  divisionCode!: string;

  @Field(() => Intervention, { description: 'The listing the place is on.' })
  intervention?: Intervention;

  @Field(() => Organisation, { description: 'The provider delivering it.' })
  provider?: Organisation;

  @Field(() => Division, { description: 'The NPS division that bought it.' })
  division?: Division;

  @Field({
    description: 'Case reference number of the person on probation (one letter, six digits).',
  })
  crn!: string;

  @Field(() => PersonProfile, {
    description: 'The eligibility profile the purchase was checked against.',
  })
  person!: PersonProfile;

  @Field(() => [FactorCode], { description: 'The factors the referral is meant to address.' })
  targetFactors!: FactorCode[];

  @Field(() => Int, { description: 'Units bought (sessions, hours, days or 1 per referral).' })
  units!: number;

  @Field(() => PriceSnapshot, { description: 'The price in force when bought.' })
  priceSnapshot!: PriceSnapshot;

  @Field(() => SafeInt, { description: 'What it costs the division: price x units, in pence.' })
  totalPence!: number;

  @Field(() => Int, {
    description: 'The financial year charged (April to March, named by its start year).',
  })
  financialYear!: number;

  @Field(() => ReferralStatus, { description: 'Where it is in its life.' })
  status!: ReferralStatus;

  @Field(() => [ReferralStatusChange], { description: 'Every status it has had, oldest first.' })
  statusHistory!: ReferralStatusChange[];

  @Field(() => String, {
    nullable: true,
    description: 'Notes from the purchaser for the provider.',
  })
  notes!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was bought.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the provider accepted it.' })
  acceptedAt!: Date | null;

  @Field(() => DateScalar, { nullable: true, description: 'The day the person started.' })
  startedOn!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it completed or ended early.' })
  completedAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Sessions offered so far.' })
  sessionsOffered!: number | null;

  @Field(() => Int, { nullable: true, description: 'Sessions attended so far.' })
  sessionsAttended!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Days from purchase to start: the delay that kills motivation.',
  })
  daysToStart!: number | null;
}

@ObjectType('ReferralEdge', { description: 'A referral in a page of results.' })
export class ReferralEdge {
  @Field(() => Referral, { description: 'The referral.' })
  node!: Referral;

  @Field({ description: 'Opaque cursor: pass as `after` to continue from here.' })
  cursor!: string;
}

@ObjectType('PageInfo', { description: 'Where a page sits in the whole list.' })
export class PageInfo {
  @Field({ description: 'More results follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last result on this page.' })
  endCursor!: string | null;
}

@ObjectType('ReferralConnection', { description: 'A page of referrals, newest first.' })
export class ReferralConnection {
  @Field(() => [ReferralEdge], { description: 'The referrals on this page.' })
  edges!: ReferralEdge[];

  @Field(() => PageInfo, { description: 'Paging.' })
  pageInfo!: PageInfo;

  @Field(() => SafeInt, { description: 'How many referrals match, over all pages.' })
  totalCount!: number;
}

@ObjectType('DivisionBudget', {
  description: "A division's purchasing budget for one financial year.",
})
export class DivisionBudget {
  @Field({ description: 'The division.' })
  divisionCode!: string;

  @Field(() => Int, { description: 'Financial year, April to March, named by its start year.' })
  financialYear!: number;

  @Field(() => SafeInt, { description: 'Money allocated, in pence.' })
  allocatedPence!: number;

  @Field(() => SafeInt, {
    description: 'Held by live referrals (submitted, accepted, started), in pence.',
  })
  committedPence!: number;

  @Field(() => SafeInt, { description: 'Paid for completed and ended-early referrals, in pence.' })
  spentPence!: number;

  @Field(() => SafeInt, { description: 'Allocated less committed and spent; never below zero.' })
  remainingPence!: number;
}
