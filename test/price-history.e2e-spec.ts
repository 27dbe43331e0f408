import { firstOutcomes } from './support/delivery';
import { createListing, LISTING_FIELDS, Listing, newSupplier } from './support/catalogue';
import { OrganisationNumbersUnique1795600000000 } from '../migrations/1795600000000-OrganisationNumbersUnique';
import { ListingStatusHistory1795600100000 } from '../migrations/1795600100000-ListingStatusHistory';
import { feed } from './support/oruk';
import { tokens } from './support/tokens';
import { errorCodes, GraphQLResponse, startApp, TestApp } from './support/test-app';

const SET_PRICE = `mutation ($id: ID!, $input: PriceInput!) { setInterventionPrice(id: $id, input: $input) { ${LISTING_FIELDS} } }`;
const STATUS = (action: string) => `mutation ($id: ID!) { ${action}(id: $id) { id status } }`;
const RATE_CARD = `query ($p: ID!, $d: Date) { rateCard(providerId: $p, asOf: $d) { asOf entries { intervention { id status } price { amountPence effectiveFrom } } } }`;
const BUY = `mutation ($input: CreateReferralInput!, $key: String!) {
  createReferral(input: $input, idempotencyKey: $key) { id status units totalPence priceSnapshot { amountPence unit } }
}`;
const SET_BUDGET = `mutation ($d: String!, $y: Int!, $a: SafeInt!) { setDivisionBudget(divisionCode: $d, financialYear: $y, amountPence: $a) { allocatedPence } }`;

interface Bought {
  id: string;
  status: string;
  units: number;
  totalPence: number;
  priceSnapshot: { amountPence: number; unit: string };
}

function reasons(res: GraphQLResponse<unknown>): unknown[] {
  return (res.errors ?? []).map((e) => e.extensions?.reason);
}

function fields(res: GraphQLResponse<unknown>): string[] {
  return (res.errors ?? []).flatMap((e) => (e.extensions?.fieldErrors ?? []).map((f) => f.field));
}

/**
 * Issue 15, items 1-3 and 9: units of a price, price versions that stay as they were bought,
 * rate cards of past days, and records others rely on. A year of its own (2029) keeps the
 * division's budget apart from other files'.
 */
