import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { registerDescribedEnum } from '../common/graphql-enums';
import { SafeInt } from '../common/scalars';
import { QUESTIONS } from '../outcomes/judgement';
import { ContractPackageArea, PccArea } from '../reference/reference.models';

export enum BreakdownDimension {
  SEX = 'SEX',
  SUPERVISION_TYPE = 'SUPERVISION_TYPE',
}

registerDescribedEnum(BreakdownDimension, 'BreakdownDimension', 'What a breakdown groups by.', {
  SEX: 'The person’s sex, as given on the referral or the search (“Progress and outcomes for women are not measured systematically”, HMI Probation Annual Report 2017).',
  SUPERVISION_TYPE:
    'The person’s supervision type (community sentence, licence, post-sentence supervision, pre-release).',
});

@ObjectType('MeasureBreakdownRow', {
  description:
    'Purchases, outcomes and availability in the period for one group of people on probation (a sex or a supervision type). Every group appears, zeros included; NOT_GIVEN collects searches that described no person (availability only).',
})
export class MeasureBreakdownRow {
  @Field({ description: 'The group: a Sex or SupervisionType value, or NOT_GIVEN.' })
  key!: string;

  @Field(() => Int, {
    description:
      'Referrals bought in the period for people in the group and not given back (declined and cancelled ones are not purchases). Source: the referrals.',
  })
  referrals!: number;

  @Field(() => SafeInt, { description: 'Pence committed or spent on those referrals.' })
  spendPence!: number;

  @Field(() => Int, {
    description:
      'Contribution judgements recorded in the period on referrals for people in the group: the denominator of contributionRate.',
  })
  judgements!: number;

  @Field(() => Float, {
    nullable: true,
    description: `Numerator: judgements answering yes to “${QUESTIONS.contribution}”. Denominator: judgements. Source: outcomes recorded by NPS buyers. Null with none.`,
  })
  contributionRate!: number | null;

  @Field(() => Int, {
    description: `Outcomes recorded in the period where “${QUESTIONS.riskOfHarmFocus}” applied: the denominator of riskOfHarmFocusRate.`,
  })
  riskOfHarmFocusApplicable!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Numerator: those outcomes answering YES. Denominator: riskOfHarmFocusApplicable. Source: outcomes recorded by NPS buyers (national figure: 61.0% of 249, Bulletin 2019/01). Null with none.',
  })
  riskOfHarmFocusRate!: number | null;

  @Field(() => Int, {
    description: `Outcomes recorded in the period where “${QUESTIONS.informationForReview}” applied: the denominator of informationForReviewRate.`,
  })
  informationForReviewApplicable!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Numerator: those outcomes answering YES. Denominator: informationForReviewApplicable. Source: outcomes recorded by NPS buyers (national figure: 66.1% of 180, Bulletin 2019/01). Null with none.',
  })
  informationForReviewRate!: number | null;

  @Field(() => Int, {
    description:
      'Needs (purchaser × PCC area × factor × day searched for) of people in the group: the denominator of availabilityRate.',
  })
  needs!: number;

  @Field(() => Int, { description: 'Of those needs, met: the numerator of availabilityRate.' })
  needsMet!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Numerator: needsMet. Denominator: needs. Source: the search record (as in provisionGaps). Null with no needs.',
  })
  availabilityRate!: number | null;
}

@ObjectType('AdaptationProvisionRow', {
  description:
    'How much of an area’s published provision carries an adaptation (by default services focused on Black, Asian and minority ethnic people), now, and what was bought of it in the period.',
})
export class AdaptationProvisionRow {
  @Field(() => PccArea, { description: 'The area.' })
  pccArea!: PccArea;

  @Field(() => Int, {
    description:
      'PUBLISHED listings serving the area (covering it or with a venue there), now: the denominator of share.',
  })
  publishedInterventions!: number;

  @Field(() => Int, {
    description: 'Of those, listings with the adaptation: the numerator of share.',
  })
  adapted!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Numerator: adapted. Denominator: publishedInterventions. Source: the listings now. Null with no published listing.',
  })
  share!: number | null;

  @Field(() => Int, { description: 'Free places on the adapted listings, now.' })
  adaptedPlacesAvailable!: number;

  @Field(() => Int, {
    description:
      'Referrals bought in the period on adapted listings for people supervised in the area (not given back).',
  })
  adaptedReferrals!: number;
}

@ObjectType('OwnAreaCrcPurchasesRow', {
  description:
    'How often NPS purchasers bought from the CRC of their own area (“the NPS purchasing sufficiently often the interventions available from CRCs”, HMI Probation Annual Report 2017), per contract package area.',
})
export class OwnAreaCrcPurchasesRow {
  @Field(() => ContractPackageArea, { description: 'The contract package area.' })
  contractPackageArea!: ContractPackageArea;

  @Field({ description: 'The NPS division the CPA lies in.' })
  divisionCode!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The CRC of the CPA, when it is on the marketplace.',
  })
  crcId!: string | null;

  @Field(() => Int, {
    description:
      'Referrals bought in the period (not given back) for people supervised in the CPA’s PCC areas: the denominator of share.',
  })
  referrals!: number;

  @Field(() => Int, {
    description: 'Of those, bought from the CPA’s own CRC: the numerator of share.',
  })
  fromOwnCrc!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Numerator: fromOwnCrc. Denominator: referrals (the purchases made in the CPA). Source: the referrals. Null with none.',
  })
  share!: number | null;

  @Field(() => Int, {
    description:
      'Referrals bought in the period (not given back) by the whole division: the denominator of shareOfDivision.',
  })
  divisionReferrals!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Numerator: fromOwnCrc. Denominator: divisionReferrals (each division’s purchases, by CPA). Source: the referrals. Null with none.',
  })
  shareOfDivision!: number | null;
}
