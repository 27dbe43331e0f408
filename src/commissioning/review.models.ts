import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Adaptation, ListingStatus } from '../catalogue/catalogue.enums';
import { registerDescribedEnum } from '../common/graphql-enums';
import { DateTimeScalar } from '../common/scalars';
import { Factor, PccArea } from '../reference/reference.models';
import { FactorCode } from '../reference/factor-code';
import { RateCardVerdict, RiskReason } from './rate-card-review-rules';
import { ListingReportRow } from './reports.models';

registerDescribedEnum(
  RateCardVerdict,
  'RateCardVerdict',
  'What the rate card review says of a listing (thresholds in docs/rate-card-review.md).',
  {
    USED: 'Bought in the last 6 months, and not underused.',
    UNDERUSED:
      'Fewer than 3 places bought in the period while other listings sold at least 3 for its needs in its areas: demand exists elsewhere.',
    UNUSED: 'No place bought in the 6 months up to the period’s end.',
    UNMET:
      'Full now (no place free) while purchasers’ searches for its needs in its areas found no place in the period.',
  },
);

registerDescribedEnum(
  RiskReason,
  'RiskReason',
  'Why a listing that is the only one of its kind in an area is at risk.',
  {
    NO_RECENT_PURCHASE: 'No place bought on it in the last 6 months.',
    SUSPENDED: 'Its provider has suspended it.',
    STALE: 'Its provider has not confirmed it for longer than the stale period.',
    SUBCONTRACT_ENDING: 'The subcontract it is delivered under ends within 90 days.',
  },
);

@ObjectType('RateCardReviewRow', {
  description:
    'One listing on a provider’s rate card (PUBLISHED or SUSPENDED) under review: why it exists, the demand for its needs in its areas, its use in the period, and a verdict.',
})
export class RateCardReviewRow extends ListingReportRow {
  @Field(() => ListingStatus, { description: 'The listing’s status now.' })
  status!: ListingStatus;

  @Field(() => String, {
    nullable: true,
    description: 'The need evidence and stakeholder feedback behind it; null if none recorded.',
  })
  rationale!: string | null;

  @Field(() => [FactorCode], { description: 'The needs (factors) it addresses.' })
  factors!: FactorCode[];

  @Field(() => [String], {
    description: 'The PCC area codes it serves (coverage and venues), sorted.',
  })
  pccAreaCodes!: string[];

  @Field(() => Int, {
    description:
      'Demand: purchasers’ searches in the period for any of its needs in any of its areas.',
  })
  searches!: number;

  @Field(() => Int, {
    description: 'Of those searches, the ones that found no listing with a place free.',
  })
  searchesNothingAvailable!: number;

  @Field(() => Int, {
    description: 'Places bought on it in the period (declined and cancelled referrals are not).',
  })
  purchases!: number;

  @Field(() => Int, {
    description:
      'Places bought in the period on other listings for any of its needs, for people in its areas: demand met elsewhere.',
  })
  purchasesElsewhere!: number;

  @Field(() => Int, { description: 'Places used now: held by live referrals.' })
  placesUsed!: number;

  @Field(() => Int, { description: 'Places offered now: its capacity.' })
  placesOffered!: number;

  @Field(() => Int, { description: 'Of those purchases, referrals COMPLETED.' })
  completed!: number;

  @Field(() => Int, {
    description:
      'Buyers’ judgements recorded in the period on referrals for this listing (one per target factor).',
  })
  judgements!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Numerator: those judgements answering yes to “did the provider contribute sufficiently?”. Denominator: judgements. Null with none.',
  })
  contributionRate!: number | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Its last purchase up to the period’s end, whenever it was. Null if never.',
  })
  lastPurchaseAt!: Date | null;

  @Field(() => RateCardVerdict, { description: 'The verdict, by the named thresholds.' })
  verdict!: RateCardVerdict;
}

@ObjectType('ServiceAtRisk', {
  description:
    'A listing that is the only one of its kind for a need in a PCC area (the only one with a specialist adaptation, or its provider the only one offering the need there) and at risk.',
})
export class ServiceAtRisk extends ListingReportRow {
  /** For CSV; resolved into `pccArea`. */
  pccAreaCode!: string;

  @Field(() => PccArea, { description: 'The area where it is the only one of its kind.' })
  pccArea!: PccArea;

  @Field(() => Factor, { description: 'The need (factor).' })
  factor!: Factor;

  @Field(() => ListingStatus, { description: 'The listing’s status now.' })
  status!: ListingStatus;

  @Field({
    description:
      'Its provider is the only one with a PUBLISHED listing for the need in the area (its own others aside).',
  })
  onlyProvider!: boolean;

  @Field(() => [Adaptation], {
    description:
      'Specialist adaptations (women-only, BAME-focused, learning disability, neurodiversity) for which it is the only PUBLISHED listing for the need in the area besides itself.',
  })
  onlyWithAdaptations!: Adaptation[];

  @Field(() => [RiskReason], { description: 'Why it is at risk (at least one).' })
  reasons!: RiskReason[];

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Its last purchase. Null if never.',
  })
  lastPurchaseAt!: Date | null;

  @Field(() => DateTimeScalar, { description: 'When its provider last confirmed it.' })
  lastConfirmedAt!: Date;
}
