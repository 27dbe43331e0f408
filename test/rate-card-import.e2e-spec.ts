import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createListing, LISTING_FIELDS, Listing, newSupplier } from './support/catalogue';
import { tokens } from './support/tokens';
import { errorCodes, startApp, TestApp } from './support/test-app';

const IMPORT = `mutation ($csv: String!, $dryRun: Boolean) {
  importRateCard(csv: $csv, dryRun: $dryRun) { created updated dryRun errors { row column message } }
}`;
const MINE = `{ myInterventions(first: 100) { nodes { ${LISTING_FIELDS} } } }`;

interface Report {
  created: number;
  updated: number;
  dryRun: boolean;
  errors: { row: number; column: string | null; message: string }[];
}

const HEADER =
  'id,title,summary,factors,delivery_modes,accredited,min_age,max_age,risk_levels,coverage,venues,evening_sessions,capacity,next_start_date,price_pence,price_unit,price_effective_from';
const ROWS = [
  ',Tenancy sustainment,One-to-one help to find and keep a tenancy after release.,ACCOMMODATION,ONE_TO_ONE,no,18,,LOW;MEDIUM;HIGH,west-yorkshire,Leeds hub|LS1 4AP|west-yorkshire,yes,12,2026-06-01,45000,PER_REFERRAL,',
  ',"Work, skills and jobs",Group course in job search and interview skills.,ETE;ATTITUDES,GROUP;ONE_TO_ONE,false,18,65,,durham;cleveland,Durham centre|DH1 1ES|durham;Middlesbrough hub|TS1 2AA|cleveland,no,20,,3500,PER_SESSION,2026-05-01',
  ',Women-only wellbeing group,Weekly group on emotional wellbeing for women.,EMOTIONAL_WELLBEING,GROUP,,,,,cleveland,,,8,,12000,PER_REFERRAL,2026-07-01',
];

