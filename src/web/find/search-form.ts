import { FieldMessage } from '../view-filters';

/** The find page's form as the query string carries it (every value a string or a list). */
export type SearchQuery = Record<string, string | string[] | undefined>;

export const SEXES = ['FEMALE', 'MALE'] as const;
export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'] as const;
export const SUPERVISION_TYPES = [
  'COMMUNITY_SENTENCE',
  'LICENCE',
  'POST_SENTENCE_SUPERVISION',
  'PRE_RELEASE',
] as const;
export const DELIVERY_MODES = ['ONE_TO_ONE', 'GROUP', 'DROP_IN', 'ONLINE', 'RESIDENTIAL'] as const;
export const PROVIDER_KINDS = ['CRC', 'VOLUNTARY_SECTOR', 'PRIVATE', 'PUBLIC_SECTOR'] as const;
export const SORTS = ['BEST_MATCH', 'CONTRIBUTION', 'SOONEST_START', 'DISTANCE', 'PRICE'] as const;
export const START_WITHIN_DAYS = ['7', '14', '28', '60'] as const;
export const RADIUS_MILES = ['5', '10', '25', '50'] as const;

const KM_PER_MILE = 1.609344;

/** What the page understood of the form, ready for the API once the postcode is placed. */
export interface SearchForm {
  /** The form's values as typed, to fill the form again. */
  values: {
    factors: string[];
    pccAreaCode: string;
    postcode: string;
    radiusMiles: string;
    sex: string;
    age: string;
    riskLevel: string;
    supervisionType: string;
    availableOnly: boolean;
    startWithinDays: string;
    eveningSessions: boolean;
    weekendSessions: boolean;
    accredited: boolean;
    deliveryModes: string[];
    providerKinds: string[];
    sort: string;
  };
  /** True when the person asked for results (the form was sent at least once). */
  submitted: boolean;
  /** The API's filter, less `near` (which needs the postcode placed). */
  filter: Record<string, unknown>;
  /** The postcode to place, with the radius in km, when the search is near a postcode. */
  near?: { postcode: string; radiusKm: number };
  sort: string;
  after?: string;
  errors: FieldMessage[];
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
}

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

function only<T extends string>(values: string[], allowed: readonly T[]): T[] {
  return values.filter((v): v is T => (allowed as readonly string[]).includes(v));
}

/** A UK postcode's shape (the geocoder says whether it exists). */
export const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;

/**
 * Reads the find page's query string: the filters the API takes, in its own names, and the
 * mistakes a person can make in the form itself (a half-described person, a postcode that is not
 * one). Everything else (what an area code or a factor means, who may search) is the API's to say.
 */
export function readSearchForm(query: SearchQuery, knownFactors: string[]): SearchForm {
  const values: SearchForm['values'] = {
    factors: only(list(query.factors), knownFactors),
    pccAreaCode: one(query.pccAreaCode),
    postcode: one(query.postcode).toUpperCase(),
    radiusMiles: only([one(query.radiusMiles)], RADIUS_MILES)[0] ?? '10',
    sex: only([one(query.sex)], SEXES)[0] ?? '',
    age: one(query.age),
    riskLevel: only([one(query.riskLevel)], RISK_LEVELS)[0] ?? '',
    supervisionType: only([one(query.supervisionType)], SUPERVISION_TYPES)[0] ?? '',
    availableOnly: one(query.availableOnly) === 'yes',
    startWithinDays: only([one(query.startWithinDays)], START_WITHIN_DAYS)[0] ?? '',
    eveningSessions: one(query.eveningSessions) === 'yes',
    weekendSessions: one(query.weekendSessions) === 'yes',
    accredited: one(query.accredited) === 'yes',
    deliveryModes: only(list(query.deliveryModes), DELIVERY_MODES),
    providerKinds: only(list(query.providerKinds), PROVIDER_KINDS),
    sort: only([one(query.sort)], SORTS)[0] ?? 'BEST_MATCH',
  };
  const errors: FieldMessage[] = [];
  const filter: Record<string, unknown> = {};
  if (values.factors.length > 0) filter.factors = values.factors;

  let near: SearchForm['near'];
  if (values.postcode !== '') {
    if (!POSTCODE.test(values.postcode)) {
      errors.push({ field: 'postcode', message: 'Enter a real postcode, like LS1 4AP' });
    } else {
      near = { postcode: values.postcode, radiusKm: Number(values.radiusMiles) * KM_PER_MILE };
    }
  } else if (values.pccAreaCode !== '') {
    filter.pccAreaCode = values.pccAreaCode;
  }

  const person = [values.sex, values.age, values.riskLevel, values.supervisionType];
  if (person.some((v) => v !== '')) {
    const age = Number(values.age);
    if (values.sex === '') errors.push({ field: 'sex', message: 'Select the person’s sex' });
    if (values.age === '') {
      errors.push({ field: 'age', message: 'Enter the person’s age' });
    } else if (!/^\d{1,3}$/.test(values.age) || age < 10 || age > 100) {
      errors.push({ field: 'age', message: 'Age must be a whole number between 10 and 100' });
    }
    if (values.riskLevel === '') {
      errors.push({ field: 'riskLevel', message: 'Select the person’s risk of serious harm' });
    }
    if (values.supervisionType === '') {
      errors.push({ field: 'supervisionType', message: 'Select how the person is supervised' });
    }
    if (errors.every((e) => !['sex', 'age', 'riskLevel', 'supervisionType'].includes(e.field))) {
      filter.person = {
        sex: values.sex,
        age,
        riskLevel: values.riskLevel,
        supervisionType: values.supervisionType,
      };
    }
  }
  if (values.availableOnly) filter.availableOnly = true;
  if (values.startWithinDays !== '') filter.startWithinDays = Number(values.startWithinDays);
  if (values.eveningSessions) filter.eveningSessions = true;
  if (values.weekendSessions) filter.weekendSessions = true;
  if (values.accredited) filter.accredited = true;
  if (values.deliveryModes.length > 0) filter.deliveryModes = values.deliveryModes;
  if (values.providerKinds.length > 0) filter.providerKinds = values.providerKinds;

  const after = one(query.after);
  return {
    values,
    submitted: Object.keys(query).length > 0,
    filter,
    near,
    sort: values.sort,
    after: after === '' ? undefined : after,
    errors,
  };
}

/** The query string of the same search (for sorting, paging and links back to it). */
export function searchQueryString(
  values: SearchForm['values'],
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams();
  for (const factor of values.factors) params.append('factors', factor);
  if (values.pccAreaCode) params.set('pccAreaCode', values.pccAreaCode);
  if (values.postcode) {
    params.set('postcode', values.postcode);
    params.set('radiusMiles', values.radiusMiles);
  }
  for (const key of ['sex', 'age', 'riskLevel', 'supervisionType', 'startWithinDays'] as const) {
    if (values[key]) params.set(key, values[key]);
  }
  for (const key of [
    'availableOnly',
    'eveningSessions',
    'weekendSessions',
    'accredited',
  ] as const) {
    if (values[key]) params.set(key, 'yes');
  }
  for (const mode of values.deliveryModes) params.append('deliveryModes', mode);
  for (const kind of values.providerKinds) params.append('providerKinds', kind);
  if (values.sort !== 'BEST_MATCH') params.set('sort', values.sort);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}