describe('money that cannot be bent and rate cards that tell the truth', () => {
  let t: TestApp;
  let supplier: { organisationId: string; token: string };
  let admin: string;
  let purchaser: string;
  let desiredOutcomes: string[];
  const division = 'WAL';
  let keys = 0;

  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2029-06-01');
    admin = await tokens.admin();
    purchaser = await tokens.purchaser(division);
    supplier = await newSupplier(t);
    await t.gql(SET_BUDGET, {
      token: admin,
      variables: { d: division, y: 2029, a: 1_000_000_000 },
    });
    desiredOutcomes = await firstOutcomes(t, purchaser, ['ACCOMMODATION']);
  });
  afterAll(() => t.close());

  async function published(price: Record<string, unknown>, overrides = {}): Promise<Listing> {
    const listing = await createListing(t, supplier.token, { price, ...overrides });
    const res = await t.gql(STATUS('publishIntervention'), {
      token: supplier.token,
      variables: { id: listing.id },
    });
    expect(res.errors).toBeUndefined();
    return listing;
  }

  async function buy(interventionId: string, input: Record<string, unknown> = {}) {
    return t.gql<{ createReferral: Bought }>(BUY, {
      token: purchaser,
      variables: {
        input: {
          interventionId,
          crn: 'X123456',
          person: { sex: 'MALE', age: 30, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' },
          targetFactors: ['ACCOMMODATION'],
          desiredOutcomes,
          complexity: 'MEDIUM',
          ...input,
        },
        key: `h5-${Date.now()}-${++keys}`,
      },
    });
  }

  async function rateCardEntry(listingId: string, asOf?: string) {
    const res = await t.gql<{
      rateCard: { entries: { intervention: { id: string }; price: { amountPence: number } }[] };
    }>(RATE_CARD, {
      token: purchaser,
      variables: { p: supplier.organisationId, d: asOf },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.rateCard.entries.find((e) => e.intervention.id === listingId);
  }

  describe('units of a price (item 1)', () => {
    beforeEach(() => t.clock.set('2029-06-01'));

    it('refuses 5 units of a 45,000p price per referral, naming input.units, and takes nothing', async () => {
      const listing = await published({ amountPence: 45000, unit: 'PER_REFERRAL' });
      const res = await buy(listing.id, { units: 5 });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toEqual(['input.units']);
      expect(reasons(res)).toEqual(['UNITS_OUT_OF_RANGE']);
      const [{ n }] = await t.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM referral WHERE intervention_id = $1`,
        [listing.id],
      );
      expect(Number(n)).toBe(0);

      const one = await buy(listing.id);
      expect(one.errors).toBeUndefined();
      expect(one.data!.createReferral).toMatchObject({
        status: 'SUBMITTED',
        units: 1,
        totalPence: 45000,
      });
    });

    it("bounds units of a price per session by the listing's sessions", async () => {
      const listing = await published(
        { amountPence: 2500, unit: 'PER_SESSION' },
        { sessionCount: 12 },
      );
      const over = await buy(listing.id, { units: 13 });
      expect(errorCodes(over)).toEqual(['BAD_USER_INPUT']);
      expect(fields(over)).toEqual(['input.units']);
      const all = await buy(listing.id, { units: 12 });
      expect(all.data!.createReferral).toMatchObject({ units: 12, totalPence: 30000 });
    });
  });

  describe('price versions are history once in force (item 2)', () => {
    it('keeps the 30,000p bought today and starts 60,000p tomorrow when no date is given', async () => {
      t.clock.set('2029-06-01');
      const listing = await published({ amountPence: 30000, unit: 'PER_REFERRAL' });
      const bought = await buy(listing.id);
      expect(bought.data!.createReferral.priceSnapshot.amountPence).toBe(30000);

      const res = await t.gql<{ setInterventionPrice: Listing }>(SET_PRICE, {
        token: supplier.token,
        variables: { id: listing.id, input: { amountPence: 60000, unit: 'PER_REFERRAL' } },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.setInterventionPrice.price).toMatchObject({
        amountPence: 30000,
        effectiveFrom: '2029-06-01',
        effectiveTo: '2029-06-01',
      });
      expect(res.data!.setInterventionPrice.priceHistory).toEqual([
        {
          amountPence: 30000,
          unit: 'PER_REFERRAL',
          effectiveFrom: '2029-06-01',
          effectiveTo: '2029-06-01',
        },
        {
          amountPence: 60000,
          unit: 'PER_REFERRAL',
          effectiveFrom: '2029-06-02',
          effectiveTo: null,
        },
      ]);
      expect((await rateCardEntry(listing.id, '2029-06-01'))!.price.amountPence).toBe(30000);
      expect((await rateCardEntry(listing.id))!.price.amountPence).toBe(30000);
      expect((await rateCardEntry(listing.id, '2029-06-02'))!.price.amountPence).toBe(60000);
    });

    it('refuses to overwrite the version in force, naming it (not a planned one) in the message', async () => {
      t.clock.set('2029-06-01');
      const listing = await published({ amountPence: 30000, unit: 'PER_REFERRAL' });
      await t.gql(SET_PRICE, {
        token: supplier.token,
        variables: {
          id: listing.id,
          input: { amountPence: 35000, unit: 'PER_REFERRAL', effectiveFrom: '2029-09-01' },
        },
      });
      const res = await t.gql(SET_PRICE, {
        token: supplier.token,
        variables: {
          id: listing.id,
          input: { amountPence: 60000, unit: 'PER_REFERRAL', effectiveFrom: '2029-06-01' },
        },
      });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(reasons(res)).toEqual(['PRICE_VERSION_IN_FORCE']);
      expect(fields(res)).toEqual(['input.effectiveFrom']);
      const message = res.errors![0].extensions!.fieldErrors![0].message;
      expect(message).toContain('in force since 2029-06-01');
      expect(message).not.toContain('2029-09-01');
      expect((await rateCardEntry(listing.id))!.price.amountPence).toBe(30000);
    });

    it('corrects in place a future version nobody has bought at', async () => {
      t.clock.set('2029-06-01');
      const listing = await published({ amountPence: 30000, unit: 'PER_REFERRAL' });
      const plan = (amountPence: number) =>
        t.gql<{ setInterventionPrice: Listing }>(SET_PRICE, {
          token: supplier.token,
          variables: {
            id: listing.id,
            input: { amountPence, unit: 'PER_REFERRAL', effectiveFrom: '2029-07-01' },
          },
        });
      await plan(40000);
      const corrected = await plan(38000);
      expect(corrected.errors).toBeUndefined();
      expect(
        corrected.data!.setInterventionPrice.priceHistory.map((p) => [
          p.amountPence,
          p.effectiveFrom,
          p.effectiveTo,
        ]),
      ).toEqual([
        [30000, '2029-06-01', '2029-06-30'],
        [38000, '2029-07-01', null],
      ]);
    });
  });

  describe('a past rate card as it stood that day (item 3)', () => {
    it('still lists a listing withdrawn since, at the price of that day, and not one published later', async () => {
      t.clock.set('2029-06-01');
      const withdrawn = await published({ amountPence: 30000, unit: 'PER_REFERRAL' });
      const later = await createListing(t, supplier.token, {
        price: { amountPence: 12000, unit: 'PER_REFERRAL' },
      });
      t.clock.set('2029-06-10');
      await t.gql(SET_PRICE, {
        token: supplier.token,
        variables: {
          id: withdrawn.id,
          input: { amountPence: 33000, unit: 'PER_REFERRAL', effectiveFrom: '2029-06-20' },
        },
      });
      t.clock.set('2029-07-01');
      await t.gql(STATUS('publishIntervention'), {
        token: supplier.token,
        variables: { id: later.id },
      });
      const res = await t.gql<{ withdrawIntervention: { status: string } }>(
        STATUS('withdrawIntervention'),
        { token: supplier.token, variables: { id: withdrawn.id } },
      );
      expect(res.data!.withdrawIntervention.status).toBe('WITHDRAWN');

      expect((await rateCardEntry(withdrawn.id, '2029-06-15'))!.price.amountPence).toBe(30000);
      expect((await rateCardEntry(withdrawn.id, '2029-06-25'))!.price.amountPence).toBe(33000);
      expect(await rateCardEntry(withdrawn.id)).toBeUndefined();
      expect(await rateCardEntry(later.id, '2029-06-15')).toBeUndefined();
      expect((await rateCardEntry(later.id))!.price.amountPence).toBe(12000);
      // Withdrawn on 2029-07-01: that day's card is what stood at its end.
      t.clock.set('2029-07-02');
      expect(await rateCardEntry(withdrawn.id, '2029-07-01')).toBeUndefined();
      expect((await rateCardEntry(withdrawn.id, '2029-06-30'))!.price.amountPence).toBe(33000);
    });

    it('backfills the status history from the audit trail', async () => {
      t.clock.set('2029-06-01');
      const listing = await published({ amountPence: 30000, unit: 'PER_REFERRAL' });
      await t.gql(STATUS('suspendIntervention'), {
        token: supplier.token,
        variables: { id: listing.id },
      });
      const history = (query: (sql: string, params: unknown[]) => Promise<unknown>) =>
        query(
          `SELECT h.status FROM listing_status_history h WHERE h.intervention_id = $1 ORDER BY h.valid_from, h.valid_to NULLS LAST`,
          [listing.id],
        ) as Promise<{ status: string }[]>;
      const written = (await history((sql, p) => t.dataSource.query(sql, p))).map((r) => r.status);
      expect(written).toEqual(['DRAFT', 'PUBLISHED', 'SUSPENDED']);

      const runner = t.dataSource.createQueryRunner();
      await runner.startTransaction();
      try {
        const migration = new ListingStatusHistory1795600100000();
        await migration.down(runner);
        await migration.up(runner);
        const rebuilt = await history((sql, p) => runner.query(sql, p));
        expect(rebuilt.map((r) => r.status)).toEqual(written);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    });
  });

  describe('records others rely on stay put (item 9)', () => {
    beforeEach(() => t.clock.set('2029-06-01'));

    it("keeps a venue's id (the feed's service_at_location id) when the same venue is resent", async () => {
      const venue = (name: string, postcode: string, lat: number) => ({
        name,
        postcode,
        pccAreaCode: 'west-yorkshire',
        lat,
        lng: -1.55,
      });
      const listing = await published(
        { amountPence: 30000, unit: 'PER_REFERRAL' },
        {
          venues: [venue('Leeds hub', 'LS1 4AP', 53.8), venue('Bradford centre', 'BD1 1AA', 53.79)],
        },
      );
      const locations = async () => {
        const res = await feed<{
          service_at_locations: { id: string; location: { name: string; latitude: number } }[];
        }>(t.url, `/services/${listing.id}`);
        expect(res.status).toBe(200);
        return res.body.service_at_locations.map((l) => ({
          id: l.id,
          name: l.location.name,
          lat: l.location.latitude,
        }));
      };
      const [leeds, bradford] = await locations();

      const res = await t.gql(
        `mutation ($id: ID!, $input: UpdateInterventionInput!) { updateIntervention(id: $id, input: $input) { id } }`,
        {
          token: supplier.token,
          variables: {
            id: listing.id,
            input: {
              venues: [
                venue('bradford  Centre', 'bd11aa', 53.795),
                venue('Wakefield rooms', 'WF1 2AA', 53.68),
                venue('Leeds hub', 'LS1 4AP', 53.81),
              ],
            },
          },
        },
      );
      expect(res.errors).toBeUndefined();
      const after = await locations();
      expect(after.map((l) => l.id)).toEqual([bradford.id, expect.any(String), leeds.id]);
      expect(after[1].id).not.toBe(leeds.id);
      expect(after[1].id).not.toBe(bradford.id);
      expect(after[0].lat).toBe(53.795);
      expect(after[2].lat).toBe(53.81);

      await t.gql(
        `mutation ($id: ID!, $input: UpdateInterventionInput!) { updateIntervention(id: $id, input: $input) { id } }`,
        {
          token: supplier.token,
          variables: { id: listing.id, input: { venues: [venue('Leeds hub', 'LS2 7EW', 53.8)] } },
        },
      );
      const moved = await locations();
      expect(moved).toHaveLength(1);
      expect([leeds.id, bradford.id, after[1].id]).not.toContain(moved[0].id);
    });

    it('writes an audit event for every change of a division budget', async () => {
      const SET = `mutation ($d: String!, $y: Int!, $a: SafeInt!) { setDivisionBudget(divisionCode: $d, financialYear: $y, amountPence: $a) { id allocatedPence } }`;
      const first = await t.gql<{ setDivisionBudget: { id: string } }>(SET, {
        token: admin,
        variables: { d: 'MID', y: 2041, a: 5_000_000_000 },
      });
      expect(first.errors).toBeUndefined();
      const commissioner = await tokens.commissioner('MID');
      await t.gql(SET, { token: commissioner, variables: { d: 'MID', y: 2041, a: 6_000_000_000 } });
      const read = await t.gql<{ divisionBudget: { id: string } }>(
        `query { divisionBudget(divisionCode: "MID", financialYear: 2041) { id } }`,
        { token: admin },
      );
      expect(read.data!.divisionBudget.id).toBe(first.data!.setDivisionBudget.id);
      const trail = await t.gql<{
        auditTrail: {
          nodes: {
            action: string;
            entityType: string;
            actor: { id: string };
            before: unknown;
            after: unknown;
          }[];
        };
      }>(
        `query ($id: ID!) { auditTrail(entityId: $id) { nodes { action entityType actor { id } before after } } }`,
        { token: admin, variables: { id: first.data!.setDivisionBudget.id } },
      );
      expect(trail.errors).toBeUndefined();
      expect(trail.data!.auditTrail.nodes).toEqual([
        {
          action: 'BUDGET_SET',
          entityType: 'DivisionBudget',
          actor: { id: expect.any(String) },
          before: null,
          after: { divisionCode: 'MID', financialYear: 2041, allocatedPence: 5_000_000_000 },
        },
        {
          action: 'BUDGET_SET',
          entityType: 'DivisionBudget',
          actor: { id: 'commissioner-MID' },
          before: { allocatedPence: 5_000_000_000 },
          after: { divisionCode: 'MID', financialYear: 2041, allocatedPence: 6_000_000_000 },
        },
      ]);
    });

    describe('charity and company numbers are unique across organisations', () => {
      const CREATE_ORG = `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`;

      it('refuses a second organisation with a charity number already held, as CONFLICT', async () => {
        const first = await t.gql(CREATE_ORG, {
          token: admin,
          variables: {
            input: { name: 'Charity One H5', kind: 'VOLUNTARY_SECTOR', charityNumber: '9915001' },
          },
        });
        expect(first.errors).toBeUndefined();
        const second = await t.gql(CREATE_ORG, {
          token: admin,
          variables: {
            input: { name: 'Charity Two H5', kind: 'VOLUNTARY_SECTOR', charityNumber: '9915001' },
          },
        });
        expect(errorCodes(second)).toEqual(['CONFLICT']);
        expect(reasons(second)).toEqual(['DUPLICATE']);
        expect(second.errors![0].message).toContain('charity number 9915001');
      });

      it('has the database refuse a duplicate charity or company number whatever path writes it', async () => {
        const insert = (name: string, column: string, value: string) =>
          t.dataSource.query(
            `INSERT INTO organisation (name, kind, ${column}) VALUES ($1, 'PRIVATE', $2)`,
            [name, value],
          );
        await insert('Company One H5', 'company_number', 'SC991500');
        await expect(insert('Company Two H5', 'company_number', 'SC991500')).rejects.toMatchObject({
          driverError: { code: '23505', constraint: 'organisation_company_number_key' },
        });
        await insert('Charity Three H5', 'charity_number', '9915002');
        await expect(insert('Charity Four H5', 'charity_number', '9915002')).rejects.toMatchObject({
          driverError: { code: '23505', constraint: 'organisation_charity_number_key' },
        });
      });

      it('has the migration refuse existing duplicates, naming them, rather than guess', async () => {
        const runner = t.dataSource.createQueryRunner();
        await runner.startTransaction();
        try {
          const migration = new OrganisationNumbersUnique1795600000000();
          await migration.down(runner);
          await runner.query(
            `INSERT INTO organisation (name, kind, charity_number) VALUES ('Twin A H5', 'PRIVATE', '9915003'), ('Twin B H5', 'PRIVATE', '9915003')`,
          );
          await expect(migration.up(runner)).rejects.toThrow(
            /charity number 9915003 is held by Twin A H5 \(.*\), Twin B H5/,
          );
        } finally {
          await runner.rollbackTransaction();
          await runner.release();
        }
      });
    });
  });
});
