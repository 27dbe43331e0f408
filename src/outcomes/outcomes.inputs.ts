import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDefined,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { FactorCode } from '../reference/factor-code';
import { Achievement } from './achievement';

@InputType({ description: 'Contribution on one target factor.' })
export class FactorJudgementInput {
  @Field(() => FactorCode, { description: 'A target factor of the referral.' })
  @IsEnum(FactorCode)
  factor!: FactorCode;

  @Field({ description: 'Did the provider contribute sufficiently on it?' })
  @IsBoolean()
  sufficient!: boolean;
}

@InputType({
  description:
    'The three judgements on a finished referral: one contribution judgement per target factor, and the two outcome-level questions.',
})
export class OutcomeInput {
  @Field(() => [FactorJudgementInput], {
    description: 'Exactly one per target factor of the referral.',
  })
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => FactorJudgementInput)
  factorJudgements!: FactorJudgementInput[];

  @Field({ description: 'Was the work sufficiently focused on protecting those at risk of harm?' })
  @IsDefined()
  @IsBoolean()
  riskOfHarmFocusSufficient!: boolean;

  @Field({ description: 'Was there sufficient information from the provider to review the work?' })
  @IsDefined()
  @IsBoolean()
  informationForReviewSufficient!: boolean;

  @Field({ nullable: true, description: 'Notes (no personal details beyond the CRN).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

@InputType({ description: 'How far one desired outcome of the referral was achieved.' })
export class EndOfServiceOutcomeInput {
  @Field(() => ID, { description: 'One of the referral’s desired outcomes.' })
  @IsUUID()
  desiredOutcomeId!: string;

  @Field(() => Achievement, { description: 'How far it was achieved.' })
  @IsEnum(Achievement)
  achievement!: Achievement;

  @Field({ nullable: true, description: 'Progress, in plain words.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  progressComments?: string;
}

@InputType({
  description: "The provider's end-of-service report: one row per desired outcome of the referral.",
})
export class EndOfServiceReportInput {
  @Field(() => [EndOfServiceOutcomeInput], {
    description: 'Exactly one row for each desired outcome of the referral.',
  })
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => EndOfServiceOutcomeInput)
  outcomes!: EndOfServiceOutcomeInput[];

  @Field({ nullable: true, description: 'Anything else the purchaser should know.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  furtherInformation?: string;
}
