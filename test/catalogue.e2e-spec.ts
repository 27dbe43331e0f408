import {
  createListing,
  LISTING_FIELDS,
  Listing,
  listingInput,
  newSupplier,
} from './support/catalogue';
import { tokens } from './support/tokens';
import { checkPaging } from './support/paging';
import { errorCodes, errorReasons, GraphQLResponse, startApp, TestApp } from './support/test-app';

const CREATE = `mutation ($input: CreateInterventionInput!) { createIntervention(input: $input) { ${LISTING_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateInterventionInput!) { updateIntervention(id: $id, input: $input) { ${LISTING_FIELDS} } }`;
const SET_PRICE = `mutation ($id: ID!, $input: PriceInput!) { setInterventionPrice(id: $id, input: $input) { ${LISTING_FIELDS} } }`;
const SET_CAPACITY = `mutation ($id: ID!, $capacity: Int!, $next: Date) { setCapacity(id: $id, capacity: $capacity, nextStartDate: $next) { ${LISTING_FIELDS} } }`;
const STATUS = (action: string) =>
  `mutation ($id: ID!) { ${action}(id: $id) { ${LISTING_FIELDS} } }`;
const GET = `query ($id: ID!) { intervention(id: $id) { ${LISTING_FIELDS} } }`;
const TRAIL = `query ($id: ID!) { auditTrail(entityId: $id) { nodes { action entityType actor { id roles } before after } } }`;

function fieldErrors(res: GraphQLResponse<unknown>): string[] {
  return (res.errors ?? []).flatMap((e) => (e.extensions?.fieldErrors ?? []).map((f) => f.field));
}

