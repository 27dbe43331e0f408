import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DesiredOutcome } from '../reference/reference.models';
import { Achievement } from './achievement';
import { DateTimeScalar, SafeInt } from '../common/scalars';
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

  @Field(() => Int, {
    description: "End-of-service reports behind achievementRate: the provider's own account.",
  })
  reports!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "Mean achievement rate of the provider's end-of-service reports (for a factor: of that factor's desired outcomes), 0..1; null with no reports. The provider's own account, beside the buyers' judgements.",
  })
  achievementRate!: number | null;

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

@ObjectType('EndOfServiceOutcome', { description: 'How far one desired outcome was achieved.' })
export class EndOfServiceOutcome {
  desiredOutcomeId!: string;

  @Field(() => DesiredOutcome, { description: 'The desired outcome.' })
  desiredOutcome!: DesiredOutcome;

  @Field(() => Achievement, { description: 'How far it was achieved.' })
  achievement!: Achievement;

  @Field(() => String, { nullable: true, description: 'Progress, in plain words.' })
  progressComments!: string | null;
}

@ObjectType('EndOfServiceReport', {
  description:
    "The provider's account of what a referral achieved, one row per desired outcome; it settles the outcome payments.",
})
export class EndOfServiceReport {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => [EndOfServiceOutcome], { description: 'One row per desired outcome.' })
  outcomes!: EndOfServiceOutcome[];

  @Field(() => String, { nullable: true, description: 'Anything else the purchaser should know.' })
  furtherInformation!: string | null;

  @Field(() => Float, {
    description: 'ACHIEVED 1, PARTIALLY_ACHIEVED 0.5, NOT_ACHIEVED 0, summed over the rows.',
  })
  achievementScore!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'achievementScore / rows, 0..1; null when there are no rows.',
  })
  achievementRate!: number | null;

  @Field(() => SafeInt, { description: 'Outcome payments it earned, in pence.' })
  outcomePaymentEarnedPence!: number;

  @Field(() => DateTimeScalar, { description: 'When it was submitted.' })
  submittedAt!: Date;

  @Field({ description: 'Who submitted it (token subject).' })
  submittedBy!: string;
}
