import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { OrganisationKind } from '../catalogue/catalogue.enums';
import { DateTimeScalar, SafeInt } from '../common/scalars';
import { FactorCode } from '../reference/factor-code';
import { Node } from '../common/node';

@ObjectType('FundingPotFunder', {
  description: 'One co-funder of a funding pot and what it put in.',
})
export class FundingPotFunder {
  @Field(() => ID, { description: 'The co-funding organisation.' })
  organisationId!: string;

  @Field({ description: "The co-funder's name." })
  organisationName!: string;

  @Field(() => OrganisationKind, { description: 'PCC, LOCAL_AUTHORITY or HEALTH.' })
  organisationKind!: OrganisationKind;

  @Field(() => SafeInt, { description: 'What it put into the pot, in pence.' })
  amountPence!: number;
}

@ObjectType('FundingPot', {
  implements: () => [Node],
  description:
    "Joint commissioning: money co-funders (a Police and Crime Commissioner, a local authority, a health body) put in for one division's purchases in one financial year, for some needs and PCC areas. A purchase draws from the most specific matching pot that can pay it all, before the division's own budget.",
})
export class FundingPot {
  @Field(() => ID, { description: "The pot's id: its changes are in auditTrail(entityId)." })
  id!: string;

  @Field({ description: 'A name for people, e.g. "Dyfed-Powys accommodation 2043".' })
  name!: string;

  @Field({ description: 'The division whose purchases it pays for.' })
  divisionCode!: string;

  @Field(() => Int, { description: 'Financial year, April to March, named by its start year.' })
  financialYear!: number;

  @Field(() => [FactorCode], {
    description: 'The needs (factors) it may pay for: every target factor must be one. Empty: any.',
  })
  needs!: FactorCode[];

  @Field(() => [String], {
    description: "The PCC areas it may pay for (the referral's area). Empty: any.",
  })
  pccAreaCodes!: string[];

  @Field(() => Int, {
    description:
      'How specific it is: 2 when it names needs and areas, 1 either, 0 neither. Purchases draw from the most specific first, then the oldest.',
  })
  specificity!: number;

  @Field(() => [FundingPotFunder], { description: 'Its co-funders, by name.' })
  funders!: FundingPotFunder[];

  @Field(() => SafeInt, { description: 'What the co-funders put in together, in pence.' })
  totalPence!: number;

  @Field(() => SafeInt, {
    description:
      'Held by live referrals it paid for (fee plus the most their outcome payments can come to), and by ended ones awaiting their end-of-service report, in pence.',
  })
  committedPence!: number;

  @Field(() => SafeInt, {
    description:
      'Paid for finished referrals it paid for, in pence: fees plus outcome payments earned.',
  })
  spentPence!: number;

  @Field(() => SafeInt, { description: 'The part of spent that is outcome payments.' })
  outcomePaymentsSpentPence!: number;

  @Field(() => SafeInt, { description: 'Total less committed and spent; never below zero.' })
  remainingPence!: number;

  @Field(() => DateTimeScalar, {
    description: 'When it was created (older pots pay first in a tie).',
  })
  createdAt!: Date;
}
