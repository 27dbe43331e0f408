import { Node, derivedIdOf } from '../common/node';
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DesiredOutcome } from '../reference/reference.models';
import { Achievement } from './achievement';
import { Connection } from '../common/paging';
import { DateTimeScalar, SafeInt } from '../common/scalars';
import { FactorCode } from '../reference/factor-code';
import { BaselineBasis } from './baselines';
import { Judgement, QUESTIONS } from './judgement';

@ObjectType('FactorJudgement', {
  description: `“${QUESTIONS.contribution}” (Bulletin 2019/01), for one factor.`,
})
export class FactorJudgement {
  @Field(() => FactorCode, { description: 'One of the referral’s target factors.' })
  factor!: FactorCode;

  @Field({ description: 'Judged sufficient (yes).' })
  sufficient!: boolean;
}

@ObjectType('Outcome', {
  implements: () => [Node],
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

  @Field(() => Judgement, {
    description: `“${QUESTIONS.riskOfHarmFocus}” (Bulletin 2019/01): YES, NO, or NOT_APPLICABLE where it does not apply.`,
  })
  riskOfHarmFocus!: Judgement;

  @Field(() => Judgement, {
    description: `“${QUESTIONS.informationForReview}” (Bulletin 2019/01): YES, NO, or NOT_APPLICABLE where it does not apply.`,
  })
  informationForReview!: Judgement;

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

/** What a score is of: its scope, the provider or listing, and the factor (ALL for overall). */
export function contributionScoreKeys(score: ContributionScore): string[] {
  return score.interventionId
    ? ['INTERVENTION', score.interventionId, score.factor ?? 'ALL']
    : ['PROVIDER', score.providerId, score.factor ?? 'ALL'];
}

@ObjectType('NationalFigure', {
  description:
    'A national figure from the inspectorate’s reports, to read a provider’s or an area’s own figure beside: the share, the cases it was taken over (where printed), and where it comes from.',
})
export class NationalFigure {
  @Field(() => Float, {
    nullable: true,
    description: 'Numerator / denominator as printed, 0..1; null where the source prints none.',
  })
  rate!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The denominator’s size: cases the share is of, where printed.',
  })
  cases!: number | null;

  @Field({ description: 'The denominator, in the source’s words.' })
  denominator!: string;

  @Field({ description: 'The document and table or figure.' })
  source!: string;
}

@ObjectType('ContributionScore', {
  implements: () => [Node],
  description: `How often NPS buyers answered yes to “${QUESTIONS.contribution}” (Bulletin 2019/01) for a provider, as a beta-binomial score: the national baseline (worth the prior strength in judgements) updated by the provider's own record, with a 95% interval that shows how much evidence there is. Denominator: factor judgements on referrals the provider delivered (the Bulletin's "cases where a contracted provider contributed").`,
})
export class ContributionScore {
  @Field(() => ID, {
    description:
      'Globally unique id, derived from what is scored: `ContributionScore:PROVIDER:<provider id>:<factor or ALL>` (or `INTERVENTION:<listing id>`).',
    // Derived by a middleware, wherever a score is answered.
    middleware: [derivedIdOf<ContributionScore>('ContributionScore', contributionScoreKeys)],
  })
  id?: string;

  providerId!: string;
  interventionId!: string | null;

  @Field(() => FactorCode, {
    nullable: true,
    description: 'The factor; null for all factors together.',
  })
  factor!: FactorCode | null;

  @Field(() => Int, {
    description:
      'Contribution judgements made on referrals the provider delivered (one per target factor of each judged referral): the sample size, the denominator of rate.',
  })
  judged!: number;

