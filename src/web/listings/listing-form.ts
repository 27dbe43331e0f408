import type {
  Adaptation,
  CreateInterventionInput,
  DeliveryMode,
  EditListingQuery,
  FactorCode,
  RiskLevel,
  Sex,
  SupervisionType,
  UpdateInterventionInput,
  VenueInput,
} from '../graphql-types';
import { FieldMessage } from '../view-filters';

export const ADAPTATIONS = [
  'WOMEN_ONLY',
  'WHEELCHAIR_ACCESS',
  'INTERPRETER',
  'CHILDCARE',
  'LEARNING_DISABILITY',
  'NEURODIVERSITY',
] as const;

/** Venue rows the form offers: the listing's own venues and at least this many blank ones. */
export const BLANK_VENUE_ROWS = 2;

/** A posted form: urlencoded fields, a repeated field as an array. */
export type FormBody = Record<string, string | string[] | undefined>;

export interface VenueValues {
  name: string;
  postcode: string;
  pccAreaCode: string;
}

/** The listing form's values as typed, to fill the form again. */
export interface ListingFormValues {
  title: string;
  summary: string;
  description: string;
  rationale: string;
  factors: string[];
  deliveryModes: string[];
  adaptations: string[];
  /** `accredited`, `eveningSessions`, `weekendSessions`: the yes-or-no features ticked. */
  features: string[];
  sexes: string[];
  riskLevels: string[];
  supervisionTypes: string[];
  minAge: string;
  maxAge: string;
  eligibilityNotes: string;
  durationWeeks: string;
  sessionCount: string;
  coverage: string[];
  venues: VenueValues[];
}

/** The listing as the API returns it (ManageListing, EditListing), enough to fill the form. */
export type ListingFields = NonNullable<EditListingQuery['intervention']>;

/**
 * The API's input from the form: a CreateInterventionInput that is also an
 * UpdateInterventionInput (every field the form asks, venues always sent).
 */
export type ListingInput = CreateInterventionInput &
  UpdateInterventionInput & { venues: VenueInput[] };