describe('importRateCard: a supplier imports a rate card from CSV', () => {
  let t: TestApp;
  let supplier: { organisationId: string; token: string };
  let rival: { organisationId: string; token: string };

  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2026-05-01');
    supplier = await newSupplier(t);
    rival = await newSupplier(t);
  });
  afterAll(() => t.close());

  async function importCsv(token: string, csv: string, dryRun?: boolean): Promise<Report> {
    const res = await t.gql<{ importRateCard: Report }>(IMPORT, {
      token,
      variables: { csv, dryRun },
    });
    if (!res.data) throw new Error(`importRateCard failed: ${JSON.stringify(res.errors)}`);
    return res.data.importRateCard;
  }

  async function mine(token: string): Promise<Listing[]> {
    const res = await t.gql<{ myInterventions: { nodes: Listing[] } }>(MINE, { token });
    return res.data!.myInterventions.nodes;
  }

  async function auditActions(id: string): Promise<string[]> {
    const rows = await t.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY sequence`,
      [id],
    );
    return rows.map((row) => row.action);
  }

  it('creates a DRAFT listing per row, with venues, coverage and price, each audited', async () => {
    const report = await importCsv(supplier.token, [HEADER, ...ROWS].join('\n'));
    expect(report).toEqual({ created: 3, updated: 0, dryRun: false, errors: [] });

    const listings = await mine(supplier.token);
    expect(listings.map((l) => l.title)).toEqual([
      'Tenancy sustainment',
      'Women-only wellbeing group',
      'Work, skills and jobs',
    ]);
    const [tenancy, women, work] = listings;
    expect(tenancy).toMatchObject({
      status: 'DRAFT',
      provider: { id: supplier.organisationId },
      capacity: 12,
      nextStartDate: '2026-06-01',
      eligibility: { minAge: 18, maxAge: null, riskLevels: ['LOW', 'MEDIUM', 'HIGH'] },
      venues: [{ name: 'Leeds hub', postcode: 'LS1 4AP', pccArea: { code: 'west-yorkshire' } }],
      coverage: [{ code: 'west-yorkshire' }],
      price: { amountPence: 45000, unit: 'PER_REFERRAL', effectiveFrom: '2026-05-01' },
    });
    expect(work.venues.map((v) => v.pccArea.code)).toEqual(['durham', 'cleveland']);
    expect(work.price).toMatchObject({ amountPence: 3500, unit: 'PER_SESSION' });
    expect(women.price).toBeNull();
    expect(women.priceHistory).toEqual([
      { amountPence: 12000, unit: 'PER_REFERRAL', effectiveFrom: '2026-07-01', effectiveTo: null },
    ]);
    expect(await auditActions(tenancy.id)).toEqual(['CREATED', 'PRICE_SET']);
  });

  it('updates the listing an id names: its fields, capacity and a new price version', async () => {
    const listing = await createListing(t, supplier.token, {
      title: 'Debt advice',
      capacity: 5,
      price: { amountPence: 20000, unit: 'PER_REFERRAL' },
    });
    const csv = [
      'id,title,max_age,capacity,price_pence,price_unit,price_effective_from',
      `${listing.id},Debt and budgeting advice,70,9,22000,PER_REFERRAL,2026-06-01`,
    ].join('\n');
    expect(await importCsv(supplier.token, csv)).toEqual({
      created: 0,
      updated: 1,
      dryRun: false,
      errors: [],
    });

    const res = await t.gql<{ intervention: Listing & { eligibility: { minAge: number } } }>(
      `query ($id: ID!) { intervention(id: $id) { ${LISTING_FIELDS} } }`,
      { token: supplier.token, variables: { id: listing.id } },
    );
    const updated = res.data!.intervention;
    expect(updated).toMatchObject({
      title: 'Debt and budgeting advice',
      capacity: 9,
      // min_age was blank: the rest of the eligibility rule is kept.
      eligibility: { minAge: 18, maxAge: 70, riskLevels: ['LOW', 'MEDIUM', 'HIGH'] },
      venues: [{ name: 'Leeds hub' }],
      price: { amountPence: 20000, effectiveTo: '2026-05-31' },
    });
    expect(updated.priceHistory.map((p) => [p.amountPence, p.effectiveFrom])).toEqual([
      [20000, '2026-05-01'],
      [22000, '2026-06-01'],
    ]);
    expect(await auditActions(listing.id)).toEqual([
      'CREATED',
      'PRICE_SET',
      'UPDATED',
      'CAPACITY_SET',
      'PRICE_SET',
    ]);
  });

  it('imports nothing when any row is bad, and names every bad row and column', async () => {
    const before = (await mine(supplier.token)).length;
    const csv = [
      HEADER,
      ROWS[0],
      ',Bad area,Group course in job search and interview skills.,ETE,GROUP,no,30,20,,narnia,Hall|LS1 4AP|west-yorkshire,,5,,3500,PER_WEEK,',
      ',,Missing title and factors here.,,,,,,,,,,,,,,2026-04-01',
    ].join('\n');
    const report = await importCsv(supplier.token, csv);
    expect(report.created).toBe(0);
    expect(report.updated).toBe(0);
    expect(report.errors).toEqual([
      { row: 2, column: 'max_age', message: 'max_age must not be less than min_age' },
      { row: 2, column: 'coverage', message: 'unknown PCC area narnia' },
      {
        row: 2,
        column: 'price_unit',
        message: expect.stringMatching(/^price_unit must be one of the following values/),
      },
      { row: 3, column: 'title', message: expect.stringContaining('required') },
      { row: 3, column: 'factors', message: expect.stringContaining('required') },
      {
        row: 3,
        column: 'price_pence',
        message: 'price_pence is required when the row gives a price',
      },
      {
        row: 3,
        column: 'price_unit',
        message: 'price_unit is required when the row gives a price',
      },
    ]);
    expect(await mine(supplier.token)).toHaveLength(before);
  });

  it('reports a price starting in the past on its column', async () => {
    const report = await importCsv(
      supplier.token,
      `title,summary,factors,price_pence,price_unit,price_effective_from\nOld price,A listing priced in the past.,ETE,100,PER_HOUR,2026-04-30`,
    );
    expect(report.errors).toEqual([
      {
        row: 1,
        column: 'price_effective_from',
        message: expect.stringContaining('past prices are history'),
      },
    ]);
  });

  it('accepts the sample file in docs/', async () => {
    const csv = readFileSync(join(__dirname, '..', 'docs', 'rate-card-sample.csv'), 'utf8');
    expect(await importCsv(supplier.token, csv, true)).toEqual({
      created: 3,
      updated: 0,
      dryRun: true,
      errors: [],
    });
  });

  it('with dryRun, reports what it would do and writes nothing', async () => {
    const before = await mine(supplier.token);
    const csv = [HEADER, ROWS[0], `${before[0].id},Renamed listing,,,,,,,,,,,,,,,`].join('\n');
    const report = await importCsv(supplier.token, csv, true);
    expect(report).toEqual({ created: 1, updated: 1, dryRun: true, errors: [] });
    const after = await mine(supplier.token);
    expect(after.map((l) => l.title)).toEqual(before.map((l) => l.title));
  });

  it("refuses to update another organisation's listing, and writes none of the file", async () => {
    const theirs = await createListing(t, rival.token, { title: 'Rival listing' });
    const before = (await mine(supplier.token)).length;
    const csv = [
      'id,title,summary,factors',
      `,Fine new listing,A perfectly good row.,ETE`,
      `${theirs.id},Taken over,,`,
    ].join('\n');
    const report = await importCsv(supplier.token, csv);
    expect(report).toMatchObject({ created: 0, updated: 0 });
    expect(report.errors).toEqual([
      { row: 2, column: 'id', message: expect.stringContaining("Only the provider's own") },
    ]);
    expect(await mine(supplier.token)).toHaveLength(before);
    expect((await mine(rival.token)).map((l) => l.title)).toEqual(['Rival listing']);
  });

  it('refuses an unknown id, a repeated id and unknown columns', async () => {
    const [listing] = await mine(supplier.token);
    const csv = [
      'id,title,colour',
      `00000000-0000-4000-8000-000000000000,Ghost,`,
      `${listing.id},Once,`,
      `${listing.id},Twice,`,
    ].join('\n');
    const report = await importCsv(supplier.token, csv);
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [0, 'colour'],
      [1, 'id'],
      [3, 'id'],
    ]);
  });

  it('refuses purchasers and commissioners (FORBIDDEN)', async () => {
    for (const token of [await tokens.purchaser(), await tokens.commissioner()]) {
      const res = await t.gql(IMPORT, { token, variables: { csv: `${HEADER}\n${ROWS[0]}` } });
      expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    }
  });

  it('makes an admin name the provider on every row', async () => {
    const admin = await tokens.admin();
    const without = await importCsv(admin, `${HEADER}\n${ROWS[0]}\n${ROWS[2]}`);
    expect(without.errors).toEqual([
      {
        row: 1,
        column: 'provider_id',
        message: expect.stringContaining('provider_id is required'),
      },
      {
        row: 2,
        column: 'provider_id',
        message: expect.stringContaining('provider_id is required'),
      },
    ]);

    const withProvider = [`provider_id,${HEADER}`, `${rival.organisationId},${ROWS[0]}`].join('\n');
    expect(await importCsv(admin, withProvider)).toMatchObject({ created: 1, errors: [] });
    expect((await mine(rival.token)).map((l) => l.title)).toContain('Tenancy sustainment');

    const unknown = await importCsv(
      admin,
      `provider_id,${HEADER}\n00000000-0000-4000-8000-000000000000,${ROWS[0]}`,
    );
    expect(unknown.errors).toEqual([
      { row: 1, column: 'provider_id', message: expect.stringContaining('no organisation') },
    ]);
  });

  it('takes an optional outcome_payment_pence column with the price, and refuses a negative one', async () => {
    const own = await newSupplier(t);
    const csv = `title,summary,factors,price_pence,price_unit,outcome_payment_pence
Outcome-paid housing,Help to find and keep a tenancy after release.,ACCOMMODATION,40000,PER_REFERRAL,5000
Fee-only housing,Help to find and keep a tenancy after release.,ACCOMMODATION,40000,PER_REFERRAL,`;
    expect(await importCsv(own.token, csv)).toMatchObject({ created: 2, errors: [] });
    const prices = await t.gql<{
      myInterventions: { nodes: { title: string; price: { outcomePaymentPence: number } }[] };
    }>(`{ myInterventions { nodes { title price { outcomePaymentPence } } } }`, {
      token: own.token,
    });
    expect(prices.data!.myInterventions.nodes).toEqual([
      { title: 'Fee-only housing', price: { outcomePaymentPence: 0 } },
      { title: 'Outcome-paid housing', price: { outcomePaymentPence: 5000 } },
    ]);
    const negative = await importCsv(own.token, csv.replace(',5000', ',-1'));
    expect(negative.created).toBe(0);
    expect(negative.errors.map((e) => e.column)).toEqual(['outcome_payment_pence']);
  });

  it('refuses a file over 2,000 rows as a whole (BAD_USER_INPUT)', async () => {
    const rows = Array.from(
      { length: 2001 },
      (_, i) => `Listing number ${i},A summary long enough.,ETE`,
    );
    const res = await t.gql(IMPORT, {
      token: supplier.token,
      variables: { csv: `title,summary,factors\n${rows.join('\n')}` },
    });
    expect(res.status).toBe(200);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it('accepts requests up to the 5 MB cap, and refuses a larger file as a whole', async () => {
    const csv = `title,summary,factors\nBig,"${'x'.repeat(5 * 1024 * 1024)}",ETE\n`;
    const res = await t.gql(IMPORT, { token: supplier.token, variables: { csv } });
    expect(res.status).toBe(200);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fieldErrors![0].message).toMatch(/at most 5242880/);
  });
});
