import { plainToInstance } from 'class-transformer';
import { isUUID, validate } from 'class-validator';
import { CsvError, parse } from 'csv-parse/sync';
import { BadUserInputError, FieldError } from '../common/errors';
import { fieldErrorsOf } from '../common/input-validation.pipe';

/**
 * Reading a rate card written as CSV: one row per listing, turned into the API's own input
 * objects and checked with the same class-validator rules as the API, every problem named by
 * its row and column. Pure: the service adds what needs the database.
 */

/** The columns a rate card may have, in the order the README documents them. */
export const RATE_CARD_COLUMNS = [
  'id',
  'provider_id',
  'title',
  'summary',
  'description',
  'factors',
  'delivery_modes',
  'accredited',
  'sexes',
  'min_age',
  'max_age',
  'risk_levels',
  'supervision_types',
  'eligibility_notes',
  'adaptations',
  'coverage',
  'venues',
  'evening_sessions',
  'weekend_sessions',
  'duration_weeks',
  'session_count',
  'capacity',
  'next_start_date',
  'price_pence',
  'price_unit',
  'price_effective_from',
  'outcome_payment_pence',
] as const;
export type RateCardColumn = (typeof RATE_CARD_COLUMNS)[number];

/** Larger rate cards are split into several imports: one transaction must stay short. */
export const MAX_RATE_CARD_ROWS = 2000;
export const MAX_RATE_CARD_BYTES = 5 * 1024 * 1024;

/** One problem: `row` counts data rows from 1 (the header is row 0); `column` when one is at fault. */
export interface RateCardProblem {
  row: number;
  column: string | null;
  message: string;
}

/** A data row: its number and its non-blank cells, trimmed. */
export interface RateCardRow {
  row: number;
  cells: Partial<Record<RateCardColumn, string>>;
}

export interface ParsedRateCard {
  rows: RateCardRow[];
  problems: RateCardProblem[];
}

const KNOWN = new Set<string>(RATE_CARD_COLUMNS);

/**
 * Splits a CSV rate card into rows of named cells. Too large a file is refused whole
 * (BAD_USER_INPUT); unknown or repeated columns are problems on row 0, a row with more values
 * than the header names a problem on that row. Blank rows are counted but skipped.
 */
export function parseRateCard(csv: string): ParsedRateCard {
  const bytes = Buffer.byteLength(csv, 'utf8');
  if (bytes > MAX_RATE_CARD_BYTES) {
    throw new BadUserInputError('The rate card is too large', [
      {
        field: 'csv',
        message: `the CSV is ${bytes} bytes; at most ${MAX_RATE_CARD_BYTES} (5 MB) can be imported at once`,
      },
    ]);
  }
  let records: string[][];
  try {
    records = parse(csv, { bom: true, relax_column_count: true, trim: true });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const row = (error as CsvError & { records?: number }).records ?? 0;
    return {
      rows: [],
      problems: [{ row, column: null, message: `unreadable CSV: ${error.message}` }],
    };
  }
  const [header, ...data] = records;
  if (!header || header.every((name) => name === '')) {
    return {
      rows: [],
      problems: [
        { row: 0, column: null, message: 'the file is empty: the first line names the columns' },
      ],
    };
  }
  const dataRows = data.filter((cells) => cells.some((cell) => cell !== '')).length;
  if (dataRows > MAX_RATE_CARD_ROWS) {
    throw new BadUserInputError('The rate card has too many rows', [
      {
        field: 'csv',
        message: `the CSV has ${dataRows} rows; at most ${MAX_RATE_CARD_ROWS} can be imported at once`,
      },
    ]);
  }

  const problems: RateCardProblem[] = [];
  const columns = header.map((name) => name.toLowerCase());
  columns.forEach((name, i) => {
    if (name === '') {
      problems.push({ row: 0, column: null, message: `column ${i + 1} has no name` });
    } else if (!KNOWN.has(name)) {
      problems.push({
        row: 0,
        column: header[i],
        message: `unknown column "${header[i]}"; the columns are ${RATE_CARD_COLUMNS.join(', ')}`,
      });
    } else if (columns.indexOf(name) !== i) {
      problems.push({ row: 0, column: name, message: `column ${name} appears more than once` });
    }
  });
  if (dataRows === 0) problems.push({ row: 0, column: null, message: 'the file has no rows' });

  const rows: RateCardRow[] = [];
  data.forEach((values, i) => {
    const row = i + 1;
    if (values.every((cell) => cell === '')) return;
    if (values.length > header.length) {
      problems.push({
        row,
        column: null,
        message: `${values.length} values but the header names ${header.length} columns`,
      });
    }
    const cells: RateCardRow['cells'] = {};
    values.forEach((value, c) => {
      const name = columns[c];
      if (value !== '' && name && KNOWN.has(name) && columns.indexOf(name) === c)
        cells[name as RateCardColumn] = value;
    });
    rows.push({ row, cells });
  });
  return { rows, problems };
}

