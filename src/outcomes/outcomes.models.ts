import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars';
import { FactorCode } from '../reference/factor-code';

@ObjectType('FactorJudgement', {
  description: 'Did the provider contribute sufficiently on this factor?',
})
export class FactorJudgement {
  @Field(() => FactorCode, { description: 'One of the referral’s target factors.' })
  factor!: FactorCode;

  @Field({ description: 'Judged sufficient.' })
  sufficient!: boolean;
}

@ObjectType('Outcome', {
  description:
    "The buyer's three judgements on a finished referral (the inspectorate's questions).",
})
export class Outcome {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => ID, { description: 'The referral judged.' })
  referralId!: string;

  @Field(() => [FactorJudgement], { description: 'Contribution, judged per target factor.' })
  factorJudgements!: FactorJudgement[];

  @Field({ description: 'Was the work sufficiently focused on protecting those at risk of harm?' })
  riskOfHarmFocusSufficient!: boolean;

  @Field({ description: 'Was there sufficient information from the provider to review the work?' })
  informationForReviewSufficient!: boolean;

  @Field(() => String, { nullable: true, description: 'Notes.' })
  notes!: string | null;

  @Field({ description: 'Who recorded it (token subject).' })
  recordedBy!: string;

  @Field(() => DateTimeScalar, {
    description: 'When it was recorded; it may be amended for 30 days.',
  })
  recordedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was last amended.' })
  amendedAt!: Date | null;
}

@ObjectType('ContributionScore', {
  description:
    "How often NPS buyers judged a provider's contribution sufficient, as a beta-binomial score: the national baseline (worth the prior strength in judgements) updated by the provider's own record, with a 95% interval that shows how much evidence there is.",
})
export class ContributionScore {
  providerId!: string;
  interventionId!: string | null;

  @Field(() => FactorCode, {
    nullable: true,
    description: 'The factor; null for all factors together.',
  })
  factor!: FactorCode | null;

  @Field(() => Int, { description: 'Judgements made: the sample size.' })
  judged!: number;

  @Field(() => Int, { description: 'Judged sufficient.' })
  sufficient!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'sufficient / judged; null when nothing has been judged.',
  })
  rate!: number | null;

  @Field(() => Float, { description: 'Posterior mean, 0..1: use this to rank providers.' })
  score!: number;

  @Field(() => Float, { description: 'Lower end of the 95% credible interval.' })
  lower!: number;

  @Field(() => Float, { description: 'Upper end of the 95% credible interval.' })
  upper!: number;

  @Field(() => Float, { description: 'The national baseline used as prior mean.' })
  baseline!: number;

  @Field({ description: 'Where the baseline comes from (report and population).' })
  baselineSource!: string;

  @Field({
    description:
      'True when the reports had no usable figure for this factor and the median of the others stands in.',
  })
  baselineFellBack!: boolean;

  @Field(() => Int, { description: 'Outcome records behind the two rates below.' })
  outcomes!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Share of outcomes judging the work sufficiently focused on risk of harm.',
  })
  riskOfHarmFocusRate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Share of outcomes judging the information for review sufficient.',
  })
  informationForReviewRate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'COMPLETED / (COMPLETED + ENDED_EARLY) referrals.',
  })
  completionRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Median days from purchase to start.' })
  medianDaysToStart!: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the judgements last changed.' })
  updatedAt!: Date | null;
}