  @Field(() => Int, { description: 'Of those judgements, answered yes: the numerator of rate.' })
  sufficient!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Numerator: judgements answered yes (sufficient). Denominator: contribution judgements made (judged). Source: outcomes recorded by NPS buyers. Null when nothing has been judged.',
  })
  rate!: number | null;

  @Field(() => Float, {
    description:
      'Posterior mean, 0..1: (baseline × prior strength + sufficient) / (prior strength + judged); the denominator is the judgements made plus the prior strength. Use this to rank providers.',
  })
  score!: number;

  @Field(() => Float, {
    description:
      'Lower end of the 95% credible interval of the score (same numerator and denominator as score).',
  })
  lower!: number;

  @Field(() => Float, {
    description:
      'Upper end of the 95% credible interval of the score (same numerator and denominator as score).',
  })
  upper!: number;

  @Field(() => Float, {
    description:
      'The national baseline used as prior mean: share of cases where a contracted provider contributed (the denominator) judged sufficient, Bulletin 2019/01 section 2.2. ETE 70% and lifestyle 50% as printed; every other factor, and all factors together, the midpoint of the printed range (60%); finance, gang membership and discriminatory attitudes, which the Bulletin excluded for small numbers, take the same documented fallback (60%).',
  })
  baseline!: number;

  @Field({
    description:
      'Where the baseline comes from: the document, its population (cases where a contracted provider contributed) and whether it was printed, the midpoint of the printed range, or the fallback for a factor excluded for small numbers.',
  })
  baselineSource!: string;

  @Field(() => BaselineBasis, { description: 'How the baseline was arrived at.' })
  baselineBasis!: BaselineBasis;

  @Field({
    description:
      'True when the Bulletin printed no figure for this factor and the documented fallback (the midpoint of the printed range, 60%) stands in: every factor but ETE and lifestyle, and all factors together.',
  })
  baselineFellBack!: boolean;

  @Field(() => Int, { description: 'Outcome records counted (each referral judged once).' })
  outcomes!: number;

  @Field(() => Int, {
    description: `Outcomes where “${QUESTIONS.riskOfHarmFocus}” applied (YES or NO): the denominator of riskOfHarmFocusRate.`,
  })
  riskOfHarmFocusApplicable!: number;

  @Field(() => Float, {
    nullable: true,
    description: `Numerator: outcomes answering YES to “${QUESTIONS.riskOfHarmFocus}”. Denominator: outcomes where it applied (riskOfHarmFocusApplicable; NOT_APPLICABLE left out, as the Bulletin does). Source: outcomes recorded by NPS buyers. Null when it never applied. Read beside riskOfHarmFocusNational.`,
  })
  riskOfHarmFocusRate!: number | null;

  @Field(() => NationalFigure, {
    description:
      'The national figure for contracted providers: 61.0% of 249 applicable cases (Bulletin 2019/01, Tables 1 and 2).',
  })
  riskOfHarmFocusNational!: NationalFigure;

  @Field(() => Int, {
    description: `Outcomes where “${QUESTIONS.informationForReview}” applied (YES or NO): the denominator of informationForReviewRate.`,
  })
  informationForReviewApplicable!: number;

  @Field(() => Float, {
    nullable: true,
    description: `Numerator: outcomes answering YES to “${QUESTIONS.informationForReview}”. Denominator: outcomes where it applied (informationForReviewApplicable; NOT_APPLICABLE left out). Source: outcomes recorded by NPS buyers. Null when it never applied. Read beside informationForReviewNational.`,
  })
  informationForReviewRate!: number | null;

  @Field(() => NationalFigure, {
    description:
      'The national figure for contracted providers: 66.1% of 180 applicable cases (Bulletin 2019/01, Tables 1 and 2).',
  })
  informationForReviewNational!: NationalFigure;

  @Field(() => Int, {
    description:
      "End-of-service reports behind achievementRate (the provider's own account): its denominator.",
  })
  reports!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "Numerator: the sum of each end-of-service report's achievement rate (ACHIEVED 1, PARTIALLY_ACHIEVED 0.5, NOT_ACHIEVED 0 per desired outcome, over its desired outcomes; for a factor, that factor's). Denominator: end-of-service reports (reports). Source: the provider's own reports, beside the buyers' judgements. Null with no reports.",
  })
  achievementRate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Numerator: referrals COMPLETED. Denominator: referrals finished (COMPLETED + ENDED_EARLY). Source: the referrals. Null when none has finished.',
  })
  completionRate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Median days from purchase to start; denominator: referrals that started. Null when none has.',
  })
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
  implements: () => [Node],
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
    description:
      'ACHIEVED 1, PARTIALLY_ACHIEVED 0.5, NOT_ACHIEVED 0, summed over the rows (a sum, no denominator; the numerator of achievementRate). Source: the provider’s own report.',
  })
  achievementScore!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Numerator: achievementScore. Denominator: the report’s rows (desired outcomes reported on). Source: the provider’s own report. Null when there are no rows.',
  })
  achievementRate!: number | null;

  @Field(() => SafeInt, { description: 'Outcome payments it earned, in pence.' })
  outcomePaymentEarnedPence!: number;

  @Field(() => DateTimeScalar, { description: 'When it was submitted.' })
  submittedAt!: Date;

  @Field({ description: 'Who submitted it (token subject).' })
  submittedBy!: string;
}

export const ContributionScoreConnection = Connection(ContributionScore, {
  name: 'ContributionScore',
  description:
    'A page of contribution scores: one provider’s (overall, then by factor) or every provider’s, best first.',
  edge: 'One score in a page.',
  node: 'The score.',
  edges: 'The scores on this page.',
});
export type ContributionScoreConnection = InstanceType<typeof ContributionScoreConnection>;
