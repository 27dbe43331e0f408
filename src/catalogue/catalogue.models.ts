import { Node } from '../common/node';
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/paging';
import { DateScalar, DateTimeScalar, SafeInt } from '../common/scalars';
import { FactorCode } from '../reference/factor-code';
import { PccArea } from '../reference/reference.models';
import {
  Adaptation,
  DeliveryMode,
  ListingStatus,
  OrganisationKind,
  PriceUnit,
  RiskLevel,
  Sex,
  SupervisionType,
} from './catalogue.enums';

@ObjectType('Organisation', {
  implements: () => [Node],
  description: 'A provider: a CRC, charity, company or public body that supplies interventions.',
})
export class Organisation implements Node {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field({ description: 'Name as buyers know it.' })
  name!: string;

  @Field(() => OrganisationKind, {
    description: 'CRC, voluntary sector, private or public sector.',
  })
  kind!: OrganisationKind;

  @Field(() => String, { nullable: true, description: "The CRC's owning group (CRCs only)." })
  crcOwner!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Registered charity number (England and Wales), if a charity.',
  })
  charityNumber!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Companies House number (8 characters, optionally starting with 2 letters).',
  })
  companyNumber!: string | null;

  @Field(() => String, { nullable: true, description: "The organisation's website." })
  website!: string | null;

  @Field(() => String, { nullable: true, description: 'What the organisation does, in its words.' })
  description!: string | null;

  @Field({
    description:
      'Whether its prices in force appear in the public Open Referral UK feed (as cost options). Off unless the organisation opts in.',
  })
  publishPricesOpenly!: boolean;

  /** Resolved from contractPackageAreaCode. */
  contractPackageAreaCode!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the organisation joined the marketplace.' })
  createdAt!: Date;

  /** When its details last changed (the Open Referral UK feed's last_modified). */
  updatedAt!: Date;
}

@ObjectType('Eligibility', {
  description: 'Who the intervention admits. An empty list or a missing bound admits anyone.',
})
export class Eligibility {
  @Field(() => [Sex], { description: 'Sexes admitted; empty means any.' })
  sexes!: Sex[];

  @Field(() => Int, { nullable: true, description: 'Youngest age admitted (10-100).' })
  minAge!: number | null;

  @Field(() => Int, { nullable: true, description: 'Oldest age admitted (10-100).' })
  maxAge!: number | null;

  @Field(() => [RiskLevel], {
    description: 'Risk of serious harm levels admitted; empty means any.',
  })
  riskLevels!: RiskLevel[];

  @Field(() => [SupervisionType], { description: 'Orders and licences admitted; empty means any.' })
  supervisionTypes!: SupervisionType[];

  @Field(() => String, {
    nullable: true,
    description: 'Anything else a referrer should know about eligibility.',
  })
  notes!: string | null;
}

@ObjectType('EligibilityFailure', {
  description: 'One criterion of the listing that the person does not meet.',
})
export class EligibilityFailure {
  @Field({ description: 'The criterion: sex, age, riskLevel or supervisionType.' })
  criterion!: string;

  @Field({ description: 'What the listing admits, in words (e.g. "admits 18 and over").' })
  message!: string;
}

@ObjectType('EligibilityCheck', {
  description: 'Whether a person is eligible for a listing, with every criterion they fail.',
})
export class EligibilityCheck {
  @Field({ description: 'True when the listing admits the person.' })
  eligible!: boolean;

  @Field(() => [EligibilityFailure], { description: 'Each criterion failed; empty when eligible.' })
  failures!: EligibilityFailure[];
}

@ObjectType('Venue', {
  implements: () => [Node],
  description: 'A place where the intervention is delivered.',
})
export class Venue {
  @Field(() => ID, {
    description:
      'Stable identifier: a venue keeps it while an edit keeps its postcode (see docs/rate-card.md).',
  })
  id!: string;

  @Field({ description: 'Name of the venue.' })
  name!: string;

  @Field({ description: 'UK postcode, normalised (upper case, one space).' })
  postcode!: string;

  @Field(() => Float, { description: 'Latitude in degrees.' })
  lat!: number;

  @Field(() => Float, { description: 'Longitude in degrees.' })
  lng!: number;

  /** Resolved from pccAreaCode. */
  pccAreaCode!: string;

  @Field(() => PccArea, { description: 'The PCC area the venue is in.' })
  pccArea!: PccArea;
}

@ObjectType('Price', {
  implements: () => [Node],
  description: 'One version of a listing price, with the days it applies.',
})
export class Price {
  @Field(() => ID, { description: 'Stable identifier of this price version.' })
  id!: string;

  @Field(() => SafeInt, { description: 'Price in pence (integer, > 0).' })
  amountPence!: number;

  @Field({ description: 'Always GBP.' })
  currency!: string;