/** The current eligibility of a listing being updated: blank eligibility columns keep it. */
export interface CurrentEligibility {
  sexes: string[];
  minAge: number | null;
  maxAge: number | null;
  riskLevels: string[];
  supervisionTypes: string[];
  eligibilityNotes: string | null;
}

/** A row as the API's inputs (plain objects, not yet validated), with what could not be read. */
export interface RowInputs {
  row: number;
  /** The listing to update; absent for a new listing. */
  id?: string;
  providerId?: string;
  /** UpdateInterventionInput's fields the row gives. */
  listing: Record<string, unknown>;
  /** Capacity and next start date (CreateInterventionInput, or setCapacity on an update). */
  capacity?: unknown;
  nextStartDate?: unknown;
  /** PriceInput, when any price column is given. */
  price?: Record<string, unknown>;
  problems: RateCardProblem[];
}

const LIST = ';';
const VENUE_PARTS = '|';
const BOOLEANS: Record<string, boolean> = { true: true, yes: true, false: false, no: false };

/**
 * Turns a row's cells into the API's inputs. A blank cell gives nothing: a new listing takes the
 * API's default, an update keeps the current value. Lists are separated by `;`, enum values are
 * read in any case, and a venue is `name|postcode|pccAreaCode`. For an update, eligibility
 * columns left blank keep the listing's current rule (`current`).
 */
