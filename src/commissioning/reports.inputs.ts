import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PagingArgs } from '../common/paging';
import { DateScalar } from '../common/scalars';
import { IsCalendarDay, IsNotLessThan } from '../common/validators';
import { FactorCode } from '../reference/factor-code';
import { GapStatus } from './gap-rules';
import { SpendGrouping } from './reports.models';
import { BreakdownDimension } from './breakdowns.models';
import { Adaptation } from '../catalogue/catalogue.enums';

const FROM =
  'First day of the period (Europe/London). Default: 1 April of the financial year of `to`.';
const TO = 'Last day of the period, included. Default: today.';

/** A period of whole days, both included; either end may be left out. */
@InputType({ isAbstract: true })
@ArgsType()
export class PeriodArgs {
  @Field(() => DateScalar, { nullable: true, description: FROM })
  @IsOptional()
  @IsCalendarDay()
  from?: string;

  @Field(() => DateScalar, { nullable: true, description: TO })
  @IsOptional()
  @IsCalendarDay()
  @IsNotLessThan('from')
  to?: string;
}

/** A page of a keyset report: 100 rows unless asked, at most 500. */
const ReportPageArgs = PagingArgs({ size: 100, max: 500 });

@InputType({ description: 'Where, what and when the gap report covers.' })
export class ProvisionGapFilter extends PeriodArgs {
  @Field({ nullable: true, description: 'Only the PCC areas of this NPS division.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  divisionCode?: string;

  @Field({ nullable: true, description: 'Only the PCC areas of this contract package area.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  contractPackageAreaCode?: string;

  @Field({ nullable: true, description: 'Only this PCC area.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  pccAreaCode?: string;

  @Field(() => [FactorCode], {
    nullable: true,
    description: 'Only these factors. Default: all 12.',
  })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(FactorCode, { each: true })
  factors?: FactorCode[];

  @Field(() => [GapStatus], {
    nullable: true,
    description: 'Only rows with one of these verdicts (e.g. [GAP]). Default: every row.',
  })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(GapStatus, { each: true })
  gaps?: GapStatus[];
}

@InputType({ description: 'Whose listings and which purchases the usage report covers.' })
export class RateCardUsageFilter extends PeriodArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Only this provider’s listings (a supplier always sees only their own).',
  })
  @IsOptional()
  @IsUUID()
  providerId?: string;

  @Field({
    nullable: true,
    description:
      'Only listings serving this division’s areas, and only its purchases (a division commissioner always sees only their own).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  divisionCode?: string;

  @Field({
    nullable: true,
    description:
      'true: only listings bought in the period (any referral, declined ones included); false: only those not bought in it. Left out: every listing on offer.',
  })
  @IsOptional()
  @IsBoolean()
  bought?: boolean;
}

@ArgsType()
export class RateCardUsageArgs extends ReportPageArgs {
  @Field(() => RateCardUsageFilter, { nullable: true, description: 'Which listings and period.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RateCardUsageFilter)
  filter?: RateCardUsageFilter;
}

@ArgsType()
export class SpendArgs extends PeriodArgs {
  @Field(() => SpendGrouping, { description: 'What to total the spend by.' })
  @IsEnum(SpendGrouping)
  groupBy!: SpendGrouping;

  @Field({
    nullable: true,
    description:
      'Only this division’s purchases (a division commissioner always sees only their own).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  divisionCode?: string;

  @Field({
    nullable: true,
    description:
      'Only purchases counted in this PCC area (the referral’s area: the one the purchaser named, else where the listing meets the buying division). A division commissioner may name only their own division’s areas.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  pccAreaCode?: string;
}

@ArgsType()
export class StaleListingsArgs extends ReportPageArgs {
  @Field(() => Int, {
    nullable: true,
    description:
      'Not confirmed for more than this many days (1-3650). Default: STALE_AFTER_DAYS (90).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  olderThanDays?: number;

  @Field({
    nullable: true,
    description:
      'Only listings serving this division’s areas (a division commissioner always sees only their own).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  divisionCode?: string;
}

@ArgsType()
export class MeasureBreakdownArgs extends PeriodArgs {
  @Field(() => BreakdownDimension, { description: 'What to group by.' })
  @IsEnum(BreakdownDimension)
  by!: BreakdownDimension;

  @Field({
    nullable: true,
    description:
      'Only this division’s purchases, outcomes and searches (a division commissioner always sees only their own).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  divisionCode?: string;
}

@ArgsType()
export class AdaptationProvisionArgs extends PeriodArgs {
  @Field(() => Adaptation, {
    nullable: true,
    defaultValue: Adaptation.BAME_FOCUSED,
    description: 'The adaptation. Default: BAME_FOCUSED.',
  })
  @IsOptional()
  @IsEnum(Adaptation)
  adaptation?: Adaptation;

  @Field({
    nullable: true,
    description:
      'Only this division’s PCC areas (a division commissioner always sees only their own).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  divisionCode?: string;
}

@ArgsType()
export class OwnAreaCrcPurchasesArgs extends PeriodArgs {
  @Field({
    nullable: true,
    description:
      'Only this division’s contract package areas (a division commissioner always sees only their own).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  divisionCode?: string;
}

@ArgsType()
export class RateCardReviewArgs extends PeriodArgs {
  @Field(() => ID, {
    description: 'The provider whose rate card to review (a supplier: their own only).',
  })
  @IsUUID()
  providerId!: string;
}

@ArgsType()
export class ServicesAtRiskArgs {
  @Field({
    nullable: true,
    description:
      'Only this division’s PCC areas (a division commissioner always sees only their own).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  divisionCode?: string;
}
