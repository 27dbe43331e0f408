import { ArgsType, Field, Float, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsBoolean,
  IsDefined,
  IsEnum,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Adaptation, DeliveryMode, OrganisationKind } from '../catalogue/catalogue.enums';
import { PagingArgs } from '../common/paging';
import { SafeInt } from '../common/scalars';
import { FactorCode } from '../reference/factor-code';
import { PersonProfileInput } from '../referrals/referrals.inputs';
import { registerDescribedEnum } from '../common/graphql-enums';

export enum SearchSort {
  BEST_MATCH = 'BEST_MATCH',
  DISTANCE = 'DISTANCE',
  PRICE = 'PRICE',
  SOONEST_START = 'SOONEST_START',
  CONTRIBUTION = 'CONTRIBUTION',
}

registerDescribedEnum(
  SearchSort,
  'SearchSort',
  'How search results are ordered (ties broken by id, so pages are stable).',
  {
    BEST_MATCH:
      'Provider contribution score when there is one, then listings confirmed recently before stale ones, then sooner start, then distance.',
    DISTANCE: 'Nearest venue first (needs `near`).',
    PRICE: 'Cheapest price in force first.',
    SOONEST_START: 'Soonest next start date first.',
    CONTRIBUTION: 'Highest provider contribution score first, then as BEST_MATCH.',
  },
);

@InputType({ description: 'A point and a radius to search around.' })
export class NearInput {
  @Field(() => Float, { description: 'Latitude in degrees.' })
  @IsLatitude()
  lat!: number;

  @Field(() => Float, { description: 'Longitude in degrees.' })
  @IsLongitude()
  lng!: number;

  @Field(() => Float, { description: 'Radius in km (0.1-500).' })
  @IsNumber()
  @Min(0.1)
  @Max(500)
  radiusKm!: number;
}

@InputType({
  description:
    'What to look for. Every filter given must hold; lists match any of their values unless said otherwise.',
})
export class InterventionSearchInput {
  @Field(() => [FactorCode], { nullable: true, description: 'Addresses any of these factors.' })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(FactorCode, { each: true })
  factors?: FactorCode[];

  @Field({ nullable: true, description: 'Served in this PCC area (by coverage or a venue there).' })
  @IsOptional()
  @IsString()
  pccAreaCode?: string;

  @Field({ nullable: true, description: 'Served somewhere in this contract package area.' })
  @IsOptional()
  @IsString()
  contractPackageAreaCode?: string;

  @Field({ nullable: true, description: 'Served somewhere in this NPS division.' })
  @IsOptional()
  @IsString()
  divisionCode?: string;

  @Field(() => NearInput, {
    nullable: true,
    description:
      'A venue within the radius, or coverage of the PCC area the point is in (outreach and online).',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => NearInput)
  near?: NearInput;

  @Field({
    nullable: true,
    description: 'Words to find in the title, summary, description or provider name.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  text?: string;

  @Field({ nullable: true, description: 'Only listings with a place free now.' })
  @IsOptional()
  @IsBoolean()
  availableOnly?: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'Next start within this many days from today (0-365).',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  startWithinDays?: number;

  @Field({ nullable: true, description: 'Only listings with evening sessions (when true).' })
  @IsOptional()
  @IsBoolean()
  eveningSessions?: boolean;

  @Field({ nullable: true, description: 'Only listings with weekend sessions (when true).' })
  @IsOptional()
  @IsBoolean()
  weekendSessions?: boolean;

  @Field(() => [DeliveryMode], { nullable: true, description: 'Delivered in any of these ways.' })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(DeliveryMode, { each: true })
  deliveryModes?: DeliveryMode[];

  @Field(() => [Adaptation], { nullable: true, description: 'Offers all of these adaptations.' })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(Adaptation, { each: true })
  adaptations?: Adaptation[];

  @Field({
    nullable: true,
    description: 'Accredited programmes only (true) or non-accredited only (false).',
  })
  @IsOptional()
  @IsBoolean()
  accredited?: boolean;

  @Field(() => SafeInt, {
    nullable: true,
    description: 'Price in force today at most this many pence (per its unit).',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  maxPricePence?: number;

  @Field(() => [OrganisationKind], {
    nullable: true,
    description: 'Providers of any of these kinds.',
  })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(OrganisationKind, { each: true })
  providerKinds?: OrganisationKind[];

  @Field(() => PersonProfileInput, {
    nullable: true,
    description: 'Only listings whose eligibility admits this person.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonProfileInput)
  person?: PersonProfileInput;
}

@ArgsType()
export class SearchArgs extends PagingArgs({ size: 20, max: 100 }) {
  @Field(() => InterventionSearchInput, { description: 'What to look for.' })
  @IsDefined()
  @ValidateNested()
  @Type(() => InterventionSearchInput)
  filter!: InterventionSearchInput;

  @Field(() => SearchSort, {
    nullable: true,
    defaultValue: SearchSort.BEST_MATCH,
    description: 'Order of results.',
  })
  @IsOptional()
  @IsEnum(SearchSort)
  sort?: SearchSort;
}
