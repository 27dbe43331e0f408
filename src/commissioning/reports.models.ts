import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { ListingStatus } from '../catalogue/catalogue.enums';
import { registerDescribedEnum } from '../common/graphql-enums';
import { DateTimeScalar, SafeInt } from '../common/scalars';
import { Connection } from '../common/paging';
import { Factor, PccArea } from '../reference/reference.models';
import { GapStatus } from './gap-rules';
import { NationalFigure } from '../outcomes/outcomes.models';

registerDescribedEnum(GapStatus, 'GapStatus', 'How well an area is served for a factor.', {
  NONE: 'Served: availability (needs met / needs) at or above the watch line (or nobody has searched yet and places are free).',
  WATCH:
    'Availability below the watch line (PROVISION_WATCH_BELOW_PERCENT, default 90%) or every place is taken now.',
  GAP: 'No published listing at all, or availability (needs met / needs) below GAP_AVAILABILITY_THRESHOLD (default 0.8: the inspectorate found availability above 80% for eight of ten factors, Annual Report 2017 Figure 44; an observation, not a standard).',
});

export enum SpendGrouping {
  PROVIDER = 'PROVIDER',
  PROVIDER_KIND = 'PROVIDER_KIND',
  DIVISION = 'DIVISION',
  PCC_AREA = 'PCC_AREA',
  FACTOR = 'FACTOR',
}

registerDescribedEnum(SpendGrouping, 'SpendGrouping', 'What a spend report totals by.', {
  PROVIDER: 'Each provider that was paid in the period.',
  PROVIDER_KIND:
    'CRC, voluntary sector, private and public sector (every kind, zero included): the voluntary sector’s share.',
  DIVISION: 'Each NPS division that bought (every division in scope, zero included).',
  PCC_AREA:
    'Each PCC area in scope (zero included), by the referral’s area: the one the purchaser named, else where the listing meets the buying division.',
  FACTOR:
    'Each of the 12 factors (zero included). A referral for several factors is split evenly between them, to the penny, so the rows still add up to the total.',
});

export enum AreaLevel {
  DIVISION = 'DIVISION',
  PCC_AREA = 'PCC_AREA',
}

registerDescribedEnum(AreaLevel, 'AreaLevel', 'Which kind of area a row names.', {
  DIVISION: 'An NPS division.',
  PCC_AREA: 'A police force / PCC area.',
});

/** A report row about one listing: its names for CSV, its ids for the `intervention` and `provider` fields. */
@ObjectType({ isAbstract: true })
export abstract class ListingReportRow {
  interventionId!: string;
  providerId!: string;

  @Field({ description: 'The listing’s title.' })
  title!: string;

  @Field({ description: 'The provider’s name.' })
  providerName!: string;
}

@ObjectType('ProvisionGapRow', {
  description:
    'Supply and demand for one factor in one PCC area over a period: the commissioners’ gap report.',
})
export class ProvisionGapRow {
  @Field(() => PccArea, { description: 'The area.' })
  pccArea!: PccArea;

  @Field(() => Factor, { description: 'The factor.' })
  factor!: Factor;

  @Field(() => Int, {
    description:
      'PUBLISHED listings for the factor serving the area (a venue there or covering it), now.',
  })
  publishedInterventions!: number;

  @Field(() => Int, { description: 'Free places on those listings, now.' })
  placesAvailable!: number;

  @Field(() => Int, {
    description:
      'Purchasers’ searches for the factor in the area in the period (a later page of one search is not counted again).',
  })
  searches!: number;

  @Field(() => Int, { description: 'Of those, searches that found no listing at all.' })
  searchesWithNoResult!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Numerator: searches that found any listing with a place (for any of the factors they named, anywhere they reached). Denominator: purchasers’ searches for the factor in the area (searches). Source: the search record. Not availability: a search naming several needs counts for all of them when one listing matched one. Null with no searches.',
  })
  searchHitRate!: number | null;

  @Field(() => Int, {
    description:
      'Needs: purchaser × PCC area × factor × day on which a purchaser searched for the factor in the area (repeated searches the same day count once). The denominator of availabilityRate. Searches recorded before needs were kept count in none.',
  })
  needs!: number;

  @Field(() => Int, {
    description:
      'Of those needs, needs met: a search found a PUBLISHED listing that addresses the factor, serves the area, had a place, and admitted the person when one was given. The numerator of availabilityRate.',
  })
  needsMet!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Availability as the inspectorate reads it (“the proportion where services for that priority were available”, Bulletin 2019/01): numerator needsMet, denominator needs. Source: the search record. Null with no needs. Read beside nationalAvailabilityCrc and nationalAvailabilityNps.',
  })
  availabilityRate!: number | null;

  @Field(() => NationalFigure, {
    description:
      'National availability for the factor in CRC cases (Annual Report 2017, Figure 44): cases where interventions were available over cases where the factor was a priority.',
  })
  nationalAvailabilityCrc!: NationalFigure;

  @Field(() => NationalFigure, {
    description:
      'National availability for the factor in NPS cases (Annual Report 2017, Figure 44): cases where interventions were available over cases where the factor was a priority.',
  })
  nationalAvailabilityNps!: NationalFigure;

  @Field(() => Int, {
    description: 'Referrals made in the period for the factor for people supervised in the area.',
  })
  referrals!: number;

  @Field(() => Int, { description: 'Of those, referrals the provider declined.' })
  declined!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Median days from purchase to start of those referrals that started. Null when none has.',
  })
  medianDaysToStart!: number | null;

  @Field(() => Int, {
    description:
      'Buyers’ judgements for the factor recorded in the period on referrals in the area.',
  })
  judgements!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Numerator: those judgements answering yes to “Did contracted providers contribute sufficiently to helping the service user achieve the desired outcomes?”. Denominator: the judgements (judgements). Source: outcomes recorded by NPS buyers. Null with no judgements.',
  })
  contributionRate!: number | null;

  @Field(() => GapStatus, { description: 'The verdict, by the configured thresholds.' })
  gap!: GapStatus;
}

