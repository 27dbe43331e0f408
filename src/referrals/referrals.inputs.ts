import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsDefined,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PersonProfileInput } from '../catalogue/catalogue.inputs';
import { PagingArgs } from '../common/paging';
import { SafeInt } from '../common/scalars';
import { FactorCode } from '../reference/factor-code';
import { Complexity, DeclineReason, WithdrawalReason } from './referral-codes';
import { ReferralStatus } from './referral-status';

export { PersonProfileInput };

@InputType({ description: 'One place to buy.' })
export class CreateReferralInput {
  @Field(() => ID, { description: 'The PUBLISHED listing.' })
  @IsUUID()
  interventionId!: string;

  @Field({ description: 'Case reference number: one capital letter and six digits, e.g. X123456.' })
  @Matches(/^[A-Z][0-9]{6}$/, {
    message: 'crn must be one capital letter and six digits, e.g. X123456',
  })
  crn!: string;

  @Field(() => PersonProfileInput, { description: 'Checked against the listing’s eligibility.' })
  @IsDefined()
  @ValidateNested()
  @Type(() => PersonProfileInput)
  person!: PersonProfileInput;

  @Field(() => [FactorCode], {
    description: 'The factors to address: at least one, all among the listing’s.',
  })
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(FactorCode, { each: true })
  targetFactors!: FactorCode[];

  @Field(() => [ID], {
    description:
      'What the referral aims to achieve (see `desiredOutcomes`): current ones, each of one of the target factors, at least one per target factor.',
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  desiredOutcomes!: string[];

  @Field(() => Complexity, { description: "How complex the person's needs are." })
  @IsEnum(Complexity)
  complexity!: Complexity;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 1,
    description:
      "Units of the price to buy (1-500). Default 1. A price per referral buys the whole intervention: 1 only. Per session: at most the listing's sessions; per day: its duration's days; per hour: 8 hours a session (or a day of its duration).",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  units?: number;

  @Field({
    nullable: true,
    description: 'Notes for the provider (no personal details beyond the CRN).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;

  @Field({
    nullable: true,
    description:
      'The PCC area where the person is supervised, for the commissioners’ reports. Default: the listing’s area within your division (a venue there, else an area it covers there).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  pccAreaCode?: string;
}

@InputType({ description: 'Which referrals to list.' })
export class ReferralFilter {
  @Field(() => ReferralStatus, { nullable: true, description: 'Only this status.' })
  @IsOptional()
  @IsEnum(ReferralStatus)
  status?: ReferralStatus;

  @Field(() => [ReferralStatus], {
    nullable: true,
    description: 'Only these statuses (a work queue such as "closed": several at once).',
  })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(ReferralStatus, { each: true })
  statuses?: ReferralStatus[];

  @Field({
    nullable: true,
    description:
      'true: only referrals whose end-of-service report is due (withdrawn after they started, report not yet in); false: none of those.',
  })
  @IsOptional()
  @IsBoolean()
  endOfServiceReportDue?: boolean;

  @Field(() => ID, { nullable: true, description: 'Only on this listing.' })
  @IsOptional()
  @IsUUID()
  interventionId?: string;

  @Field({ nullable: true, description: 'Only for this person.' })
  @IsOptional()
  @Matches(/^[A-Z][0-9]{6}$/, { message: 'crn must be one capital letter and six digits' })
  crn?: string;

  @Field({ nullable: true, description: 'Only bought by this division.' })
  @IsOptional()
  @IsString()
  divisionCode?: string;
}

@ArgsType()
export class ReferralsArgs extends PagingArgs({ size: 20, max: 100 }) {
  @Field(() => ReferralFilter, { nullable: true, description: 'Which referrals.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReferralFilter)
  filter?: ReferralFilter;
}

@ArgsType()
export class ReasonArgs {
  @Field(() => ID, { description: 'The referral.' })
  @IsUUID()
  id!: string;

  @Field({ description: 'Why (required).' })
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason!: string;
}

@ArgsType()
export class DeclineArgs {
  @Field(() => ID, { description: 'The referral.' })
  @IsUUID()
  id!: string;

  @Field(() => DeclineReason, { description: 'Why, as a code.' })
  @IsEnum(DeclineReason)
  reason!: DeclineReason;

  @Field({ nullable: true, description: 'More detail (required when the reason is OTHER).' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comments?: string;
}

@InputType({ description: 'Why the purchaser withdraws a referral.' })
export class WithdrawReferralInput {
  @Field(() => WithdrawalReason, { description: 'Why, as a code.' })
  @IsEnum(WithdrawalReason)
  reason!: WithdrawalReason;

  @Field({ nullable: true, description: 'More detail (required when the reason is OTHER).' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comments?: string;
}

@ArgsType()
export class BudgetArgs {
  @Field({ description: 'The division, e.g. LDN.' })
  @IsString()
  divisionCode!: string;

  @Field(() => Int, {
    description: 'Financial year, named by its start year (2026 = April 2026 to March 2027).',
  })
  @IsInt()
  @Min(2000)
  @Max(2100)
  financialYear!: number;
}

@ArgsType()
export class SetBudgetArgs extends BudgetArgs {
  @Field(() => SafeInt, { description: 'Money allocated, in pence (>= 0).' })
  @IsInt()
  @Min(0)
  amountPence!: number;
}