export function rowInputs(source: RateCardRow, current?: CurrentEligibility): RowInputs {
  const { row, cells } = source;
  const problems: RateCardProblem[] = [];
  const problem = (column: RateCardColumn, message: string) =>
    problems.push({ row, column, message });

  const text = (column: RateCardColumn) => cells[column];
  const list = (column: RateCardColumn) =>
    cells[column]
      ?.split(LIST)
      .map((part) => part.trim())
      .filter((part) => part !== '');
  const enums = (column: RateCardColumn) => list(column)?.map((part) => part.toUpperCase());
  const codes = (column: RateCardColumn) => list(column)?.map((part) => part.toLowerCase());
  const bool = (column: RateCardColumn) => {
    const cell = cells[column];
    if (cell === undefined) return undefined;
    const value = BOOLEANS[cell.toLowerCase()];
    if (value === undefined) problem(column, `${column} must be true, false, yes or no`);
    return value;
  };
  const int = (column: RateCardColumn) => {
    const cell = cells[column];
    if (cell === undefined) return undefined;
    if (!/^[+-]?\d+$/.test(cell)) {
      problem(column, `${column} must be a whole number, not "${cell}"`);
      return undefined;
    }
    return Number(cell);
  };
  const date = (column: RateCardColumn) => {
    const cell = cells[column];
    if (cell === undefined) return undefined;
    if (!isCalendarDay(cell)) {
      problem(column, `${column} must be a date written YYYY-MM-DD, not "${cell}"`);
      return undefined;
    }
    return cell;
  };

  const id = text('id');
  if (id !== undefined && !isUUID(id))
    problem('id', `id must be an intervention id (a UUID), not "${id}"`);

  const venues = list('venues')?.map((venue, i) => {
    const parts = venue.split(VENUE_PARTS).map((part) => part.trim());
    if (parts.length !== 3) {
      problem('venues', `venue ${i + 1} ("${venue}") must be written name|postcode|pccAreaCode`);
    }
    return { name: parts[0], postcode: parts[1] ?? '', pccAreaCode: parts[2]?.toLowerCase() ?? '' };
  });

  const eligibility = {
    sexes: enums('sexes'),
    minAge: int('min_age'),
    maxAge: int('max_age'),
    riskLevels: enums('risk_levels'),
    supervisionTypes: enums('supervision_types'),
    notes: text('eligibility_notes'),
  };
  const eligibilityGiven = Object.values(eligibility).some((value) => value !== undefined);
  if (eligibilityGiven && current) {
    eligibility.sexes ??= current.sexes;
    eligibility.minAge ??= current.minAge ?? undefined;
    eligibility.maxAge ??= current.maxAge ?? undefined;
    eligibility.riskLevels ??= current.riskLevels;
    eligibility.supervisionTypes ??= current.supervisionTypes;
    eligibility.notes ??= current.eligibilityNotes ?? undefined;
  }

  const listing = defined({
    title: text('title'),
    summary: text('summary'),
    description: text('description'),
    factors: enums('factors'),
    deliveryModes: enums('delivery_modes'),
    accredited: bool('accredited'),
    eligibility: eligibilityGiven ? defined(eligibility) : undefined,
    adaptations: enums('adaptations'),
    coverage: codes('coverage'),
    venues: venues && problems.some((p) => p.column === 'venues') ? undefined : venues,
    eveningSessions: bool('evening_sessions'),
    weekendSessions: bool('weekend_sessions'),
    durationWeeks: int('duration_weeks'),
    sessionCount: int('session_count'),
  });

  const price = defined({
    amountPence: int('price_pence'),
    unit: cells.price_unit?.toUpperCase(),
    effectiveFrom: date('price_effective_from'),
    outcomePaymentPence: int('outcome_payment_pence'),
  });
  const priceGiven = [
    'price_pence',
    'price_unit',
    'price_effective_from',
    'outcome_payment_pence',
  ].some((column) => cells[column as RateCardColumn] !== undefined);
  if (priceGiven) {
    for (const column of ['price_pence', 'price_unit'] as const) {
      if (cells[column] === undefined)
        problem(column, `${column} is required when the row gives a price`);
    }
  }

  return {
    row,
    ...defined({ id, providerId: text('provider_id') }),
    listing,
    ...defined({ capacity: int('capacity'), nextStartDate: date('next_start_date') }),
    ...(priceGiven ? { price } : {}),
    problems,
  };
}

/** CreateInterventionInput's plain fields for a new listing from a row. */
export function createInputOf(inputs: RowInputs): Record<string, unknown> {
  return defined({
    ...inputs.listing,
    providerId: inputs.providerId,
    capacity: inputs.capacity,
    nextStartDate: inputs.nextStartDate,
    price: inputs.price,
  });
}

/**
 * The columns a new listing cannot do without. Checked here because class-validator skips the
 * `@IsDefined()` of CreateInterventionInput's required fields (their parent's `@IsOptional()`
 * wins); through GraphQL, the schema's non-null types require them instead.
 */
export const REQUIRED_FOR_NEW: RateCardColumn[] = ['title', 'summary', 'factors'];

export function missingForNew(inputs: RowInputs): RateCardProblem[] {
  const given: Partial<Record<RateCardColumn, unknown>> = {
    title: inputs.listing.title,
    summary: inputs.listing.summary,
    factors: inputs.listing.factors,
  };
  return REQUIRED_FOR_NEW.filter((column) => given[column] === undefined).map((column) => ({
    row: inputs.row,
    column,
    message: `${column} is required for a new listing (the id is blank)`,
  }));
}

/** True when a row updates a listing but changes nothing on it. */
export function changesNothing(inputs: RowInputs): boolean {
  return (
    Object.keys(inputs.listing).length === 0 &&
    inputs.capacity === undefined &&
    inputs.nextStartDate === undefined &&
    inputs.price === undefined
  );
}

/**
 * Validates a plain object as one of the API's input classes, exactly as the API's validation
 * pipe does (whitelist, forbidNonWhitelisted), and names each failure by its CSV column.
 * `under` places the fields under a parent (`price` for a PriceInput).
 */
