import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadUserInputError } from '../common/errors';
import { CreateInterventionInput, PriceInput, UpdateInterventionInput } from './catalogue.inputs';
import {
  changesNothing,
  createInputOf,
  isCalendarDay,
  missingForNew,
  MAX_RATE_CARD_ROWS,
  parseRateCard,
  problemOf,
  RATE_CARD_COLUMNS,
  rowInputs,
  sortProblems,
  validateAs,
} from './rate-card-import';

const HEADER =
  'id,title,summary,factors,delivery_modes,accredited,min_age,max_age,risk_levels,coverage,venues,capacity,next_start_date,price_pence,price_unit';
const GOOD =
  ',Tenancy sustainment,One-to-one help to find and keep a tenancy.,ACCOMMODATION;ete,ONE_TO_ONE,no,18,65,low;MEDIUM,west-yorkshire;durham,Leeds hub|LS1 4AP|west-yorkshire,12,2026-06-01,45000,PER_REFERRAL';

function only(csv: string) {
  const parsed = parseRateCard(csv);
  expect(parsed.problems).toEqual([]);
  return parsed.rows;
}

describe('parseRateCard', () => {
  it('reads named, trimmed, non-blank cells and numbers data rows from 1', () => {
    const [row] = only(`${HEADER}\n${GOOD}\n`);
    expect(row.row).toBe(1);
    expect(row.cells).toMatchObject({ title: 'Tenancy sustainment', min_age: '18' });
    expect(row.cells.id).toBeUndefined();
  });

  it('accepts a byte-order mark, CRLF, quoted commas and line breaks, and header case', () => {
    const rows = only(
      '\uFEFFTitle,Summary\r\n"Work, skills and jobs","Two lines,\nof summary"\r\n',
    );
    expect(rows[0].cells).toEqual({
      title: 'Work, skills and jobs',
      summary: 'Two lines,\nof summary',
    });
  });

  it('counts blank rows but skips them, so row numbers match the file', () => {
    const rows = only('title\nFirst\n\n,\nFourth\n');
    expect(rows.map((r) => [r.row, r.cells.title])).toEqual([
      [1, 'First'],
      [4, 'Fourth'],
    ]);
  });

  it('names every unknown or repeated column on row 0', () => {
    const { problems } = parseRateCard('title,colour,title,\nA title,red,again,\n');
    expect(problems).toEqual([
      { row: 0, column: 'colour', message: expect.stringContaining('unknown column "colour"') },
      { row: 0, column: 'title', message: 'column title appears more than once' },
      { row: 0, column: null, message: 'column 4 has no name' },
    ]);
  });

  it('reports a row with more values than the header', () => {
    const { problems } = parseRateCard('title,summary\nA,B,C\n');
    expect(problems).toEqual([
      { row: 1, column: null, message: '3 values but the header names 2 columns' },
    ]);
  });

  it('reports an empty file, a header without rows, and unreadable CSV by row', () => {
    expect(parseRateCard('').problems[0]).toMatchObject({ row: 0, column: null });
    expect(parseRateCard('title\n').problems).toEqual([
      { row: 0, column: null, message: 'the file has no rows' },
    ]);
    expect(parseRateCard('title\nfine\n"not closed\n').problems).toEqual([
      { row: 2, column: null, message: expect.stringContaining('unreadable CSV') },
    ]);
  });

  it(`refuses more than ${MAX_RATE_CARD_ROWS} rows or 5 MB as a whole`, () => {
    const rows = Array.from({ length: MAX_RATE_CARD_ROWS + 1 }, (_, i) => `Listing ${i}`);
    expect(() => parseRateCard(`title\n${rows.join('\n')}`)).toThrow(BadUserInputError);
    expect(() => parseRateCard(`title\n${rows.slice(1).join('\n')}`)).not.toThrow();
    expect(() => parseRateCard(`title\n${'x'.repeat(5 * 1024 * 1024)}`)).toThrow(/too large/);
  });
});

describe('rowInputs', () => {
  it("turns a row into the API's input shapes", () => {
    const [row] = only(`${HEADER}\n${GOOD}\n`);
    const inputs = rowInputs(row);
    expect(inputs.problems).toEqual([]);
    expect(createInputOf(inputs)).toEqual({
      title: 'Tenancy sustainment',
      summary: 'One-to-one help to find and keep a tenancy.',
      factors: ['ACCOMMODATION', 'ETE'],
      deliveryModes: ['ONE_TO_ONE'],
      accredited: false,
      eligibility: { minAge: 18, maxAge: 65, riskLevels: ['LOW', 'MEDIUM'] },
      coverage: ['west-yorkshire', 'durham'],
      venues: [{ name: 'Leeds hub', postcode: 'LS1 4AP', pccAreaCode: 'west-yorkshire' }],
      capacity: 12,
      nextStartDate: '2026-06-01',
      price: { amountPence: 45000, unit: 'PER_REFERRAL' },
    });
  });

  it('names each cell it cannot read', () => {
    const [row] = only(
      'id,accredited,capacity,next_start_date,venues,price_pence,price_unit\nabc,maybe,ten,2026-02-30,Hall|LS1 4AP,4.50,PER_HOUR\n',
    );
    expect(rowInputs(row).problems.map((p) => [p.column, p.message])).toEqual([
      ['id', 'id must be an intervention id (a UUID), not "abc"'],
      ['venues', 'venue 1 ("Hall|LS1 4AP") must be written name|postcode|pccAreaCode'],
      ['accredited', 'accredited must be true, false, yes or no'],
      ['price_pence', 'price_pence must be a whole number, not "4.50"'],
      ['capacity', 'capacity must be a whole number, not "ten"'],
      ['next_start_date', 'next_start_date must be a date written YYYY-MM-DD, not "2026-02-30"'],
    ]);
  });

  it('keeps the current eligibility where an update leaves its columns blank', () => {
    const [row] = only('id,min_age\n3f1c2c1e-8a8e-4c56-9a53-2a0d6c0f9b11,21\n');
    const inputs = rowInputs(row, {
      sexes: ['FEMALE'],
      minAge: 18,
      maxAge: 30,
      riskLevels: [],
      supervisionTypes: ['LICENCE'],
      eligibilityNotes: null,
    });
    expect(inputs.listing.eligibility).toEqual({
      sexes: ['FEMALE'],
      minAge: 21,
      maxAge: 30,
      riskLevels: [],
      supervisionTypes: ['LICENCE'],
    });
  });

  it('knows a row that changes nothing', () => {
    const id = '3f1c2c1e-8a8e-4c56-9a53-2a0d6c0f9b11';
    const [blank, titled] = only(`id,title\n${id},\n${id},New title\n`);
    expect(rowInputs(blank).id).toBe(id);
    expect(changesNothing(rowInputs(blank))).toBe(true);
    expect(changesNothing(rowInputs(titled))).toBe(false);
  });
});

