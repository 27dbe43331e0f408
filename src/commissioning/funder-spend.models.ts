import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { OrganisationKind } from '../catalogue/catalogue.enums';
import { SafeInt } from '../common/scalars';

@ObjectType('FunderSpendRow', {
  description:
    "One co-funder's part in one funding pot: what it put in, the pot's money and what the referrals it paid for achieved.",
})
export class FunderSpendRow {
  @Field(() => ID, { description: 'The co-funder.' })
  funderId!: string;

  @Field({ description: "The co-funder's name." })
  funderName!: string;

  @Field(() => OrganisationKind, { description: 'PCC, LOCAL_AUTHORITY or HEALTH.' })
  funderKind!: OrganisationKind;

  @Field(() => ID, { description: 'The pot.' })
  potId!: string;

  @Field({ description: "The pot's name." })
  potName!: string;

  @Field({ description: 'The division whose purchases the pot pays for.' })
  divisionCode!: string;

  @Field(() => SafeInt, { description: 'What this co-funder put into the pot, in pence.' })
  contributedPence!: number;

  @Field(() => SafeInt, { description: 'What all the co-funders put into the pot, in pence.' })
  potTotalPence!: number;

  @Field(() => Float, {
    description:
      'Numerator: contributedPence. Denominator: potTotalPence. 0 when the pot is empty.',
  })
  share!: number;

  @Field(() => SafeInt, {
    description: 'Held by live referrals the pot paid for, and by reports still due, in pence.',
  })
  committedPence!: number;

  @Field(() => SafeInt, {
    description: 'Spent from the pot on finished referrals (fees and outcome payments), in pence.',
  })
  spentPence!: number;

  @Field(() => SafeInt, { description: 'The part of spentPence that is outcome payments.' })
  outcomePaymentsSpentPence!: number;

  @Field(() => SafeInt, {
    description:
      "This co-funder's part of spentPence: spentPence x share, rounded down to the penny.",
  })
  funderSpentPence!: number;

  @Field(() => SafeInt, { description: 'What is left in the pot, in pence.' })
  remainingPence!: number;

  @Field(() => Int, {
    description: 'Referrals the pot paid for, not given back (declined, cancelled).',
  })
  referrals!: number;

  @Field(() => Int, { description: 'Of them, finished: COMPLETED or ENDED_EARLY.' })
  finishedReferrals!: number;

  @Field(() => Int, { description: 'End-of-service reports on them.' })
  endOfServiceReports!: number;

  @Field(() => Int, { description: 'Desired outcomes those reports call ACHIEVED.' })
  outcomesAchieved!: number;

  @Field(() => Int, { description: 'Desired outcomes those reports call PARTIALLY_ACHIEVED.' })
  outcomesPartiallyAchieved!: number;

  @Field(() => Int, { description: 'Desired outcomes those reports call NOT_ACHIEVED.' })
  outcomesNotAchieved!: number;
}