export function text(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

export function list(value: string | string[] | undefined): string[] {
  return [value ?? []].flat().filter((v) => v !== '');
}

/**
 * A whole number typed into a field: null when blank, a field message when it is not a number.
 * What range it must be in is the API's to say.
 */
export function wholeNumber(
  value: string,
  field: string,
  label: string,
  errors: FieldMessage[],
): number | null {
  if (value === '') return null;
  if (!/^-?\d{1,9}$/.test(value.replace(/,/g, ''))) {
    errors.push({ field, message: `${label} must be a whole number, like 12` });
    return null;
  }
  return Number(value.replace(/,/g, ''));
}

/** The form's venue rows from a post: `venues-0-name`, `venues-0-postcode`, `venues-0-pccAreaCode`. */
function venueRows(body: FormBody): VenueValues[] {
  const rows: VenueValues[] = [];
  for (let i = 0; i < 50; i += 1) {
    if (!(`venues-${i}-name` in body)) break;
    rows.push({
      name: text(body[`venues-${i}-name`]),
      postcode: text(body[`venues-${i}-postcode`]).toUpperCase(),
      pccAreaCode: text(body[`venues-${i}-pccAreaCode`]),
    });
  }
  return rows;
}

/**
 * Reads the listing form: the input the API takes and the mistakes the form itself can show (a
 * number that is not one, a venue half filled in). Every other rule (lengths, ranges, codes, at
 * least one factor) is the API's to refuse, and its field paths come back onto the form.
 */
export function readListingForm(body: FormBody): {
  values: ListingFormValues;
  input: ListingInput;
  errors: FieldMessage[];
} {
  const venues = venueRows(body);
  const values: ListingFormValues = {
    title: text(body.title),
    summary: text(body.summary),
    description: text(body.description),
    rationale: text(body.rationale),
    factors: list(body.factors),
    deliveryModes: list(body.deliveryModes),
    adaptations: list(body.adaptations),
    features: list(body.features),
    sexes: list(body.sexes),
    riskLevels: list(body.riskLevels),
    supervisionTypes: list(body.supervisionTypes),
    minAge: text(body.minAge),
    maxAge: text(body.maxAge),
    eligibilityNotes: text(body.eligibilityNotes),
    durationWeeks: text(body.durationWeeks),
    sessionCount: text(body.sessionCount),
    coverage: list(body.coverage),
    venues,
  };
  const errors: FieldMessage[] = [];
  const minAge = wholeNumber(values.minAge, 'minAge', 'Youngest age', errors);
  const maxAge = wholeNumber(values.maxAge, 'maxAge', 'Oldest age', errors);
  const durationWeeks = wholeNumber(values.durationWeeks, 'durationWeeks', 'Length', errors);
  const sessionCount = wholeNumber(values.sessionCount, 'sessionCount', 'Sessions', errors);
  const filled: VenueValues[] = [];
  venues.forEach((venue, i) => {
    const given = [venue.name, venue.postcode, venue.pccAreaCode].filter((v) => v !== '');
    if (given.length === 0) return;
    if (venue.name === '')
      errors.push({ field: `venues-${i}-name`, message: `Enter the name of venue ${i + 1}` });
    if (venue.postcode === '')
      errors.push({
        field: `venues-${i}-postcode`,
        message: `Enter the postcode of venue ${i + 1}`,
      });
    if (venue.pccAreaCode === '')
      errors.push({
        field: `venues-${i}-pccAreaCode`,
        message: `Select the police area venue ${i + 1} is in`,
      });
    filled.push(venue);
  });
  // The choices are sent as ticked: whether each is one of the API's values is its rule.
  const input: ListingInput = {
    title: values.title,
    summary: values.summary,
    description: values.description,
    rationale: values.rationale,
    factors: values.factors as FactorCode[],
    deliveryModes: values.deliveryModes as DeliveryMode[],
    adaptations: values.adaptations as Adaptation[],
    accredited: values.features.includes('accredited'),
    eveningSessions: values.features.includes('eveningSessions'),
    weekendSessions: values.features.includes('weekendSessions'),
    durationWeeks,
    sessionCount,
    eligibility: {
      sexes: values.sexes as Sex[],
      minAge,
      maxAge,
      riskLevels: values.riskLevels as RiskLevel[],
      supervisionTypes: values.supervisionTypes as SupervisionType[],
      notes: values.eligibilityNotes || null,
    },
    coverage: values.coverage,
    venues: filled,
  };
  return { values, input, errors };
}

/** The form filled in from a listing, to edit it. */
export function listingFormValues(listing: ListingFields): ListingFormValues {
  return {
    title: listing.title,
    summary: listing.summary,
    description: listing.description,
    rationale: listing.rationale ?? '',
    factors: listing.factors,
    deliveryModes: listing.deliveryModes,
    adaptations: listing.adaptations,
    features: [
      listing.accredited ? 'accredited' : '',
      listing.eveningSessions ? 'eveningSessions' : '',
      listing.weekendSessions ? 'weekendSessions' : '',
    ].filter(Boolean),
    sexes: listing.eligibility.sexes,
    riskLevels: listing.eligibility.riskLevels,
    supervisionTypes: listing.eligibility.supervisionTypes,
    minAge: listing.eligibility.minAge?.toString() ?? '',
    maxAge: listing.eligibility.maxAge?.toString() ?? '',
    eligibilityNotes: listing.eligibility.notes ?? '',
    durationWeeks: listing.durationWeeks?.toString() ?? '',
    sessionCount: listing.sessionCount?.toString() ?? '',
    coverage: listing.coverage.map((area) => area.code),
    venues: listing.venues.map((venue) => ({
      name: venue.name,
      postcode: venue.postcode,
      pccAreaCode: venue.pccArea.code,
    })),
  };
}

/** A blank form for a new listing. */
export function blankListingForm(): ListingFormValues {
  return {
    title: '',
    summary: '',
    description: '',
    rationale: '',
    factors: [],
    deliveryModes: [],
    adaptations: [],
    features: [],
    sexes: [],
    riskLevels: [],
    supervisionTypes: [],
    minAge: '',
    maxAge: '',
    eligibilityNotes: '',
    durationWeeks: '',
    sessionCount: '',
    coverage: [],
    venues: [],
  };
}

/** The venue rows to show: those given, then blank ones to add more. */
export function venueRowsToShow(venues: VenueValues[]): VenueValues[] {
  const blank = { name: '', postcode: '', pccAreaCode: '' };
  const given = venues.filter((v) => v.name || v.postcode || v.pccAreaCode);
  return [...given, ...Array.from({ length: BLANK_VENUE_ROWS }, () => ({ ...blank }))];
}

/**
 * The form field (its element id) an API field path points at: `input.eligibility.minAge` →
 * `minAge`, `input.venues.1.pccAreaCode` → `venues-1-pccAreaCode`, `input.coverage.3` →
 * `coverage`. Venue indexes count the venues sent, which are the filled rows in order.
 */
export function listingFieldOf(path: string, sentVenueRows: number[] = []): string {
  const field = path.replace(/^input\./, '');
  const venue = /^venues\.(\d+)\.(\w+)/.exec(field);
  if (venue) {
    const row = sentVenueRows[Number(venue[1])] ?? Number(venue[1]);
    const part = venue[2] === 'lat' || venue[2] === 'lng' ? 'postcode' : venue[2];
    return `venues-${row}-${part}`;
  }
  if (field === 'venues') return 'venues-0-name';
  if (field === 'eligibility.notes') return 'eligibilityNotes';
  if (/^(accredited|eveningSessions|weekendSessions)$/.test(field)) return 'features';
  return field
    .replace(/^eligibility\./, '')
    .replace(/\.\d+$/, '')
    .replace(/\..*$/, '');
}

/** Which form rows were sent as the API's venues (blank rows are left out), by index. */
export function sentVenueRows(values: ListingFormValues): number[] {
  return values.venues.flatMap((v, i) => (v.name || v.postcode || v.pccAreaCode ? [i] : []));
}

/**
 * "12.50", "£1,200", "0.5" → pence, exactly (no floating point); a message when it is not an
 * amount of money. Whether the amount is allowed is the API's to say.
 */
export function penceOf(typed: string): number | string {
  const value = typed.replace(/[£,\s]/g, '');
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return 'must be an amount in pounds and pence, like 450 or 12.50';
  const pence = (match[2] ?? '').padEnd(2, '0');
  return Number(match[1]) * 100 + Number(pence);
}

/** Pence as typed in a form: 1250 → "12.50". */
export function poundsOf(pence: number | null | undefined): string {
  if (typeof pence !== 'number') return '';
  return `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
}

/** A GOV.UK date input's day, month and year as the API's Date (YYYY-MM-DD). */
export function dateOf(
  day: string,
  month: string,
  year: string,
): { date: string | null } | { error: string } {
  if (!day && !month && !year) return { date: null };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { error: 'must be a real date, like 27 3 2027' };
  }
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const check = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date) {
    return { error: 'must be a real date, like 27 3 2027' };
  }
  return { date };
}

/** A Date (YYYY-MM-DD) as a date input's day, month and year. */
export function datePartsOf(date: string | null | undefined): {
  day: string;
  month: string;
  year: string;
} {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  return match
    ? { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] }
    : { day: '', month: '', year: '' };
}
