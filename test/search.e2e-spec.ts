import { eligibilityFailures, EligibilityRule, PersonProfile } from '../src/catalogue/eligibility';
import { createListing, Listing, newSupplier } from './support/catalogue';
import { gqlWithStatementCount } from './support/sql-statements';
import { checkPaging } from './support/paging';
import { tokens } from './support/tokens';
import { errorCodes, startApp, TestApp } from './support/test-app';

const SEARCH = `query ($filter: InterventionSearchInput!, $sort: SearchSort, $first: Int, $after: String) {
  searchInterventions(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    facets { factors { factor count } providerKinds { kind count } }
    edges { cursor distanceKm node { id title placesAvailable stale provider { name kind } venues { name } coverage { code } price { amountPence } } }
  }
}`;

interface Result {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  facets: {
    factors: { factor: string; count: number }[];
    providerKinds: { kind: string; count: number }[];
  };
  edges: { cursor: string; distanceKm: number | null; node: Listing & { title: string } }[];
}

const CARLISLE = { lat: 54.89, lng: -2.93 };

describe('NPS staff search interventions', () => {
  let t: TestApp;
  let purchaser: string;
  const ids: Record<string, string> = {};

  async function publish(token: string, title: string, overrides: Record<string, unknown>) {
    const listing = await createListing(t, token, { title, ...overrides });
    const res = await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token,
      variables: { id: listing.id },
    });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    ids[title] = listing.id;
  }

  async function search(filter: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const res = await t.gql<{ searchInterventions: Result }>(SEARCH, {
      token: purchaser,
      variables: { filter, ...extra },
    });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.searchInterventions;
  }

  const titles = (r: Result) => r.edges.map((e) => e.node.title);

  beforeAll(async () => {
    // Every response says how many SQL statements that request ran (the no-N+1 test reads it).
    t = await startApp({ SQL_STATEMENT_COUNT: 'true' });
    purchaser = await tokens.purchaser('NW');
    const charity = await newSupplier(t, 'VOLUNTARY_SECTOR');
    const company = await newSupplier(t, 'PRIVATE');
    const venue = (name: string, pccAreaCode: string, lat: number, lng: number) => [
      { name, postcode: 'CA1 1AA', pccAreaCode, lat, lng },
    ];
    const base = {
      coverage: [],
      eligibility: {},
      eveningSessions: false,
      deliveryModes: ['ONE_TO_ONE'],
    };

    // One stale listing: last confirmed 100 days before the others.
    t.clock.set('2026-02-01');
    await publish(charity.token, 'Old foyer rooms', {
      ...base,
      factors: ['ACCOMMODATION'],
      venues: venue('Workington', 'cumbria', 54.64, -3.55),
      capacity: 4,
      nextStartDate: '2026-05-14',
      price: { amountPence: 15000, unit: 'PER_REFERRAL' },
    });
    t.clock.set('2026-05-11');
    await publish(charity.token, 'Carlisle foyer xylophone', {
      ...base,
      factors: ['ACCOMMODATION'],
      venues: venue('Carlisle hub', 'cumbria', 54.89, -2.93),
      eligibility: { minAge: 18, maxAge: 65 },
      capacity: 5,
      eveningSessions: true,
      deliveryModes: ['GROUP'],
      nextStartDate: '2026-05-21',
      price: { amountPence: 30000, unit: 'PER_REFERRAL' },
    });
    await publish(charity.token, 'Women’s housing and work', {
      ...base,
      factors: ['ACCOMMODATION', 'ETE'],
      venues: venue('Kendal centre', 'cumbria', 54.33, -2.75),
      eligibility: { sexes: ['FEMALE'] },
      adaptations: ['WOMEN_ONLY', 'CHILDCARE'],
      weekendSessions: true,
      accredited: true,
      capacity: 0,
      nextStartDate: '2026-06-20',
      price: { amountPence: 10000, unit: 'PER_REFERRAL' },
    });
    await publish(company.token, 'Online drug recovery', {
      ...base,
      factors: ['DRUGS'],
      venues: [],
      coverage: ['cumbria'],
      eligibility: { riskLevels: ['LOW', 'MEDIUM'] },
      deliveryModes: ['ONLINE'],
      capacity: 3,
      nextStartDate: '2026-05-16',
      price: { amountPence: 5000, unit: 'PER_SESSION' },
    });
    await publish(company.token, 'Preston move-on', {
      ...base,
      factors: ['ACCOMMODATION'],
      venues: venue('Preston', 'lancashire', 53.76, -2.7),
      capacity: 2,
      price: { amountPence: 20000, unit: 'PER_REFERRAL' },
    });
    await createListing(t, charity.token, {
      ...base,
      title: 'Unpublished draft',
      factors: ['ACCOMMODATION'],
      coverage: ['cumbria'],
      venues: [],
    });
  });
  afterAll(() => t.close());

  it('finds published listings for a factor in an area, with totals and facets over all results', async () => {
    const r = await search({ factors: ['ACCOMMODATION'], pccAreaCode: 'cumbria' });
    expect(titles(r).sort()).toEqual([
      'Carlisle foyer xylophone',
      'Old foyer rooms',
      'Women’s housing and work',
    ]);
    expect(r.totalCount).toBe(3);
    expect(r.facets.factors).toEqual([
      { factor: 'ACCOMMODATION', count: 3 },
      { factor: 'ETE', count: 1 },
    ]);
    expect(r.facets.providerKinds).toEqual([{ kind: 'VOLUNTARY_SECTOR', count: 3 }]);
  });

  it('widens to a contract package area or a division', async () => {
    const cpa = await search({
      factors: ['ACCOMMODATION'],
      contractPackageAreaCode: 'cumbria-lancashire',
    });
    expect(titles(cpa)).toContain('Preston move-on');
    expect(cpa.totalCount).toBeGreaterThanOrEqual(4);
    const division = await search({ factors: ['DRUGS'], divisionCode: 'NW', text: 'recovery' });
    expect(titles(division)).toContain('Online drug recovery');
  });

  it.each([
    ['availableOnly', { availableOnly: true }, ['Carlisle foyer xylophone', 'Old foyer rooms']],
    ['startWithinDays', { startWithinDays: 7 }, ['Old foyer rooms']],
    ['eveningSessions', { eveningSessions: true }, ['Carlisle foyer xylophone']],
    ['weekendSessions', { weekendSessions: true }, ['Women’s housing and work']],
    ['deliveryModes', { deliveryModes: ['GROUP', 'RESIDENTIAL'] }, ['Carlisle foyer xylophone']],
    [
      'adaptations (all of)',
      { adaptations: ['WOMEN_ONLY', 'CHILDCARE'] },
      ['Women’s housing and work'],
    ],
    ['adaptations (one missing)', { adaptations: ['WOMEN_ONLY', 'INTERPRETER'] }, []],
    ['accredited', { accredited: true }, ['Women’s housing and work']],
    ['maxPricePence', { maxPricePence: 15000 }, ['Old foyer rooms', 'Women’s housing and work']],
    ['text', { text: 'xylophone' }, ['Carlisle foyer xylophone']],
    [
      'person (a man of 30 at high risk)',
      { person: { sex: 'MALE', age: 30, riskLevel: 'HIGH', supervisionType: 'LICENCE' } },
      ['Carlisle foyer xylophone', 'Old foyer rooms'],
    ],
    [
      'person (a woman of 17)',
      {
        person: { sex: 'FEMALE', age: 17, riskLevel: 'LOW', supervisionType: 'COMMUNITY_SENTENCE' },
      },
      ['Old foyer rooms', 'Women’s housing and work'],
    ],
  ])('filters by %s', async (_name, filter, expected) => {
    const r = await search({ factors: ['ACCOMMODATION'], pccAreaCode: 'cumbria', ...filter });
    expect(titles(r).sort()).toEqual([...expected].sort());
  });

  it("matches words in a listing's text or its provider's name", async () => {
    const quokka = await newSupplier(t, 'VOLUNTARY_SECTOR', {
      name: `Quokka Foundation ${Date.now()}`,
    });
    const other = await newSupplier(t, 'VOLUNTARY_SECTOR');
    // Away from the other tests' searches: another area and factor.
    const listing = {
      factors: ['FINANCE'],
      coverage: ['dyfed-powys'],
      venues: [],
      price: { amountPence: 10000, unit: 'PER_REFERRAL' },
    };
    await publish(quokka.token, 'Penrith move-on rooms', listing);
    await publish(other.token, 'Appleby move-on rooms', {
      ...listing,
      description: 'Run with the quokkas of the valley.',
    });
    await publish(other.token, 'Kirkby move-on rooms', listing);
    const r = await search({ pccAreaCode: 'dyfed-powys', text: 'quokka' });
    expect(titles(r).sort()).toEqual(['Appleby move-on rooms', 'Penrith move-on rooms']);
    const national = await search({ factors: ['FINANCE'], text: 'quokkas' });
    expect(titles(national).sort()).toEqual(['Appleby move-on rooms', 'Penrith move-on rooms']);
  });

  it('filters by provider kind', async () => {
    const r = await search({ pccAreaCode: 'cumbria', providerKinds: ['PRIVATE'] });
    expect(titles(r)).toEqual(['Online drug recovery']);
  });

  it('finds venues near a point, and services covering the area the point is in, nearest first', async () => {
    const r = await search({ near: { ...CARLISLE, radiusKm: 60 } }, { sort: 'DISTANCE' });
    const mine = r.edges.filter((e) => Object.values(ids).includes(e.node.id));
    expect(mine.map((e) => [e.node.title, e.distanceKm])).toEqual([
      ['Carlisle foyer xylophone', 0],
      ['Old foyer rooms', expect.closeTo(48.6, 0)],
      ['Online drug recovery', null],
    ]);
  });

  it.each([
    ['PRICE', ['Women’s housing and work', 'Old foyer rooms', 'Carlisle foyer xylophone']],
    ['SOONEST_START', ['Old foyer rooms', 'Carlisle foyer xylophone', 'Women’s housing and work']],
    // Freshly confirmed before stale, then sooner start.
    ['BEST_MATCH', ['Carlisle foyer xylophone', 'Women’s housing and work', 'Old foyer rooms']],
  ])('sorts by %s', async (sort, expected) => {
    const r = await search({ factors: ['ACCOMMODATION'], pccAreaCode: 'cumbria' }, { sort });
    expect(titles(r)).toEqual(expected);
  });

  it('admits exactly the people the purchase rule admits (SQL and code agree)', async () => {
    const filter = { contractPackageAreaCode: 'cumbria-lancashire' };
    const res = await t.gql<{
      searchInterventions: { edges: { node: { id: string; eligibility: EligibilityRule } }[] };
    }>(
      `query ($filter: InterventionSearchInput!) { searchInterventions(filter: $filter, first: 100) {
         edges { node { id eligibility { sexes minAge maxAge riskLevels supervisionTypes } } } } }`,
      { token: purchaser, variables: { filter } },
    );
    const listings = res.data!.searchInterventions.edges.map((e) => e.node);
    for (const sex of ['MALE', 'FEMALE'])
      for (const age of [17, 18, 30, 65, 66])
        for (const riskLevel of ['LOW', 'HIGH'])
          for (const supervisionType of ['LICENCE', 'COMMUNITY_SENTENCE']) {
            const person = { sex, age, riskLevel, supervisionType } as PersonProfile;
            const found = await search({ ...filter, person }, { first: 100 });
            const admitted = listings.filter(
              (l) => eligibilityFailures(l.eligibility, person).length === 0,
            );
            expect(found.edges.map((e) => e.node.id).sort()).toEqual(
              admitted.map((l) => l.id).sort(),
            );
          }
  });

  it('marks stale listings', async () => {
    const r = await search({ factors: ['ACCOMMODATION'], pccAreaCode: 'cumbria' });
    expect(r.edges.filter((e) => e.node.stale).map((e) => e.node.title)).toEqual([
      'Old foyer rooms',
    ]);
  });

  it.each(['BEST_MATCH', 'PRICE', 'SOONEST_START', 'CONTRIBUTION'])(
    'pages by %s without repeats or gaps',
    async (sort) => {
      const filter = { contractPackageAreaCode: 'cumbria-lancashire' };
      const everything = await search(filter, { sort, first: 100 });
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: Result = await search(filter, { sort, first: 2, after });
        seen.push(...page.edges.map((e) => e.node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(everything.edges.map((e) => e.node.id));
      expect(new Set(seen).size).toBe(everything.totalCount);
      // Backward (last/before) too, and between two cursors.
      expect(
        await checkPaging(t, purchaser, {
          field: 'searchInterventions',
          args: `filter: $filter, sort: ${sort}`,
          variables: { $filter: ['InterventionSearchInput!', filter] },
          key: 'id',
          max: 100,
        }),
      ).toEqual(seen);
    },
  );

  it('costs the same number of SQL statements for a page of 2 or of 5 (no N+1)', async () => {
    // Counted per request: statements the process runs meanwhile for anything else (the webhook
    // dispatcher's poll, say) are not in the count.
    const count = async (first: number) => {
      const res = await gqlWithStatementCount<{ searchInterventions: Result }>(t, SEARCH, {
        token: purchaser,
        variables: { filter: { contractPackageAreaCode: 'cumbria-lancashire' }, first },
      });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      expect(res.data!.searchInterventions.edges).toHaveLength(first);
      return res.statements;
    };
    const small = await count(2);
    const large = await count(5);
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(6);
  });

  it('records every search as demand, with the area a point falls in and what it found', async () => {
    await search({ factors: ['GANG_MEMBERSHIP'], near: { ...CARLISLE, radiusKm: 5 } });
    const [demand] = await t.dataSource.query<
      {
        division_code: string;
        factors: string[];
        pcc_area_code: string;
        area_division_code: string;
        result_count: number;
        filters: object;
      }[]
    >(
      // Other files' searches share the database: this one is the search around a point.
      `SELECT * FROM search_demand WHERE 'GANG_MEMBERSHIP' = ANY(factors) AND filters -> 'near' IS NOT NULL`,
    );
    expect(demand).toMatchObject({
      division_code: 'NW',
      factors: ['GANG_MEMBERSHIP'],
      pcc_area_code: 'cumbria',
      area_division_code: 'NW',
      result_count: 0,
      filters: { factors: ['GANG_MEMBERSHIP'], near: { ...CARLISLE, radiusKm: 5 } },
    });
  });

  it("returns each result's listing, provider, prices and venues as the listing itself reads", async () => {
    // The search statement returns the page's listings with their related rows; every field
    // must read exactly as when the listing is fetched on its own.
    const NODE = `id status title summary description factors deliveryModes accredited adaptations
      eligibility { sexes minAge maxAge riskLevels supervisionTypes notes }
      coverage { code name } eveningSessions weekendSessions durationWeeks sessionCount capacity
      placesAvailable nextStartDate stale lastConfirmedAt createdAt updatedAt
      provider { id name kind description website charityNumber companyNumber crcOwner
        publishPricesOpenly createdAt contractPackageArea { code } }
      price { amountPence currency outcomePaymentPence unit effectiveFrom effectiveTo }
      priceHistory { amountPence currency outcomePaymentPence unit effectiveFrom effectiveTo }
      venues { name postcode lat lng pccArea { code name } }`;
    const supplier = await newSupplier(t, 'VOLUNTARY_SECTOR');
    await publish(supplier.token, 'Keswick move-on rooms', {
      factors: ['ACCOMMODATION'],
      coverage: ['cumbria'],
      eligibility: { sexes: ['MALE'], riskLevels: [], supervisionTypes: ['LICENCE'] },
      venues: [
        { name: 'Keswick', postcode: 'CA12 4AA', pccAreaCode: 'cumbria', lat: 54.6, lng: -3.13 },
        { name: 'Penrith', postcode: 'CA11 7AA', pccAreaCode: 'cumbria', lat: 54.66, lng: -2.75 },
      ],
      durationWeeks: null,
      sessionCount: null,
      nextStartDate: null,
      price: { amountPence: 12345, unit: 'PER_SESSION', outcomePaymentPence: 500 },
    });
    const later = t.clock.today().replace(/^(\d{4})/, (y) => String(Number(y) + 1));
    const priced = await t.gql(
      `mutation ($id: ID!, $input: PriceInput!) { setInterventionPrice(id: $id, input: $input) { id } }`,
      {
        token: supplier.token,
        variables: {
          id: ids['Keswick move-on rooms'],
          input: { amountPence: 13000, unit: 'PER_SESSION', effectiveFrom: later },
        },
      },
    );
    expect(priced.errors).toBeUndefined();

    const res = await t.gql<{ searchInterventions: { edges: { node: { id: string } }[] } }>(
      `query ($filter: InterventionSearchInput!) { searchInterventions(filter: $filter, first: 50) {
        edges { node { ${NODE} } } } }`,
      { token: purchaser, variables: { filter: { divisionCode: 'NW' } } },
    );
    expect(res.errors).toBeUndefined();
    // Only this file's listings: other files share the database and may buy places meanwhile.
    const ours = new Set(Object.values(ids));
    const nodes = res
      .data!.searchInterventions.edges.map((e) => e.node)
      .filter((n) => ours.has(n.id));
    expect(nodes.map((n) => n.id)).toContain(ids['Keswick move-on rooms']);
    expect(nodes.length).toBeGreaterThan(3);
    for (const node of nodes) {
      const one = await t.gql<{ intervention: unknown }>(
        `query ($id: ID!) { intervention(id: $id) { ${NODE} } }`,
        { token: purchaser, variables: { id: node.id } },
      );
      expect(one.errors).toBeUndefined();
      expect(node).toEqual(one.data!.intervention);
    }
  });

  it('answers each listing field asked alone as the listing itself does (the statement reads only the columns it needs)', async () => {
    // Every field of Intervention, and of its provider, each asked alone: the search then reads
    // only the listing's and the provider's columns that field needs (LISTING_FIELD_COLUMNS,
    // ORGANISATION_FIELD_COLUMNS), so a field missing a column it reads answers differently
    // here. A commissioner may read the rationale.
    const FIELDS = [
      'status',
      'title',
      'summary',
      'description',
      'factors',
      'deliveryModes',
      'accredited',
      'eligibility { sexes minAge maxAge riskLevels supervisionTypes notes }',
      'eligibilityFor(person: { age: 17, sex: MALE, riskLevel: HIGH, supervisionType: LICENCE }) { eligible failures { criterion } }',
      'adaptations',
      'rationale',
      'coverage { code }',
      'eveningSessions',
      'weekendSessions',
      'durationWeeks',
      'sessionCount',
      'capacity',
      'placesAvailable',
      'nextStartDate',
      'lastConfirmedAt',
      'stale',
      'staleFrom',
      'createdAt',
      'updatedAt',
      // The provider's fields, each alone too (ORGANISATION_FIELD_COLUMNS).
      'provider { id }',
      'provider { name }',
      'provider { kind }',
      'provider { crcOwner }',
      'provider { charityNumber }',
      'provider { companyNumber }',
      'provider { website }',
      'provider { description }',
      'provider { publishPricesOpenly }',
      'provider { contractPackageArea { code } }',
      'provider { createdAt }',
      'provider { contribution { id judged } }',
      'provider { declarations { kind held } }',
      'provider { __typename }',
      'deliveredBy { id }',
      'canManage',
      'venues { name }',
      'price { amountPence currency outcomePaymentPence unit effectiveFrom effectiveTo }',
      'priceHistory { amountPence effectiveFrom }',
      'contribution { id judged score }',
      '__typename',
    ];
    // A provider with every column filled in, so that a column left out answers differently:
    // a CRC (its owner and contract package area) whose register details were filled in later.
    // Charity and company numbers are unique across the database other test files share.
    const unique = String(1_000_000 + (Date.now() % 9_000_000));
    const crc = await newSupplier(t, 'CRC', {
      crcOwner: 'Cumbria Owners Ltd',
      contractPackageAreaCode: 'cumbria-lancashire',
      charityNumber: unique,
    });
    await t.dataSource.query(
      `UPDATE organisation SET website = 'https://crc.example', description = 'A CRC.',
         company_number = $2, publish_prices_openly = true WHERE id = $1`,
      [crc.organisationId, `0${unique}`],
    );
    await publish(crc.token, 'Lancaster rooms', {
      factors: ['ACCOMMODATION'],
      coverage: ['lancashire'],
      venues: [],
      price: { amountPence: 22000, unit: 'PER_REFERRAL' },
    });
    const commissioner = await tokens.commissioner();
    const ours = new Set(Object.values(ids));
    for (const field of FIELDS) {
      const res = await t.gql<{ searchInterventions: { nodes: { id: string }[] } }>(
        `query ($filter: InterventionSearchInput!) { searchInterventions(filter: $filter, first: 50) {
          nodes { id ${field} } } }`,
        { token: commissioner, variables: { filter: { divisionCode: 'NW' } } },
      );
      expect({ field, errors: res.errors }).toEqual({ field, errors: undefined });
      const nodes = res.data!.searchInterventions.nodes.filter((n) => ours.has(n.id));
      expect(nodes.length).toBeGreaterThan(3);
      for (const node of nodes) {
        const one = await t.gql<{ intervention: unknown }>(
          `query ($id: ID!) { intervention(id: $id) { id ${field} } }`,
          { token: commissioner, variables: { id: node.id } },
        );
        expect(one.errors).toBeUndefined();
        expect({ field, node }).toEqual({ field, node: one.data!.intervention });
      }
    }
  });

  it("follows a listing's venues to another area when they are replaced or removed", async () => {
    const supplier = await newSupplier(t, 'VOLUNTARY_SECTOR');
    await publish(supplier.token, 'Lowestoft move-on', {
      coverage: [],
      factors: ['ACCOMMODATION'],
      venues: [{ name: 'Lowestoft', postcode: 'NR32 1AA', pccAreaCode: 'suffolk' }],
      price: { amountPence: 20000, unit: 'PER_REFERRAL' },
    });
    const id = ids['Lowestoft move-on'];
    const found = async (pccAreaCode: string) =>
      (await search({ factors: ['ACCOMMODATION'], pccAreaCode }, { first: 100 })).edges.some(
        (e) => e.node.id === id,
      );
    expect([await found('suffolk'), await found('norfolk')]).toEqual([true, false]);

    const update = async (input: Record<string, unknown>) => {
      const res = await t.gql(
        `mutation ($id: ID!, $input: UpdateInterventionInput!) { updateIntervention(id: $id, input: $input) { id } }`,
        { token: supplier.token, variables: { id, input } },
      );
      expect(res.errors).toBeUndefined();
    };
    await update({
      venues: [
        { name: 'Great Yarmouth', postcode: 'NR30 1AA', pccAreaCode: 'norfolk' },
        { name: 'Norwich', postcode: 'NR1 1AA', pccAreaCode: 'norfolk' },
      ],
    });
    expect([await found('suffolk'), await found('norfolk')]).toEqual([false, true]);
    // Online only, for a third area: no venue left anywhere.
    await update({ venues: [], coverage: ['gloucestershire'] });
    expect([await found('suffolk'), await found('norfolk')]).toEqual([false, false]);
    expect(await found('gloucestershire')).toBe(true);
  });

  it('refuses bad searches with BAD_USER_INPUT naming the field', async () => {
    const bad = async (variables: Record<string, unknown>) => {
      const res = await t.gql(SEARCH, { token: purchaser, variables });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      return (res.errors![0].extensions!.fieldErrors ?? []).map((e) => e.field);
    };
    expect(await bad({ filter: {}, sort: 'DISTANCE' })).toEqual(['filter.near']);
    expect(await bad({ filter: {}, first: 101 })).toEqual(['first']);
    expect(await bad({ filter: { pccAreaCode: 'atlantis' } })).toEqual(['filter.pccAreaCode']);
    expect(await bad({ filter: { near: { lat: 95, lng: 0, radiusKm: 10 } } })).toEqual([
      'filter.near.lat',
    ]);
    expect(await bad({ filter: {}, after: 'not-a-cursor' })).toEqual(['after']);
    const page = await search({}, { first: 1 });
    expect(await bad({ filter: {}, sort: 'PRICE', after: page.pageInfo.endCursor })).toEqual([
      'after',
    ]);
  });

  it('is refused without a token', async () => {
    expect(errorCodes(await t.gql(SEARCH, { variables: { filter: {} } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});
