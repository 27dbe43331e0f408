import type {
  Complexity,
  CreateReferralInput,
  FactorCode,
  RiskLevel,
  Sex,
  SupervisionType,
} from '../graphql-types';
import { RISK_LEVELS, SEXES, SUPERVISION_TYPES } from '../find/search-form';
import { FieldMessage } from '../view-filters';

/** The buy form as it was posted (every value a string or a list). */
export type BuyFormBody = Record<string, string | string[] | undefined>;

export const COMPLEXITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;

/** The answers, as typed, to fill the form and the check-your-answers page again. */
export interface BuyAnswers {
  crn: string;
  sex: string;
  age: string;
  riskLevel: string;
  supervisionType: string;
  targetFactors: string[];
  desiredOutcomes: string[];
  complexity: string;
  units: string;
  notes: string;
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
}

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

function oneOf(value: string | string[] | undefined, allowed: readonly string[]): string {
  const v = one(value);
  return allowed.includes(v) ? v : '';
}

/** The answers in a form body (or a search's query string, for the person's details). */
export function readBuyAnswers(body: BuyFormBody): BuyAnswers {
  return {
    crn: one(body.crn).toUpperCase(),
    sex: oneOf(body.sex, SEXES),
    age: one(body.age),
    riskLevel: oneOf(body.riskLevel, RISK_LEVELS),
    supervisionType: oneOf(body.supervisionType, SUPERVISION_TYPES),
    targetFactors: list(body.targetFactors),
    desiredOutcomes: list(body.desiredOutcomes),
    complexity: oneOf(body.complexity, COMPLEXITIES),
    units: one(body.units),
    notes: one(body.notes),
  };
}

/**
 * What the form itself can say before the API is asked: answers left out, a number that is not a
 * number. Whether the CRN, the person, the needs, the outcomes and the units fit the listing is the
 * API's to say (createReferral), and its field errors come back onto the same fields.
 */
export function buyFormErrors(answers: BuyAnswers, unitsAsked: boolean): FieldMessage[] {
  const errors: FieldMessage[] = [];
  if (answers.crn === '') errors.push({ field: 'crn', message: 'Enter the person’s CRN' });
  if (answers.sex === '') errors.push({ field: 'sex', message: 'Select the person’s sex' });
  if (answers.age === '') errors.push({ field: 'age', message: 'Enter the person’s age' });
  else if (!/^\d{1,3}$/.test(answers.age))
    errors.push({ field: 'age', message: 'Age must be a whole number, like 34' });
  if (answers.riskLevel === '')
    errors.push({ field: 'riskLevel', message: 'Select the person’s risk of serious harm' });
  if (answers.supervisionType === '')
    errors.push({ field: 'supervisionType', message: 'Select how the person is supervised' });
  if (answers.targetFactors.length === 0)
    errors.push({ field: 'targetFactors', message: 'Select at least one need to work on' });
  if (answers.desiredOutcomes.length === 0)
    errors.push({ field: 'desiredOutcomes', message: 'Select at least one desired outcome' });
  if (answers.complexity === '')
    errors.push({ field: 'complexity', message: 'Select how complex the person’s needs are' });
  if (unitsAsked) {
    if (answers.units === '') errors.push({ field: 'units', message: 'Enter how many to buy' });
    else if (!/^\d{1,4}$/.test(answers.units))
      errors.push({ field: 'units', message: 'Enter how many to buy as a whole number, like 6' });
  }
  return errors;
}

/** The API's createReferral input for complete answers. */
export function referralInput(
  interventionId: string,
  answers: BuyAnswers,
  unitsAsked: boolean,
): CreateReferralInput {
  // The choices are sent as answered: whether each is one of the API's values is its rule.
  return {
    interventionId,
    crn: answers.crn,
    person: {
      sex: answers.sex as Sex,
      age: Number(answers.age),
      riskLevel: answers.riskLevel as RiskLevel,
      supervisionType: answers.supervisionType as SupervisionType,
    },
    targetFactors: answers.targetFactors as FactorCode[],
    desiredOutcomes: answers.desiredOutcomes,
    complexity: answers.complexity as Complexity,
    units: unitsAsked ? Number(answers.units) : 1,
    notes: answers.notes === '' ? null : answers.notes,
  };
}

/** The API's field paths (`input.person.age`) as the form's field names (`age`). */
export function buyFieldOf(path: string): string {
  return path.replace(/^input\./, '').replace(/^person\./, '');
}

const BUY_FIELDS = [
  'crn',
  'sex',
  'age',
  'riskLevel',
  'supervisionType',
  'targetFactors',
  'desiredOutcomes',
  'complexity',
  'units',
  'notes',
];

/** The API's field errors on the form's fields; any it cannot place go on the first field. */
export function buyFieldErrors(fieldErrors: FieldMessage[], fallback: string): FieldMessage[] {
  if (fieldErrors.length === 0) return [{ field: 'crn', message: fallback }];
  return fieldErrors.map((e) => {
    const field = buyFieldOf(e.field);
    return { field: BUY_FIELDS.includes(field) ? field : 'crn', message: e.message };
  });
}