describe('suppliers publish interventions and their rate card', () => {
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

  async function auditCount(id: string): Promise<number> {
    const [{ n }] = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_event WHERE entity_id = $1`,
      [id],
    );
    return Number(n);
  }

  describe('the publishing journey', () => {
    it('creates, prices, publishes, re-prices and confirms a listing', async () => {
      const draft = await createListing(t, supplier.token);
      expect(draft).toMatchObject({
        status: 'DRAFT',
        provider: { id: supplier.organisationId },
        price: null,
        capacity: 10,
        placesAvailable: 10,
        stale: false,
        venues: [
          {
            name: 'Leeds hub',
            postcode: 'LS1 4AP',
            lat: 53.8,
            lng: -1.55,
            pccArea: { code: 'west-yorkshire' },
          },
        ],
        coverage: [{ code: 'west-yorkshire' }],
      });

      const priced = await t.gql<{ setInterventionPrice: Listing }>(SET_PRICE, {
        token: supplier.token,
        variables: { id: draft.id, input: { amountPence: 45000, unit: 'PER_REFERRAL' } },
      });
      expect(priced.data!.setInterventionPrice.price).toEqual({
        amountPence: 45000,
        currency: 'GBP',
        unit: 'PER_REFERRAL',
        effectiveFrom: '2026-05-01',
        effectiveTo: null,
      });

      const published = await t.gql<{ publishIntervention: Listing }>(
        STATUS('publishIntervention'),
        {
          token: supplier.token,
          variables: { id: draft.id },
        },
      );
      expect(published.data!.publishIntervention.status).toBe('PUBLISHED');

      t.clock.set('2026-06-01');
      const repriced = await t.gql<{ setInterventionPrice: Listing }>(SET_PRICE, {
        token: supplier.token,
        variables: {
          id: draft.id,
          input: { amountPence: 48000, unit: 'PER_REFERRAL', effectiveFrom: '2026-07-01' },
        },
      });
      expect(repriced.data!.setInterventionPrice.price!.amountPence).toBe(45000);
      expect(repriced.data!.setInterventionPrice.priceHistory).toEqual([
        {
          amountPence: 45000,
          unit: 'PER_REFERRAL',
          effectiveFrom: '2026-05-01',
          effectiveTo: '2026-06-30',
        },
        {
          amountPence: 48000,
          unit: 'PER_REFERRAL',
          effectiveFrom: '2026-07-01',
          effectiveTo: null,
        },
      ]);

      t.clock.set('2026-09-15');
      const later = await t.gql<{ intervention: Listing }>(GET, {
        token: await tokens.purchaser(),
        variables: { id: draft.id },
      });
      expect(later.data!.intervention.price!.amountPence).toBe(48000);
      expect(later.data!.intervention.stale).toBe(true);

      const confirmed = await t.gql<{ confirmIntervention: Listing }>(
        STATUS('confirmIntervention'),
        {
          token: supplier.token,
          variables: { id: draft.id },
        },
      );
      expect(confirmed.data!.confirmIntervention.stale).toBe(false);
      expect(confirmed.data!.confirmIntervention.lastConfirmedAt).toBe('2026-09-15T12:00:00.000Z');

      const trail = await t.gql<{
        auditTrail: { nodes: { action: string; actor: { id: string } }[] };
      }>(TRAIL, {
        token: supplier.token,
        variables: { id: draft.id },
      });
      expect(trail.data!.auditTrail.nodes.map((e) => e.action)).toEqual([
        'CREATED',
        'PRICE_SET',
        'PUBLISHED',
        'PRICE_SET',
        'CONFIRMED',
      ]);
      // The trail pages like every list: oldest first, forward and backward, at most 500.
      expect(
        await checkPaging(t, supplier.token, {
          field: 'auditTrail',
          args: 'entityId: $id',
          variables: { $id: ['ID!', draft.id] },
          key: 'id action',
          max: 500,
        }),
      ).toHaveLength(5);
    });

    it('shows the rate card as a buyer saw it on an earlier day', async () => {
      t.clock.set('2026-05-01');
      const listing = await createListing(t, supplier.token, {
        title: 'Employment coaching',
        factors: ['ETE'],
        price: { amountPence: 20000, unit: 'PER_SESSION' },
      });
      await t.gql(STATUS('publishIntervention'), {
        token: supplier.token,
        variables: { id: listing.id },
      });
      t.clock.set('2026-08-01');
      await t.gql(SET_PRICE, {
        token: supplier.token,
        variables: { id: listing.id, input: { amountPence: 22000, unit: 'PER_SESSION' } },
      });

      const RATE_CARD = `query ($p: ID!, $d: Date) { rateCard(providerId: $p, asOf: $d) { asOf provider { id } entries { intervention { id } price { amountPence effectiveFrom } } } }`;
      const token = await tokens.purchaser();
      const entry = async (asOf?: string) => {
        const res = await t.gql<{
          rateCard: {
            asOf: string;
            entries: { intervention: { id: string }; price: { amountPence: number } }[];
          };
        }>(RATE_CARD, { token, variables: { p: supplier.organisationId, d: asOf } });
        return res.data!.rateCard.entries.find((e) => e.intervention.id === listing.id);
      };
      expect((await entry('2026-06-15'))!.price.amountPence).toBe(20000);
      expect((await entry('2026-07-31'))!.price.amountPence).toBe(20000);
      // The price in force is history: a change with no date starts tomorrow.
      expect((await entry('2026-08-01'))!.price.amountPence).toBe(20000);
      expect((await entry())!.price.amountPence).toBe(20000);
      expect((await entry('2026-08-02'))!.price.amountPence).toBe(22000);
      expect(await entry('2026-04-30')).toBeUndefined();
    });
  });

  describe('rules on listings', () => {
    beforeEach(() => t.clock.set('2026-05-01'));

    it.each([
      ['zero', 0],
      ['negative', -500],
      ['above £1m', 100_000_001],
    ])('refuses a %s price and changes nothing', async (_case, amountPence) => {
      const listing = await createListing(t, supplier.token);
      const before = await auditCount(listing.id);
      const res = await t.gql(SET_PRICE, {
        token: supplier.token,
        variables: { id: listing.id, input: { amountPence, unit: 'PER_REFERRAL' } },
      });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fieldErrors(res)).toEqual(['input.amountPence']);
      expect(await auditCount(listing.id)).toBe(before);
    });

    it('refuses a price that is not a whole number of pence', async () => {
      const listing = await createListing(t, supplier.token);
      const res = await t.gql(SET_PRICE, {
        token: supplier.token,
        variables: { id: listing.id, input: { amountPence: 100.5, unit: 'PER_REFERRAL' } },
      });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    });

    it('refuses a price version starting before a planned one', async () => {
      const listing = await createListing(t, supplier.token, {
        price: { amountPence: 1000, unit: 'PER_HOUR', effectiveFrom: '2026-06-01' },
      });
      const res = await t.gql(SET_PRICE, {
        token: supplier.token,
        variables: {
          id: listing.id,
          input: { amountPence: 1200, unit: 'PER_HOUR', effectiveFrom: '2026-05-15' },
        },
      });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.fieldErrors![0]).toMatchObject({
        field: 'input.effectiveFrom',
      });
    });

    it('refuses age bounds outside 10-100 or the wrong way round, naming each field', async () => {
      const res = await t.gql(CREATE, {
        token: supplier.token,
        variables: { input: listingInput({ eligibility: { minAge: 9, maxAge: 101 } }) },
      });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fieldErrors(res)).toEqual(['input.eligibility.minAge', 'input.eligibility.maxAge']);
      const reversed = await t.gql(CREATE, {
        token: supplier.token,
        variables: { input: listingInput({ eligibility: { minAge: 30, maxAge: 25 } }) },
      });
      expect(reversed.errors![0].extensions!.fieldErrors).toEqual([
        { field: 'input.eligibility.maxAge', message: 'maxAge must not be less than minAge' },
      ]);
    });

    it('refuses a negative capacity and keeps the old one', async () => {
      const listing = await createListing(t, supplier.token);
      const res = await t.gql(SET_CAPACITY, {
        token: supplier.token,
        variables: { id: listing.id, capacity: -1 },
      });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fieldErrors(res)).toEqual(['capacity']);
      const ok = await t.gql<{ setCapacity: Listing }>(SET_CAPACITY, {
        token: supplier.token,
        variables: { id: listing.id, capacity: 0, next: '2026-06-01' },
      });
      expect(ok.data!.setCapacity).toMatchObject({ capacity: 0, placesAvailable: 0 });
    });

    it('refuses over-long text, a bad postcode, no factor and an unknown area, all at once', async () => {
      const res = await t.gql(CREATE, {
        token: supplier.token,
        variables: {
          input: listingInput({
            title: 'x'.repeat(121),
            factors: [],
            venues: [{ name: 'Somewhere', postcode: 'NOT A CODE', pccAreaCode: 'west-yorkshire' }],
          }),
        },
      });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fieldErrors(res).sort()).toEqual([
        'input.factors',
        'input.title',
        'input.venues.0.postcode',
      ]);

      const area = await t.gql(CREATE, {
        token: supplier.token,
        variables: { input: listingInput({ coverage: ['atlantis'] }) },
      });
      expect(fieldErrors(area)).toEqual(['input.coverage.0']);
    });

    it('refuses to publish without a price, factor-free listings cannot exist, and names every gap', async () => {
      const listing = await createListing(t, supplier.token, { venues: [], coverage: [] });
      const res = await t.gql(STATUS('publishIntervention'), {
        token: supplier.token,
        variables: { id: listing.id },
      });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(errorReasons(res)).toEqual(['LISTING_INCOMPLETE']);
      expect(res.errors![0].message).toMatch(/no price/);
      expect(res.errors![0].message).toMatch(/no venue or coverage/);
      expect(res.errors![0].extensions!.fieldErrors).toHaveLength(2);
      const after = await t.gql<{ intervention: Listing }>(GET, {
        token: supplier.token,
        variables: { id: listing.id },
      });
      expect(after.data!.intervention.status).toBe('DRAFT');
    });

    it('moves through statuses only as allowed, CONFLICT naming the current one', async () => {
      const listing = await createListing(t, supplier.token, {
        price: { amountPence: 5000, unit: 'PER_DAY' },
      });
      const act = (action: string) =>
        t.gql<Record<string, Listing>>(STATUS(action), {
          token: supplier.token,
          variables: { id: listing.id },
        });

      const early = await act('suspendIntervention');
      expect(errorCodes(early)).toEqual(['CONFLICT']);
      expect(errorReasons(early)).toEqual(['INVALID_TRANSITION']);
      expect(early.errors![0].message).toContain('DRAFT');
      expect((await act('publishIntervention')).data!.publishIntervention.status).toBe('PUBLISHED');
      expect((await act('suspendIntervention')).data!.suspendIntervention.status).toBe('SUSPENDED');
      expect((await act('publishIntervention')).data!.publishIntervention.status).toBe('PUBLISHED');
      expect((await act('withdrawIntervention')).data!.withdrawIntervention.status).toBe(
        'WITHDRAWN',
      );
      for (const action of [
        'publishIntervention',
        'suspendIntervention',
        'withdrawIntervention',
        'confirmIntervention',
      ]) {
        const res = await act(action);
        expect(errorCodes(res)).toEqual(['CONFLICT']);
        expect(res.errors![0].message).toContain('WITHDRAWN');
      }
    });

    it('updates only the fields given, and replaces venues when they are given', async () => {
      const listing = await createListing(t, supplier.token);
      const res = await t.gql<{ updateIntervention: Listing }>(UPDATE, {
        token: supplier.token,
        variables: {
          id: listing.id,
          input: {
            title: 'Tenancy sustainment',
            venues: [{ name: 'Bradford', postcode: 'BD1 1HY', pccAreaCode: 'west-yorkshire' }],
          },
        },
      });
      const updated = res.data!.updateIntervention;
      expect(updated.title).toBe('Tenancy sustainment');
      expect(updated.capacity).toBe(10);
      expect(updated.venues).toEqual([
        // No coordinates given: the PCC area's centre stands in.
        {
          name: 'Bradford',
          postcode: 'BD1 1HY',
          lat: 53.75,
          lng: -1.65,
          pccArea: { code: 'west-yorkshire' },
        },
      ]);
    });
  });

  describe('who may do what', () => {
    let listing: Listing;
    beforeAll(async () => {
      t.clock.set('2026-05-01');
      listing = await createListing(t, supplier.token, {
        price: { amountPence: 3000, unit: 'PER_HOUR' },
      });
    });

    it("refuses another supplier's every change, and changes nothing", async () => {
      const before = await auditCount(listing.id);
      const attempts = [
        t.gql(UPDATE, {
          token: rival.token,
          variables: { id: listing.id, input: { title: 'Hijacked' } },
        }),
        t.gql(SET_PRICE, {
          token: rival.token,
          variables: { id: listing.id, input: { amountPence: 1, unit: 'PER_HOUR' } },
        }),
        t.gql(SET_CAPACITY, { token: rival.token, variables: { id: listing.id, capacity: 0 } }),
        t.gql(STATUS('withdrawIntervention'), {
          token: rival.token,
          variables: { id: listing.id },
        }),
        t.gql(STATUS('confirmIntervention'), { token: rival.token, variables: { id: listing.id } }),
      ];
      for (const res of await Promise.all(attempts)) expect(errorCodes(res)).toEqual(['FORBIDDEN']);
      expect(await auditCount(listing.id)).toBe(before);
      const after = await t.gql<{ intervention: Listing }>(GET, {
        token: supplier.token,
        variables: { id: listing.id },
      });
      expect(after.data!.intervention).toMatchObject({
        title: listing.title,
        capacity: 10,
        status: 'DRAFT',
      });
    });

    it('refuses a supplier creating a listing for another organisation', async () => {
      const res = await t.gql(CREATE, {
        token: rival.token,
        variables: { input: listingInput({ providerId: supplier.organisationId }) },
      });
      expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    });

    it.each([
      ['a purchaser', () => tokens.purchaser('LDN')],
      ['a commissioner', () => tokens.commissioner()],
    ])('refuses %s any listing change', async (_who, token) => {
      const res = await t.gql(UPDATE, {
        token: await token(),
        variables: { id: listing.id, input: { title: 'No' } },
      });
      expect(errorCodes(res)).toEqual(['FORBIDDEN']);
      const create = await t.gql(CREATE, {
        token: await token(),
        variables: { input: listingInput() },
      });
      expect(errorCodes(create)).toEqual(['FORBIDDEN']);
    });

    it('lets an admin act for any provider, and requires them to name it', async () => {
      const admin = await tokens.admin();
      const named = await t.gql<{ createIntervention: Listing }>(CREATE, {
        token: admin,
        variables: { input: listingInput({ providerId: supplier.organisationId }) },
      });
      expect(named.data!.createIntervention.provider.id).toBe(supplier.organisationId);
      const unnamed = await t.gql(CREATE, { token: admin, variables: { input: listingInput() } });
      expect(fieldErrors(unnamed)).toEqual(['input.providerId']);
      const edited = await t.gql(UPDATE, {
        token: admin,
        variables: { id: listing.id, input: { capacity: undefined, title: 'Edited by admin' } },
      });
      expect(edited.errors).toBeUndefined();
    });

    it('hides drafts from buyers but shows them to their supplier and admins', async () => {
      const asPurchaser = await t.gql(GET, {
        token: await tokens.purchaser(),
        variables: { id: listing.id },
      });
      expect(errorCodes(asPurchaser)).toEqual(['NOT_FOUND']);
      const asRival = await t.gql(GET, { token: rival.token, variables: { id: listing.id } });
      expect(errorCodes(asRival)).toEqual(['NOT_FOUND']);
      for (const token of [supplier.token, await tokens.admin()]) {
        const res = await t.gql<{ intervention: Listing }>(GET, {
          token,
          variables: { id: listing.id },
        });
        expect(res.data!.intervention.id).toBe(listing.id);
      }
    });

    it("lists a supplier's own listings, by status", async () => {
      const MINE = `query ($s: ListingStatus) { myInterventions(status: $s) { nodes { id status provider { id } } } }`;
      type Mine = { myInterventions: { nodes: Listing[] } };
      const all = await t.gql<Mine>(MINE, { token: supplier.token });
      expect(all.data!.myInterventions.nodes.length).toBeGreaterThan(3);
      expect(new Set(all.data!.myInterventions.nodes.map((l) => l.provider.id))).toEqual(
        new Set([supplier.organisationId]),
      );
      const drafts = await t.gql<Mine>(MINE, {
        token: supplier.token,
        variables: { s: 'DRAFT' },
      });
      expect(drafts.data!.myInterventions.nodes.every((l) => l.status === 'DRAFT')).toBe(true);
      // Paged by title, forward and backward, at most 100 a page.
      const paged = await checkPaging(t, supplier.token, { field: 'myInterventions', max: 100 });
      expect(paged).toEqual(all.data!.myInterventions.nodes.map((l) => l.id));
      const purchaser = await t.gql(MINE, { token: await tokens.purchaser() });
      expect(errorCodes(purchaser)).toEqual(['FORBIDDEN']);
    });

    it('shows the audit trail to admins, commissioners and the owning supplier only', async () => {
      for (const token of [supplier.token, await tokens.admin(), await tokens.commissioner()]) {
        const res = await t.gql<{
          auditTrail: { nodes: { action: string; after: { title?: string } }[] };
        }>(TRAIL, {
          token,
          variables: { id: listing.id },
        });
        expect(res.data!.auditTrail.nodes[0]).toMatchObject({
          action: 'CREATED',
          after: { title: listing.title },
        });
      }
      expect(
        errorCodes(await t.gql(TRAIL, { token: rival.token, variables: { id: listing.id } })),
      ).toEqual(['FORBIDDEN']);
      expect(
        errorCodes(
          await t.gql(TRAIL, { token: await tokens.purchaser(), variables: { id: listing.id } }),
        ),
      ).toEqual(['FORBIDDEN']);
    });
  });

  describe('organisations', () => {
    it('pages the providers by name, forward and backward, at most 100 a page', async () => {
      const token = await tokens.purchaser();
      // Every organisation fits one page of 100 only while few files have run before this one
      // (they share the database): page one kind whose number is fixed, the 42 PCCs, and the
      // providers' first pages.
      const pccs = await checkPaging(t, token, {
        field: 'organisations',
        args: 'kind: PCC',
        max: 100,
        size: 5,
      });
      expect(pccs).toHaveLength(42);
      const res = await t.gql<{ organisations: { nodes: { id: string }[] } }>(
        `{ organisations(kind: VOLUNTARY_SECTOR, first: 100) { nodes { id } } }`,
        { token },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.organisations.nodes.length).toBeGreaterThan(0);
    });

    const CREATE_ORG = `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id name kind crcOwner contractPackageArea { code division { code } } } }`;

    it('lets only an admin add an organisation', async () => {
      const input = {
        name: 'Only Admins Trust',
        kind: 'VOLUNTARY_SECTOR',
        charityNumber: '1234567',
      };
      for (const token of [supplier.token, await tokens.purchaser(), await tokens.commissioner()]) {
        expect(errorCodes(await t.gql(CREATE_ORG, { token, variables: { input } }))).toEqual([
          'FORBIDDEN',
        ]);
      }
      const res = await t.gql<{ createOrganisation: { kind: string } }>(CREATE_ORG, {
        token: await tokens.admin(),
        variables: { input },
      });
      expect(res.data!.createOrganisation.kind).toBe('VOLUNTARY_SECTOR');
    });

    it('refuses a second organisation of the same name, whatever its case', async () => {
      const admin = await tokens.admin();
      await t.gql(CREATE_ORG, {
        token: admin,
        variables: { input: { name: 'Twin Trust', kind: 'PRIVATE' } },
      });
      const res = await t.gql(CREATE_ORG, {
        token: admin,
        variables: { input: { name: 'TWIN trust', kind: 'PRIVATE' } },
      });
      expect(errorCodes(res)).toEqual(['CONFLICT']);
      expect(errorReasons(res)).toEqual(['DUPLICATE']);
    });

    it('requires a CRC to hold a known contract package area, and links it', async () => {
      const admin = await tokens.admin();
      const bad = await t.gql(CREATE_ORG, {
        token: admin,
        variables: { input: { name: 'Nowhere CRC', kind: 'CRC' } },
      });
      expect(fieldErrors(bad).sort()).toEqual(['input.contractPackageAreaCode', 'input.crcOwner']);
      const good = await t.gql<{
        createOrganisation: { contractPackageArea: { code: string; division: { code: string } } };
      }>(CREATE_ORG, {
        token: admin,
        variables: {
          input: {
            name: 'Test Wales CRC',
            kind: 'CRC',
            crcOwner: 'Working Links',
            contractPackageAreaCode: 'wales',
          },
        },
      });
      expect(good.data!.createOrganisation.contractPackageArea).toEqual({
        code: 'wales',
        division: { code: 'WAL' },
      });
      const list = await t.gql<{ organisations: { nodes: { kind: string }[] } }>(
        `{ organisations(kind: CRC) { nodes { kind } } }`,
        {
          token: await tokens.purchaser(),
        },
      );
      expect(list.data!.organisations.nodes.length).toBeGreaterThan(0);
      expect(list.data!.organisations.nodes.every((o) => o.kind === 'CRC')).toBe(true);
    });
  });
});

const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

// Racing requests need real parallel connections: the embedded database has one, so this runs
// only against the PostgreSQL server.
onServer('organisations under concurrency (PostgreSQL server only)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('creates one of several organisations racing with one name; the others get CONFLICT/DUPLICATE', async () => {
    const admin = await tokens.admin();
    const name = `Racing Trust ${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.gql<{ createOrganisation: { id: string } }>(
          `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`,
          {
            token: admin,
            variables: { input: { name: i % 2 ? name.toUpperCase() : name, kind: 'PRIVATE' } },
          },
        ),
      ),
    );
    const created = results.filter((r) => r.data?.createOrganisation);
    const refused = results.filter((r) => r.errors);
    expect(created).toHaveLength(1);
    expect(refused.map(errorCodes)).toEqual(Array(5).fill(['CONFLICT']));
    expect(refused.map(errorReasons)).toEqual(Array(5).fill(['DUPLICATE']));
    for (const r of refused) expect(r.errors![0].message).toMatch(/organisation .*already exists/i);
  });
});
