import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsPostalCode,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { isCursorText } from '../common/cursor';
import { CursorRules, PagingArgs } from '../common/paging';
import { DateScalar, SafeInt } from '../common/scalars';
import { IsNotLessThan, IsOptionalNotNull } from '../common/validators';
import { FactorCode } from '../reference/factor-code';
import {
  Adaptation,
  ListingStatus,
  DeliveryMode,
  OrganisationKind,
  PriceUnit,
  RiskLevel,
  Sex,
  SupervisionType,
} from './catalogue.enums';

/** Maximum lengths of free text, so listings stay readable and rows stay small. */
export const TEXT_LIMITS = {
  name: 160,
  title: 120,
  summary: 300,
  description: 5000,
  notes: 1000,
  rationale: 5000,
} as const;
/** £1m: no single intervention place costs more; larger figures are typing mistakes. */
export const MAX_PRICE_PENCE = 100_000_000;

@InputType({ description: 'A new organisation on the marketplace.' })
export class CreateOrganisationInput {
  @Field({ description: 'Name as buyers know it (unique, whatever its case).' })
  @IsString()
  @MinLength(2)
  @MaxLength(TEXT_LIMITS.name)
  name!: string;

  @Field(() => OrganisationKind, { description: 'What sort of body it is.' })
  @IsEnum(OrganisationKind)
  kind!: OrganisationKind;

  @Field({
    nullable: true,
    description: "The CRC's owning group (required for a CRC, refused otherwise).",
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.name)
  crcOwner?: string;

  @Field({
    nullable: true,
    description: 'Registered charity number, England and Wales: 6 to 8 digits.',
  })
  @IsOptional()
  @Matches(/^\d{6,8}$/, { message: 'charityNumber must be 6 to 8 digits' })
  charityNumber?: string;

  @Field({
    nullable: true,
    description: 'The CPA a CRC holds (required for a CRC, refused otherwise).',
  })
  @IsOptional()
  @IsString()
  contractPackageAreaCode?: string;
}

@InputType({
  description: 'Who an intervention admits. Leave a list empty or a bound out to admit anyone.',
})
export class EligibilityInput {
  @Field(() => [Sex], { nullable: true, description: 'Sexes admitted; empty means any.' })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(Sex, { each: true })
  sexes?: Sex[];

