import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
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
import { PagingArgs } from '../common/paging';
import { FactorCode } from '../reference/factor-code';
import { Achievement } from './achievement';
import { Judgement, QUESTIONS } from './judgement';

@InputType({ description: 'Contribution on one target factor.' })
export class FactorJudgementInput {
  @Field(() => FactorCode, { description: 'A target factor of the referral.' })
  @IsEnum(FactorCode)
  factor!: FactorCode;

  @Field({
    description: `“${QUESTIONS.contribution}” (Bulletin 2019/01), for this factor.`,
  })
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

  @Field(() => Judgement, {
    description: `“${QUESTIONS.riskOfHarmFocus}” (Bulletin 2019/01). NOT_APPLICABLE where the question does not apply to the case.`,
  })
  @IsDefined()
  @IsEnum(Judgement)
  riskOfHarmFocus!: Judgement;

  @Field(() => Judgement, {
    description: `“${QUESTIONS.informationForReview}” (Bulletin 2019/01). NOT_APPLICABLE where the question does not apply to the case.`,
  })
  @IsDefined()
  @IsEnum(Judgement)
  informationForReview!: Judgement;

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

@ArgsType()
export class ContributionScoresArgs extends PagingArgs({ size: 50, max: 100 }) {
  @Field(() => ID, { nullable: true, description: 'One provider.' })
  @IsOptional()
  @IsString()
  providerId?: string;

  @Field(() => FactorCode, {
    nullable: true,
    description: 'One factor; left out, all factors together.',
  })
  @IsOptional()
  @IsEnum(FactorCode)
  factor?: FactorCode;

  @Field({
    nullable: true,
    description:
      'Ranking only (without providerId): providers with a PUBLISHED listing serving this PCC area (covering it or with a venue there) and, with `factor`, addressing that factor: to compare the providers of one area.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  pccAreaCode?: string;
}