@ObjectType('RateCardUsageRow', {
  description:
    'One listing on the rate card and how much it was used in the period (zeros if never).',
})
export class RateCardUsageRow extends ListingReportRow {
  @Field(() => ListingStatus, { description: 'The listing’s status now.' })
  status!: ListingStatus;

  @Field(() => Int, { description: 'Referrals made on it in the period, whatever became of them.' })
  referrals!: number;

  @Field(() => Int, { description: 'Of those, referrals COMPLETED.' })
  completed!: number;

  @Field(() => Int, { description: 'Of those, referrals DECLINED or CANCELLED (nothing spent).' })
  givenBack!: number;

  @Field(() => SafeInt, {
    description:
      'Pence bought on it in the period and not given back (fees plus outcome payments): committed by live referrals plus spent on finished ones.',
  })
  spendPence!: number;

  @Field(() => SafeInt, { description: 'Of spendPence, the fees (price x units).' })
  feePence!: number;

  @Field(() => SafeInt, {
    description:
      'Of spendPence, payments on outcomes: what end-of-service reports earned, and the most that referrals still without a report can earn.',
  })
  outcomePaymentsPence!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it was last bought, in the period. Null if never.',
  })
  lastReferralAt!: Date | null;
}

export const RateCardUsageConnection = Connection(RateCardUsageRow, {
  name: 'RateCardUsage',
  description: 'A page of the usage report, by provider name then listing title.',
  edge: 'One row of the usage report.',
  node: 'The row.',
  edges: 'The rows on this page.',
  totalCount: 'How many listings the report covers, over all pages.',
});
export type RateCardUsageConnection = InstanceType<typeof RateCardUsageConnection>;

@ObjectType('SpendRow', { description: 'Spend in a period for one group.' })
export class SpendRow {
  @Field({ description: 'The group’s code: a provider id, a kind, a division code or a factor.' })
  key!: string;

  @Field({ description: 'The group’s name.' })
  label!: string;

  @Field(() => Int, {
    description:
      'Referrals bought in the period and not given back (declined or cancelled ones cost nothing).',
  })
  referrals!: number;

  @Field(() => SafeInt, {
    description:
      'Pence committed or spent on them: fees plus payments on outcomes (feePence + outcomePaymentsPence).',
  })
  spendPence!: number;

  @Field(() => SafeInt, { description: 'Of spendPence, the fees (price snapshot x units).' })
  feePence!: number;

  @Field(() => SafeInt, {
    description:
      'Of spendPence, payments on outcomes: what end-of-service reports earned, and the most that referrals still without a report can earn.',
  })
  outcomePaymentsPence!: number;

  @Field(() => Float, {
    description:
      'Numerator: this group’s spendPence. Denominator: the whole spend in scope and period (the sum of every row’s spendPence). 0 when nothing was spent.',
  })
  share!: number;
}

@ObjectType('AreaWithoutPurchases', {
  description: 'A division or PCC area in scope whose purchasers bought nothing in the period.',
})
export class AreaWithoutPurchases {
  @Field(() => AreaLevel, { description: 'A division or a PCC area.' })
  level!: AreaLevel;

  @Field({ description: 'Its code.' })
  code!: string;

  @Field({ description: 'Its name.' })
  name!: string;

  @Field({ description: 'The division it is (or lies in).' })
  divisionCode!: string;

  @Field(() => Int, {
    description:
      'Purchasers’ searches there in the period: demand that did not turn into a purchase.',
  })
  searches!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'The last purchase there before the period. Null if never.',
  })
  lastPurchaseAt!: Date | null;
}

@ObjectType('StaleListing', {
  description: 'A PUBLISHED listing whose provider has not confirmed it recently.',
})
export class StaleListing extends ListingReportRow {
  @Field(() => DateTimeScalar, { description: 'When the provider last confirmed it.' })
  lastConfirmedAt!: Date;

  @Field(() => Int, { description: 'Whole days since then.' })
  daysSinceConfirmed!: number;

  @Field(() => Int, { description: 'Free places it claims now.' })
  placesAvailable!: number;
}

export const StaleListingConnection = Connection(StaleListing, {
  name: 'StaleListing',
  description: 'A page of stale listings, longest unconfirmed first.',
  edge: 'One stale listing.',
  node: 'The listing.',
  edges: 'The listings on this page.',
  totalCount: 'How many listings are stale, over all pages.',
});
export type StaleListingConnection = InstanceType<typeof StaleListingConnection>;
