import { createListing, newSupplier } from './support/catalogue';
import { gqlWithStatementCount } from './support/sql-statements';
import { tokens } from './support/tokens';
import { startApp, TestApp } from './support/test-app';

const SEARCH = `query ($first: Int) {
  searchInterventions(filter: { factors: [GANG_MEMBERSHIP], pccAreaCode: "gwent", availableOnly: true,
      person: { sex: MALE, age: 30, riskLevel: MEDIUM, supervisionType: LICENCE } }, first: $first) {
    totalCount
    edges { node { id title provider { name } deliveredBy { name } price { amountPence } venues { name } } contributionScore }
  }
}`;

describe('SQL statement count (SQL_STATEMENT_COUNT, for the benchmarks)', () => {
  let t: TestApp;
  let purchaser: string;

  beforeAll(async () => {
    t = await startApp({ SQL_STATEMENT_COUNT: 'true' });
    purchaser = await tokens.purchaser('WAL', 'purchaser-sql-count');
    const supplier = await newSupplier(t);
    // Half the listings are delivered by subcontractors (their deliveredBy field asks nothing more).
    const subcontractor = await newSupplier(t);
    const subcontract = await t.gql<{ createSubcontract: { id: string } }>(
      `mutation ($input: CreateSubcontractInput!) { createSubcontract(input: $input) { id } }`,
      {
        token: supplier.token,
        variables: {
          input: {
            subcontractorId: subcontractor.organisationId,
            reference: 'SQL-COUNT-1',
            startsOn: '2020-01-01',
            endsOn: '2099-12-31',
            factors: ['GANG_MEMBERSHIP'],
            pccAreaCodes: ['gwent'],
            annualValuePence: 100000,
          },
        },
      },
    );
    if (!subcontract.data) throw new Error(JSON.stringify(subcontract.errors));
    for (let i = 0; i < 6; i += 1) {
      const listing = await createListing(t, supplier.token, {
        title: `Gang exit mentoring ${i}`,
        factors: ['GANG_MEMBERSHIP'],
        venues: [
          { name: 'Newport', postcode: 'NP20 1AA', pccAreaCode: 'gwent', lat: 51.59, lng: -3 },
        ],
        coverage: ['gwent'],
        price: { amountPence: 10000 + i, unit: 'PER_REFERRAL' },
      });
      const published = await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
        token: supplier.token,
        variables: { id: listing.id },
      });
      if (published.errors) throw new Error(JSON.stringify(published.errors));
      if (i % 2 === 1) {
        const delivered = await t.gql(
          `mutation ($id: ID!, $s: ID) { setListingDeliverer(interventionId: $id, subcontractId: $s) { id } }`,
          {
            token: supplier.token,
            variables: { id: listing.id, s: subcontract.data.createSubcontract.id },
          },
        );
        if (delivered.errors) throw new Error(JSON.stringify(delivered.errors));
      }
    }
  });

  afterAll(async () => {
    await t.close();
  });

  async function statementsFor(first: number): Promise<number> {
    const res = await gqlWithStatementCount<{ searchInterventions: { edges: unknown[] } }>(
      t,
      SEARCH,
      { token: purchaser, variables: { first } },
    );
    expect(res.data?.searchInterventions.edges).toHaveLength(Math.min(first, 6));
    return res.statements;
  }

  it('runs the same number of statements for a search whatever the page size', async () => {
    const counts = [await statementsFor(1), await statementsFor(3), await statementsFor(6)];
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
    // One: the search statement returns the page's listings, providers, prices and venues too.
    expect(counts[0]).toBe(1);
  });

  it("runs one statement whichever of the listings' parts a search asks for, through fragments too", async () => {
    const filter = `filter: { factors: [GANG_MEMBERSHIP], pccAreaCode: "gwent" }`;
    const queries = [
      `{ searchInterventions(${filter}) { edges { node { id title } } } }`,
      `{ searchInterventions(${filter}) { facets { factors { factor count } } edges { node { title price { amountPence } } } } }`,
      `query { searchInterventions(${filter}) { nodes { ...Listing } } }
       fragment Listing on Intervention { title priceHistory { amountPence } ... on Intervention { venues { name } deliveredBy { name } } }`,
      `query ($venues: Boolean!) { searchInterventions(${filter}) { edges { ...Edge } } }
       fragment Edge on InterventionSearchEdge { node { title provider { name } venues @include(if: $venues) { name } } }`,
    ];
    for (const query of queries) {
      const res = await gqlWithStatementCount<{ searchInterventions: unknown }>(t, query, {
        token: purchaser,
        variables: { venues: true },
      });
      expect(res.errors).toBeUndefined();
      expect(JSON.stringify(res.data)).toContain('Gang exit mentoring');
      expect({ query, statements: res.statements }).toEqual({ query, statements: 1 });
    }
  });

  it('ranks contribution scores in SQL: the same statements whatever the page size', async () => {
    await newSupplier(t);
    await newSupplier(t);
    const RANKING = `query ($first: Int) { contributionScores(factor: GANG_MEMBERSHIP, first: $first) {
      nodes { score judged provider { name } } } }`;
    const counts: number[] = [];
    for (const first of [1, 3]) {
      const res = await gqlWithStatementCount<{ contributionScores: { nodes: unknown[] } }>(
        t,
        RANKING,
        { token: purchaser, variables: { first } },
      );
      expect(res.data?.contributionScores.nodes).toHaveLength(first);
      counts.push(res.statements);
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBe(counts[0]);
  });

  it("counts only the request's own statements, not those the process runs meanwhile", async () => {
    const quiet = await statementsFor(3);
    // Statements outside any request (as the webhook dispatcher's poll is) while one is in flight.
    let stop = false;
    let background = 0;
    const noise = (async () => {
      while (!stop) {
        await t.dataSource.query('SELECT 1');
        background += 1;
      }
    })();
    const busy = await statementsFor(3);
    stop = true;
    await noise;
    expect(background).toBeGreaterThan(0);
    expect(busy).toBe(quiet);
  });
});
