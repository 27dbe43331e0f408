import { registerDescribedEnum } from '../common/graphql-enums';

/**
 * The answer to one of the inspectorate's outcome-level questions. The Bulletin 2019/01 asks
 * them only where they apply (hence its different sample sizes: 249 cases for risk of harm
 * focus, 180 for information for review), so a rate is YES over YES + NO.
 */
export enum Judgement {
  YES = 'YES',
  NO = 'NO',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}

registerDescribedEnum(
  Judgement,
  'Judgement',
  'The answer to one of the inspectorate’s questions about a contracted provider, where the question applies.',
  {
    YES: 'Yes: sufficient.',
    NO: 'No: not sufficient.',
    NOT_APPLICABLE:
      'The question does not apply to this case (it is left out of the rate’s denominator, as the inspectorate does).',
  },
);

/** The inspectorate's wording of the three questions about contracted providers (Bulletin 2019/01). */
export const QUESTIONS = {
  contribution:
    'Did contracted providers contribute sufficiently to helping the service user achieve the desired outcomes?',
  riskOfHarmFocus:
    'Were the interventions sufficiently focused on protecting those at risk of harm from this service user?',
  informationForReview:
    'Was sufficient information from contracted providers used in reviewing the work?',
} as const;

/** +1/-1 for YES, 0 otherwise; and whether the question applied. */
export function judgementCounts(judgement: Judgement): { yes: 0 | 1; applicable: 0 | 1 } {
  return {
    yes: judgement === Judgement.YES ? 1 : 0,
    applicable: judgement === Judgement.NOT_APPLICABLE ? 0 : 1,
  };
}