  @Field(() => Int, { nullable: true, description: 'Youngest age admitted, 10-100.' })
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(100)
  minAge?: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Oldest age admitted, 10-100, not below minAge.',
  })
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(100)
  @IsNotLessThan('minAge')
  maxAge?: number;

  @Field(() => [RiskLevel], {
    nullable: true,
    description: 'Risk levels admitted; empty means any.',
  })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(RiskLevel, { each: true })
  riskLevels?: RiskLevel[];

  @Field(() => [SupervisionType], {
    nullable: true,
    description: 'Orders and licences admitted; empty means any.',
  })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(SupervisionType, { each: true })
  supervisionTypes?: SupervisionType[];

  @Field({ nullable: true, description: 'Anything else a referrer should know.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.notes)
  notes?: string;
}

@InputType({ description: 'A place where the intervention is delivered.' })
export class VenueInput {
  @Field({ description: 'Name of the venue.' })
  @IsString()
  @MinLength(2)
  @MaxLength(TEXT_LIMITS.title)
  name!: string;

  @Field({ description: 'UK postcode, e.g. "LS1 4AP".' })
  @IsPostalCode('GB', { message: 'postcode must be a UK postcode' })
  postcode!: string;

  @Field({ description: 'The PCC area the venue is in (code from pccAreas).' })
  @IsString()
  pccAreaCode!: string;

  @Field({ nullable: true, description: "Latitude; when left out, the PCC area's centre is used." })
  @IsOptional()
  @IsLatitude()
  lat?: number;

  @Field({
    nullable: true,
    description: "Longitude; when left out, the PCC area's centre is used.",
  })
  @IsOptional()
  @IsLongitude()
  lng?: number;
}

@InputType({ description: 'A new price version.' })
export class PriceInput {
  @Field(() => SafeInt, {
    description: 'Price in pence: a whole number above 0 (£1,000,000 at most).',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_PRICE_PENCE)
  amountPence!: number;

  @Field(() => PriceUnit, { description: 'What one unit of the price buys.' })
  @IsEnum(PriceUnit)
  unit!: PriceUnit;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'First day it applies. A version in force is history, so: tomorrow or later when a price is in force today (today otherwise), and not before a planned version (the same day as a planned version corrects it). Default: the earliest allowed day.',
  })
  @IsOptional()
  @IsString()
  effectiveFrom?: string;

  @Field(() => SafeInt, {
    nullable: true,
    description:
      'Outcome payment in pence, paid per desired outcome ACHIEVED in the end-of-service report (half, rounded down, when PARTIALLY_ACHIEVED): a whole number, 0 or more. Default 0 (none).',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_PENCE)
  outcomePaymentPence?: number;
}

/** The listing fields that are optional both when creating and when updating. */
@InputType({ isAbstract: true })
export abstract class ListingDetailsInput {
  @Field({ nullable: true, description: 'Full description.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.description)
  description?: string;

  @Field({
    nullable: true,
    description:
      'Why the listing exists: the need evidence and stakeholder feedback behind it (required to publish on a CRC’s rate card; shown to commissioners, not to purchasers). An empty text clears it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.rationale)
  rationale?: string;

  @Field(() => [DeliveryMode], { nullable: true, description: 'How it is delivered.' })
  @IsOptionalNotNull()
  @ArrayUnique()
  @IsEnum(DeliveryMode, { each: true })
  deliveryModes?: DeliveryMode[];

  @Field({ nullable: true, description: 'Accredited programme.' })
  @IsOptionalNotNull()
  @IsBoolean()
  accredited?: boolean;

  @Field(() => EligibilityInput, {
    nullable: true,
    description: 'Who it admits (replaces the whole rule).',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => EligibilityInput)
  eligibility?: EligibilityInput;

  @Field(() => [Adaptation], { nullable: true, description: 'Adaptations offered.' })
  @IsOptionalNotNull()
  @ArrayUnique()
  @IsEnum(Adaptation, { each: true })
  adaptations?: Adaptation[];

  @Field(() => [VenueInput], {
    nullable: true,
    description: 'Where it is delivered (replaces all venues).',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => VenueInput)
  venues?: VenueInput[];

  @Field(() => [String], {
    nullable: true,
    description: 'PCC area codes it serves, including by outreach or online.',
  })
  @IsOptionalNotNull()
  @ArrayUnique()
  @ArrayMaxSize(42)
  @IsString({ each: true })
  coverage?: string[];

  @Field({ nullable: true, description: 'Evening sessions available.' })
  @IsOptionalNotNull()
  @IsBoolean()
  eveningSessions?: boolean;

  @Field({ nullable: true, description: 'Weekend sessions available.' })
  @IsOptionalNotNull()
  @IsBoolean()
  weekendSessions?: boolean;

  @Field(() => Int, { nullable: true, description: 'Typical length in weeks (1-104).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(104)
  durationWeeks?: number;

  @Field(() => Int, { nullable: true, description: 'Typical number of sessions (1-500).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  sessionCount?: number;
}

/** Changes to a listing: every field optional. */
@InputType({ description: 'Changes to a listing: only the fields given change.' })
export class UpdateInterventionInput extends ListingDetailsInput {
  @Field({ nullable: true, description: 'Short title.' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(3)
  @MaxLength(TEXT_LIMITS.title)
  title?: string;

  @Field({ nullable: true, description: 'One or two sentences for search results.' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(10)
  @MaxLength(TEXT_LIMITS.summary)
  summary?: string;

  @Field(() => [FactorCode], {
    nullable: true,
    description: 'The factors it addresses: at least one.',
  })
  @IsOptionalNotNull()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(FactorCode, { each: true })
  factors?: FactorCode[];
}

@InputType({ description: 'A new listing; it starts as a DRAFT.' })
export class CreateInterventionInput extends ListingDetailsInput {
  @Field({ description: 'Short title.' })
  @IsString()
  @MinLength(3)
  @MaxLength(TEXT_LIMITS.title)
  title!: string;

  @Field({ description: 'One or two sentences for search results.' })
  @IsString()
  @MinLength(10)
  @MaxLength(TEXT_LIMITS.summary)
  summary!: string;

  @Field(() => [FactorCode], { description: 'The factors it addresses: at least one.' })
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(FactorCode, { each: true })
  factors!: FactorCode[];

  @Field(() => ID, {
    nullable: true,
    description:
      'The provider. Suppliers may leave it out (their own organisation); ADMIN must give it.',
  })
  @IsOptional()
  @IsUUID()
  providerId?: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Places it can hold at once (>= 0). Default 0.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  capacity?: number;

  @Field(() => DateScalar, { nullable: true, description: 'When the next cohort or place starts.' })
  @IsOptional()
  @IsString()
  nextStartDate?: string;

  @Field(() => PriceInput, { nullable: true, description: 'The first price, if known.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PriceInput)
  price?: PriceInput;
}

@ArgsType()
export class SetCapacityArgs {
  @Field(() => ID, { description: 'The intervention.' })
  @IsUUID()
  id!: string;

  @Field(() => Int, { description: 'Places it can hold at once (>= 0).' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  capacity!: number;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'When the next place starts (null clears it; left out keeps it).',
  })
  @IsOptional()
  @IsString()
  nextStartDate?: string | null;
}

@InputType({ description: 'What eligibility needs to know of a person on probation.' })
export class PersonProfileInput {
  @Field(() => Sex, { description: 'Sex.' })
  @IsEnum(Sex)
  sex!: Sex;

  @Field(() => Int, { description: 'Age in years (10-100).' })
  @IsInt()
  @Min(10)
  @Max(100)
  age!: number;

  @Field(() => RiskLevel, { description: 'Assessed risk of serious harm.' })
  @IsEnum(RiskLevel)
  riskLevel!: RiskLevel;

  @Field(() => SupervisionType, { description: 'The order or licence they are supervised under.' })
  @IsEnum(SupervisionType)
  supervisionType!: SupervisionType;
}

/** Organisations are paged by name, 50 at a time (at most 100). */
export const ORGANISATION_PAGES: CursorRules = {
  size: 50,
  max: 100,
  list: 'organisations',
  valid: (values) => values.length === 2 && isCursorText(values[0]),
};

@ArgsType()
export class OrganisationsArgs extends PagingArgs(ORGANISATION_PAGES) {
  @Field(() => OrganisationKind, { nullable: true, description: 'Only this kind.' })
  @IsOptional()
  @IsEnum(OrganisationKind)
  kind?: OrganisationKind;
}

/** A supplier's own listings are paged by title, 50 at a time (at most 100). */
export const MY_LISTING_PAGES: CursorRules = {
  size: 50,
  max: 100,
  list: 'your listings',
  valid: (values) => values.length === 2 && isCursorText(values[0]),
};

@ArgsType()
export class MyInterventionsArgs extends PagingArgs(MY_LISTING_PAGES) {
  @Field(() => ListingStatus, { nullable: true, description: 'Only listings in this status.' })
  @IsOptional()
  @IsEnum(ListingStatus)
  status?: ListingStatus;
}
