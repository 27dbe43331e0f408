import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsBoolean,
  IsDefined,
  IsEnum,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { FactorCode } from '../reference/factor-code';

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