  @Field(() => SafeInt, {
    description:
      'Outcome payment in pence per desired outcome ACHIEVED (half, rounded down, when PARTIALLY_ACHIEVED); 0 for none. Committed at purchase at its most, settled by the end-of-service report.',
  })
  outcomePaymentPence!: number;

  @Field(() => PriceUnit, { description: 'What one unit of the price buys.' })
  unit!: PriceUnit;

  @Field(() => DateScalar, { description: 'First day the price applies (Europe/London).' })
  effectiveFrom!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day it applies; null while it is the latest version.',
  })
  effectiveTo!: string | null;
}

@ObjectType('Intervention', {
  implements: () => [Node],
  description: 'A listing on the rate card: a service that addresses one or more factors.',
})
export class Intervention implements Node {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  /** Resolved into `provider`. */
  providerId!: string;

  /**
   * The provider as the statement that found this listing read it, with only the columns the
   * query's selection of `provider` reads (a search's listing read in part); `provider` answers
   * it instead of loading the provider. Not in the schema.
   */
  providerAsRead?: Organisation;

  /** Resolved into `deliveredBy`: the subcontractor delivering it for the provider, if any. */
  deliveredById!: string | null;

  /** The subcontract the deliverer works under, if any. */
  subcontractId!: string | null;

  @Field({ description: 'Short title.' })
  title!: string;

  @Field({ description: 'One or two sentences for search results.' })
  summary!: string;

  @Field({ description: 'Full description: content, approach, what a person can expect.' })
  description!: string;

  @Field(() => [FactorCode], { description: 'The factors it addresses (at least one).' })
  factors!: FactorCode[];

  @Field(() => [DeliveryMode], { description: 'How it is delivered.' })
  deliveryModes!: DeliveryMode[];

  @Field({
    description:
      'Accredited programme (e.g. by the Correctional Services Accreditation and Advice Panel).',
  })
  accredited!: boolean;

  @Field(() => Eligibility, { description: 'Who it admits.' })
  eligibility!: Eligibility;

  @Field(() => [Adaptation], { description: 'Adaptations that remove barriers to taking part.' })
  adaptations!: Adaptation[];

  /** Resolved into `rationale`, for those who may read it. */
  rationaleText!: string | null;

  /** Resolved into `coverage`. */
  coverageCodes!: string[];

  @Field({ description: 'Sessions in the evening are available.' })
  eveningSessions!: boolean;

  @Field({ description: 'Sessions at weekends are available.' })
  weekendSessions!: boolean;

  @Field(() => Int, { nullable: true, description: 'Typical length in weeks.' })
  durationWeeks!: number | null;

  @Field(() => Int, { nullable: true, description: 'Typical number of sessions.' })
  sessionCount!: number | null;

  @Field(() => Int, { description: 'Places the provider can hold at once.' })
  capacity!: number;

  /** Places held by live referrals; resolved into `placesAvailable`. */
  placesHeld!: number;

  @Field(() => DateScalar, { nullable: true, description: 'When the next cohort or place starts.' })
  nextStartDate!: string | null;

  @Field(() => ListingStatus, { description: 'DRAFT, PUBLISHED, SUSPENDED or WITHDRAWN.' })
  status!: ListingStatus;

  @Field(() => DateTimeScalar, {
    description: 'When the supplier last confirmed the listing is current.',
  })
  lastConfirmedAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the listing was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the listing last changed.' })
  updatedAt!: Date;
}

@ObjectType('RateCardEntry', {
  description: 'One listing on a rate card with the price in force that day.',
})
export class RateCardEntry {
  @Field(() => Intervention, { description: 'The listing.' })
  intervention!: Intervention;

  @Field(() => Price, { description: 'The price in force on the rate card date.' })
  price!: Price;
}

@ObjectType('RateCard', {
  description: "A provider's published interventions and their prices, as on one day.",
})
export class RateCard {
  @Field(() => Organisation, { description: 'The provider.' })
  provider!: Organisation;

  @Field(() => DateScalar, { description: 'The day the prices are for.' })
  asOf!: string;

  @Field(() => [RateCardEntry], { description: 'Listings, by title.' })
  entries!: RateCardEntry[];
}

export const OrganisationConnection = Connection(Organisation, {
  name: 'Organisation',
  description: 'A page of providers, by name.',
  edge: 'One provider in a page.',
  node: 'The provider.',
  edges: 'The providers on this page.',
});
export type OrganisationConnection = InstanceType<typeof OrganisationConnection>;

export const InterventionConnection = Connection(Intervention, {
  name: 'Intervention',
  description: 'A page of listings, by title.',
  edge: 'One listing in a page.',
  node: 'The listing.',
  edges: 'The listings on this page.',
});
export type InterventionConnection = InstanceType<typeof InterventionConnection>;