export async function validateAs<T extends object>(
  type: new () => T,
  plain: Record<string, unknown>,
  row: number,
  under?: string,
): Promise<{ value: T; problems: RateCardProblem[] }> {
  const value = plainToInstance(type, plain);
  const errors = await validate(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
  });
  const problems = fieldErrorsOf(errors).map((error) =>
    problemOf(row, under ? { ...error, field: `${under}.${error.field}` } : error),
  );
  return { value, problems };
}

/** The column each input field comes from (the longest matching prefix of a field path wins). */
const COLUMN_OF_FIELD: Record<string, RateCardColumn> = {
  id: 'id',
  providerId: 'provider_id',
  title: 'title',
  summary: 'summary',
  description: 'description',
  factors: 'factors',
  deliveryModes: 'delivery_modes',
  accredited: 'accredited',
  'eligibility.sexes': 'sexes',
  'eligibility.minAge': 'min_age',
  'eligibility.maxAge': 'max_age',
  'eligibility.riskLevels': 'risk_levels',
  'eligibility.supervisionTypes': 'supervision_types',
  'eligibility.notes': 'eligibility_notes',
  adaptations: 'adaptations',
  coverage: 'coverage',
  venues: 'venues',
  eveningSessions: 'evening_sessions',
  weekendSessions: 'weekend_sessions',
  durationWeeks: 'duration_weeks',
  sessionCount: 'session_count',
  capacity: 'capacity',
  nextStartDate: 'next_start_date',
  price: 'price_pence',
  'price.amountPence': 'price_pence',
  'price.unit': 'price_unit',
  'price.effectiveFrom': 'price_effective_from',
  'price.outcomePaymentPence': 'outcome_payment_pence',
};

/** Property names as they appear in validation messages, and the column a reader knows. */
const COLUMN_OF_WORD: Record<string, string> = {
  providerId: 'provider_id',
  deliveryModes: 'delivery_modes',
  minAge: 'min_age',
  maxAge: 'max_age',
  riskLevels: 'risk_levels',
  supervisionTypes: 'supervision_types',
  eveningSessions: 'evening_sessions',
  weekendSessions: 'weekend_sessions',
  durationWeeks: 'duration_weeks',
  sessionCount: 'session_count',
  nextStartDate: 'next_start_date',
  amountPence: 'price_pence',
  effectiveFrom: 'price_effective_from',
  outcomePaymentPence: 'outcome_payment_pence',
};

/**
 * An API field error (`eligibility.minAge`, `input.venues.1.postcode`, `input.effectiveFrom`)
 * as a row problem on its CSV column, its message speaking of columns rather than properties.
 */
export function problemOf(row: number, error: FieldError): RateCardProblem {
  const path = error.field.replace(/^input\./, '').split('.');
  let column: RateCardColumn | null = null;
  for (let n = path.length; n > 0 && !column; n -= 1)
    column = COLUMN_OF_FIELD[path.slice(0, n).join('.')] ?? null;
  let message = error.message;
  const leaf = path[path.length - 1];
  if (column === 'venues' && /^\d+$/.test(path[1] ?? '')) {
    message = `venue ${Number(path[1]) + 1}: ${message}`;
  } else if (column && (leaf === 'unit' || leaf === 'notes') && message.startsWith(`${leaf} `)) {
    message = `${column}${message.slice(leaf.length)}`;
  } else {
    message = message.replace(/\b[a-z]+[A-Z]\w*\b/g, (word) => COLUMN_OF_WORD[word] ?? word);
  }
  return { row, column, message };
}

/** Problems in file order: by row, then by column as the README lists them. */
export function sortProblems(problems: RateCardProblem[]): RateCardProblem[] {
  const order = (column: string | null) => {
    const i = RATE_CARD_COLUMNS.indexOf(column as RateCardColumn);
    return i === -1 ? -1 : i;
  };
  return [...problems].sort((a, b) => a.row - b.row || order(a.column) - order(b.column));
}

/** A real calendar day written YYYY-MM-DD. */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

function defined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
