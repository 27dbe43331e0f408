import { createListing, newSupplier } from './support/catalogue';
import { tokens } from './support/tokens';
import { startApp, TestApp } from './support/test-app';

const SEARCH = `query ($first: Int) {
  searchInterventions(filter: { factors: [GANG_MEMBERSHIP], pccAreaCode: "gwent", availableOnly: true,
      person: { sex: MALE, age: 30, riskLevel: MEDIUM, supervisionType: LICENCE } }, first: $first) {
    totalCount
    edges { node { id title provider { name } price { amountPence } venues { name } } contributionScore }
  }
}`;

describe('SQL statement count (SQL_STATEMENT_COUNT, for the benchmarks)', () => {
  let t: TestApp;
  let purchaser: string;

  beforeAll(async () => {
    process.env.SQL_STATEMENT_COUNT = 'true';
    t = await startApp();
    purchaser = await tokens.purchaser('WAL', 'purchaser-sql-count');
    const supplier = await newSupplier(t);
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
    }
  });

  afterAll(async () => {
    delete process.env.SQL_STATEMENT_COUNT;
    await t.close();
  });

  async function statementsFor(first: number): Promise<number> {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${purchaser}` },
      body: JSON.stringify({ query: SEARCH, variables: { first } }),
    });
    const body = (await response.json()) as {
      data?: { searchInterventions: { edges: unknown[] } };
    };
    expect(body.data?.searchInterventions.edges).toHaveLength(Math.min(first, 6));
    return Number(response.headers.get('x-sql-statements'));
  }

  it('runs the same number of statements for a search whatever the page size', async () => {
    const counts = [await statementsFor(1), await statementsFor(3), await statementsFor(6)];
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
    // One: the search statement returns the page's listings, providers, prices and venues too.
    expect(counts[0]).toBe(1);
  });
});
