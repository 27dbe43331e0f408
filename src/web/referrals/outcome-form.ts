import type { FactorCode, FactorJudgementInput, Judgement, OutcomeInput } from '../graphql-types';
import { FieldMessage } from '../view-filters';

/**
 * The outcome's three judgements as the form asks them, in the inspectorate's words: one per
 * target need (did the provider contribute sufficiently? yes or no) and the two outcome-level
 * questions, each YES, NO or NOT_APPLICABLE where the question does not apply to the case (the
 * API's `Judgement`). The macro `judgement` in views/pages/referrals/judgements.njk draws both.
 */
export const CONTRIBUTION_OPTIONS = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
] as const;

export const JUDGEMENT_OPTIONS = [
  { value: 'YES', text: 'Yes' },
  { value: 'NO', text: 'No' },
  { value: 'NOT_APPLICABLE', text: 'Does not apply to this case' },
] as const;

/** The API's value for one contribution judgement (yes or no), or undefined when not answered. */
export function parseJudgement(value: unknown): boolean | undefined {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  return undefined;
}

/** The API's `Judgement` for one outcome-level question, or undefined when not answered. */
export function parseOutcomeLevelJudgement(value: unknown): Judgement | undefined {
  return JUDGEMENT_OPTIONS.find((option) => option.value === value)?.value;
}

export const OUTCOME_LEVEL_JUDGEMENTS = [
  {
    name: 'riskOfHarmFocus',
    legend:
      'Were the interventions sufficiently focused on protecting those at risk of harm from this service user?',
  },
  {
    name: 'informationForReview',
    legend: 'Was sufficient information from contracted providers used in reviewing the work?',
  },
] as const;

export type OutcomeFormBody = Record<string, string | string[] | undefined>;

export interface OutcomeForm {
  /** The answers as given, by field name, to fill the form again. */
  values: Record<string, string>;
  errors: FieldMessage[];
  /** The API's OutcomeInput, when every judgement is answered. */
  input?: OutcomeInput;
}

/** The field that holds the contribution judgement on one target need. */
export function factorField(factor: string): string {
  return `factor-${factor}`;
}

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

/** Reads the outcome form: every judgement answered, or which are not. */
export function readOutcomeForm(
  body: OutcomeFormBody,
  targetFactors: { code: FactorCode; name: string }[],
): OutcomeForm {
  const values: Record<string, string> = { notes: one(body.notes) };
  const errors: FieldMessage[] = [];
  const factorJudgements: FactorJudgementInput[] = [];
  for (const { code, name } of targetFactors) {
    const field = factorField(code);
    values[field] = one(body[field]);
    const sufficient = parseJudgement(values[field]);
    if (sufficient === undefined)
      errors.push({ field, message: `Say whether the provider contributed enough on ${name}` });
    else factorJudgements.push({ factor: code, sufficient });
  }
  const judgements: Partial<Record<(typeof OUTCOME_LEVEL_JUDGEMENTS)[number]['name'], Judgement>> =
    {};
  for (const { name, legend } of OUTCOME_LEVEL_JUDGEMENTS) {
    values[name] = one(body[name]);
    judgements[name] = parseOutcomeLevelJudgement(values[name]);
    if (judgements[name] === undefined)
      errors.push({ field: name, message: `Answer: ${legend.toLowerCase()}` });
  }
  const { riskOfHarmFocus, informationForReview } = judgements;
  if (errors.length > 0 || !riskOfHarmFocus || !informationForReview) return { values, errors };
  return {
    values,
    errors,
    input: {
      factorJudgements,
      riskOfHarmFocus,
      informationForReview,
      notes: values.notes === '' ? null : values.notes,
    },
  };
}

/** The form's values for an outcome the API holds (to amend it). */
export function outcomeValues(outcome: {
  notes: string | null;
  factorJudgements: { factor: string; sufficient: boolean }[];
  [judgement: string]: unknown;
}): Record<string, string> {
  const values: Record<string, string> = { notes: outcome.notes ?? '' };
  for (const j of outcome.factorJudgements)
    values[factorField(j.factor)] = j.sufficient ? 'yes' : 'no';
  for (const { name } of OUTCOME_LEVEL_JUDGEMENTS)
    values[name] = typeof outcome[name] === 'string' ? outcome[name] : '';
  return values;
}

/** The API's field paths (`input.factorJudgements.0.sufficient`) as the form's field names. */
export function outcomeFieldOf(path: string, targetFactors: string[]): string {
  const field = path.replace(/^input\./, '');
  const factor = /^factorJudgements\.(\d+)/.exec(field);
  if (factor) return factorField(targetFactors[Number(factor[1])] ?? targetFactors[0]);
  if (field.startsWith('factorJudgements')) return factorField(targetFactors[0]);
  return OUTCOME_LEVEL_JUDGEMENTS.some((j) => j.name === field) || field === 'notes'
    ? field
    : factorField(targetFactors[0]);
}
