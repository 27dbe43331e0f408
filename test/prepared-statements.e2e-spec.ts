import { createListing, newSupplier } from './support/catalogue';
import { tokens } from './support/tokens';
import { startApp, TestApp } from './support/test-app';

const SEARCH = `query ($filter: InterventionSearchInput!) {
  searchInterventions(filter: $filter) { totalCount edges { node { title price { amountPence } } } }
}`;

// PGlite is one session behind its socket: statements are prepared by name on a server only.
const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onServer('the search as a named prepared statement (needs TEST_DATABASE_URL)', () => {
  let t: TestApp;
  let purchaser: string;

  beforeAll(async () => {
    // One connection: the search's session is the one the checks below read.
    t = await startApp({ DB_POOL_SIZE: '1' });
    purchaser = await tokens.purchaser('SW', 'purchaser-prepared');
    const supplier = await newSupplier(t);
    const listing = await createListing(t, supplier.token, {
      title: 'Prepared foyer',
      factors: ['FINANCE'],
      coverage: ['gloucestershire'],
      venues: [],
      price: { amountPence: 12345, unit: 'PER_REFERRAL' },
    });
    const published = await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: listing.id },
    });
    if (published.errors) throw new Error(JSON.stringify(published.errors));
  });
  afterAll(() => t.close());

  async function search(pccAreaCode: string) {
    const res = await t.gql<{
      searchInterventions: { totalCount: number; edges: { node: { title: string } }[] };
    }>(SEARCH, { token: purchaser, variables: { filter: { factors: ['FINANCE'], pccAreaCode } } });
    expect(res.errors).toBeUndefined();
    return res.data!.searchInterventions;
  }

  it('prepares each shape of the search once on a connection and runs it again by name', async () => {
    for (let i = 0; i < 7; i += 1) {
      expect(
        (await search(i % 2 ? 'gloucestershire' : 'wiltshire')).edges.map((e) => e.node.title),
      ).toEqual(i % 2 ? ['Prepared foyer'] : []);
    }
    const prepared = await t.dataSource.query<{ name: string; runs: number }[]>(
      `SELECT name, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements
       WHERE statement LIKE '%WITH matched AS%'`,
    );
    expect(prepared).toEqual([{ name: expect.stringMatching(/^prepared_[0-9a-f]{32}$/), runs: 7 }]);
  });

  it('answers unnamed from then on when the session lost its statements (a pooler swapped it)', async () => {
    await search('gloucestershire');
    // The connection's client still believes the statement prepared; the session no longer has it.
    await t.dataSource.query('DEALLOCATE ALL');
    for (let i = 0; i < 3; i += 1) {
      expect((await search('gloucestershire')).edges.map((e) => e.node.title)).toEqual([
        'Prepared foyer',
      ]);
    }
    const [{ count }] = await t.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM pg_prepared_statements`,
    );
    expect(count).toBe(0);
  });
});
