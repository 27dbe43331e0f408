import { createListing, newSupplier, publishedListing } from './support/catalogue';
import { startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';

/** Intervention.canManage and Intervention.staleFrom: what the supplier pages read. */
describe('a listing says who may change it and when it goes stale', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const FIELDS =
    'query ($id: ID!) { intervention(id: $id) { canManage staleFrom lastConfirmedAt } }';

  it('lets its own supplier and an admin manage it, and nobody else', async () => {
    const own = await newSupplier(t);
    const other = await newSupplier(t);
    const listing = await publishedListing(t, own.token, {
      price: { amountPence: 1000, unit: 'PER_SESSION' },
    });
    const callers: [string, boolean][] = [
      [own.token, true],
      [await tokens.admin(), true],
      [other.token, false],
      [await tokens.purchaser('LDN'), false],
      [await tokens.commissioner(), false],
    ];
    for (const [token, expected] of callers) {
      const res = await t.gql<{ intervention: { canManage: boolean } }>(FIELDS, {
        token,
        variables: { id: listing.id },
      });
      expect(res.data!.intervention.canManage).toBe(expected);
    }
  });

  it('goes stale the stale period after it was last confirmed', async () => {
    const own = await newSupplier(t);
    const listing = await createListing(t, own.token);
    const res = await t.gql<{ intervention: { staleFrom: string; lastConfirmedAt: string } }>(
      FIELDS,
      { token: own.token, variables: { id: listing.id } },
    );
    const { staleFrom, lastConfirmedAt } = res.data!.intervention;
    expect(new Date(staleFrom).getTime() - new Date(lastConfirmedAt).getTime()).toBe(
      90 * 86_400_000,
    );
  });
});