describe('validateAs', () => {
  it("applies the API's rules and names each failure by its column", async () => {
    const [row] = only(
      'title,summary,factors,min_age,max_age,venues,price_pence,price_unit\nAb,Too short,NOT_A_FACTOR,30,20,Hall|not a postcode|durham,0,PER_WEEK\n',
    );
    const { problems } = await validateAs(
      CreateInterventionInput,
      createInputOf(rowInputs(row)),
      row.row,
    );
    expect(sortProblems(problems)).toEqual([
      { row: 1, column: 'title', message: 'title must be longer than or equal to 3 characters' },
      {
        row: 1,
        column: 'summary',
        message: 'summary must be longer than or equal to 10 characters',
      },
      { row: 1, column: 'factors', message: expect.stringContaining('each value in factors') },
      { row: 1, column: 'max_age', message: 'max_age must not be less than min_age' },
      { row: 1, column: 'venues', message: 'venue 1: postcode must be a UK postcode' },
      { row: 1, column: 'price_pence', message: 'price_pence must not be less than 1' },
      {
        row: 1,
        column: 'price_unit',
        message: expect.stringMatching(/^price_unit must be one of/),
      },
    ]);
  });

  it('requires what a new listing needs, and accepts a good row', async () => {
    const [bare] = only('title,capacity\n,3\n');
    expect(missingForNew(rowInputs(bare)).map((p) => p.column)).toEqual([
      'title',
      'summary',
      'factors',
    ]);
    const [row] = only(`${HEADER}\n${GOOD}\n`);
    const good = await validateAs(CreateInterventionInput, createInputOf(rowInputs(row)), 1);
    expect(good.problems).toEqual([]);
    expect(good.value).toBeInstanceOf(CreateInterventionInput);
    expect(good.value.price).toBeInstanceOf(PriceInput);
  });

  it('refuses fields the input does not have, as the API does', async () => {
    const { problems } = await validateAs(UpdateInterventionInput, { capacity: 3 }, 2);
    expect(problems).toEqual([
      { row: 2, column: 'capacity', message: 'property capacity should not exist' },
    ]);
  });

  it('places a standalone price under the price columns', async () => {
    const { problems } = await validateAs(
      PriceInput,
      { amountPence: 1.5, unit: 'PER_HOUR' },
      4,
      'price',
    );
    expect(problems).toEqual([
      { row: 4, column: 'price_pence', message: 'price_pence must be an integer number' },
    ]);
  });
});

describe('problemOf and friends', () => {
  it("maps the catalogue's field paths to columns", () => {
    expect(problemOf(2, { field: 'coverage.1', message: 'unknown PCC area mars' })).toEqual({
      row: 2,
      column: 'coverage',
      message: 'unknown PCC area mars',
    });
    expect(
      problemOf(2, { field: 'input.venues.0.pccAreaCode', message: 'unknown PCC area x' }),
    ).toEqual({ row: 2, column: 'venues', message: 'venue 1: unknown PCC area x' });
    expect(
      problemOf(5, { field: 'price.effectiveFrom', message: 'effectiveFrom must be today' }),
    ).toEqual({
      row: 5,
      column: 'price_effective_from',
      message: 'price_effective_from must be today',
    });
    expect(problemOf(5, { field: 'somethingElse', message: 'odd' }).column).toBeNull();
  });

  it('sorts problems by row, then by column order', () => {
    const sorted = sortProblems([
      { row: 2, column: 'price_pence', message: 'a' },
      { row: 1, column: 'capacity', message: 'b' },
      { row: 2, column: 'title', message: 'c' },
      { row: 0, column: 'colour', message: 'd' },
    ]);
    expect(sorted.map((p) => p.message)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('documents every column once and checks calendar days', () => {
    expect(new Set(RATE_CARD_COLUMNS).size).toBe(RATE_CARD_COLUMNS.length);
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2027-02-29')).toBe(false);
    expect(isCalendarDay('1/2/2027')).toBe(false);
  });
});

describe('docs/rate-card-sample.csv', () => {
  it('is a valid rate card of three new listings', async () => {
    const csv = readFileSync(join(__dirname, '..', '..', 'docs', 'rate-card-sample.csv'), 'utf8');
    const rows = only(csv);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const inputs = rowInputs(row);
      expect(inputs.id).toBeUndefined();
      expect([...inputs.problems, ...missingForNew(inputs)]).toEqual([]);
      const { problems } = await validateAs(
        CreateInterventionInput,
        createInputOf(inputs),
        row.row,
      );
      expect(problems).toEqual([]);
    }
  });
});
