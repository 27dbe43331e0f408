import { createListing, newSupplier } from './support/catalogue';
import { attendSession, firstOutcomes, reportEndOfService } from './support/delivery';
import { checkPaging } from './support/paging';
import { tokens } from './support/tokens';
import { errorCodes, errorReasons, startApp, TestApp } from './support/test-app';

const BUY = `mutation ($input: CreateReferralInput!, $key: String!) {
  createReferral(input: $input, idempotencyKey: $key) {
    id status crn units totalPence financialYear priceSnapshot { amountPence unit }
    intervention { id placesAvailable } provider { id } division { code }
    statusHistory { status by reason }
  }
}`;
const BUDGET = `query ($d: String!, $y: Int!) { divisionBudget(divisionCode: $d, financialYear: $y) { allocatedPence committedPence spentPence remainingPence } }`;
const SET_BUDGET = `mutation ($d: String!, $y: Int!, $a: SafeInt!) { setDivisionBudget(divisionCode: $d, financialYear: $y, amountPence: $a) { allocatedPence remainingPence } }`;
const FIELDS = `id status startedOn daysToStart sessionsOffered sessionsAttended statusHistory { status reason } intervention { placesAvailable }`;

interface Bought {
  id: string;
  status: string;
  totalPence: number;
  intervention: { id: string; placesAvailable: number };
  statusHistory: { status: string; by: string; reason: string | null }[];
}

const person = { sex: 'MALE', age: 30, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' };
/** What every purchase must say it aims at: set once the desired outcomes are known. */
let aims: { desiredOutcomes: string[]; complexity: string };
let keys = 0;
const key = () => `k-${Date.now()}-${++keys}`;

describe('NPS staff buy places against their division budget', () => {
  let t: TestApp;
  let supplier: { organisationId: string; token: string };
  let admin: string;
  // Each test file uses its own division so budgets do not mix with other files'.
  const division = 'SWSC';
  const year = 2026;
  let purchaser: string;

  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2026-05-01');
    admin = await tokens.admin();
    purchaser = await tokens.purchaser(division);
    supplier = await newSupplier(t);
    await t.gql(SET_BUDGET, {
      token: admin,
      variables: { d: division, y: year, a: 5_000_000_000 },
    });
    aims = {
      desiredOutcomes: await firstOutcomes(t, purchaser, ['ACCOMMODATION']),
      complexity: 'MEDIUM',
    };
  });
  afterAll(() => t.close());

  async function publishedListing(overrides: Record<string, unknown> = {}) {
    const listing = await createListing(t, supplier.token, {
      price: { amountPence: 25000, unit: 'PER_SESSION' },
      ...overrides,
    });
    await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: listing.id },
    });
    return listing;
  }

  async function budget() {
    const res = await t.gql<{ divisionBudget: Record<string, number> }>(BUDGET, {
      token: admin,
      variables: { d: division, y: year },
    });
    return res.data!.divisionBudget;
  }

  async function buy(
    interventionId: string,
    input: Record<string, unknown> = {},
    idempotencyKey = key(),
    token = purchaser,
  ) {
    return t.gql<{ createReferral: Bought }>(BUY, {
      token,
      variables: {
        input: {
          interventionId,
          crn: 'X123456',
          person,
          targetFactors: ['ACCOMMODATION'],
          ...aims,
          ...input,
        },
        key: idempotencyKey,
      },
    });
  }

  async function act(mutation: string, variables: Record<string, unknown>, token = supplier.token) {
    return t.gql<Record<string, { status: string; intervention: { placesAvailable: number } }>>(
      `mutation (${Object.keys(variables)
        .map(
          (k) =>
            `$${k}: ${{ id: 'ID!', reason: k === 'reason' && mutation === 'declineReferral' ? 'DeclineReason!' : 'String!', input: 'WithdrawReferralInput!' }[k] ?? 'String!'}`,
        )
        .join(', ')}) {
        ${mutation}(${Object.keys(variables)
          .map((k) => `${k}: $${k}`)
          .join(', ')}) { ${FIELDS} } }`,
      { token, variables },
    );
  }

  it('buys a place in one step: takes a place, commits price x units, snapshots the price', async () => {
    const listing = await publishedListing();
    const before = await budget();
    const res = await buy(listing.id, { units: 4 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createReferral).toMatchObject({
      status: 'SUBMITTED',
      crn: 'X123456',
      units: 4,
      totalPence: 100000,
      financialYear: 2026,
      priceSnapshot: { amountPence: 25000, unit: 'PER_SESSION' },
      intervention: { id: listing.id, placesAvailable: 9 },
      provider: { id: supplier.organisationId },
      division: { code: division },
      statusHistory: [
        { status: 'SUBMITTED', by: `purchaser-${division.toLowerCase()}`, reason: null },
      ],
    });
    const after = await budget();
    expect(after.committedPence - before.committedPence).toBe(100000);
    expect(after.remainingPence).toBe(before.remainingPence - 100000);
  });

  it('does not charge a retried purchase twice, and refuses the key for a different purchase', async () => {
    const listing = await publishedListing();
    const idempotencyKey = key();
    const before = await budget();
    const first = await buy(listing.id, {}, idempotencyKey);
    const retry = await buy(listing.id, {}, idempotencyKey);
    expect(retry.data!.createReferral.id).toBe(first.data!.createReferral.id);
    expect(retry.data!.createReferral.intervention.placesAvailable).toBe(9);
    expect((await budget()).committedPence - before.committedPence).toBe(25000);

    const different = await buy(listing.id, { crn: 'Y654321' }, idempotencyKey);
    expect(errorCodes(different)).toEqual(['CONFLICT']);
    expect(errorReasons(different)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });

  it('refuses an ineligible person, listing every failed criterion, and charges nothing', async () => {
    const listing = await publishedListing({
      eligibility: {
        sexes: ['FEMALE'],
        minAge: 18,
        maxAge: 25,
        riskLevels: ['LOW'],
        supervisionTypes: ['COMMUNITY_SENTENCE'],
      },
    });
    const before = await budget();
    const res = await buy(listing.id);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fieldErrors!.map((e) => e.field)).toEqual([
      'input.person.sex',
      'input.person.age',
      'input.person.riskLevel',
      'input.person.supervisionType',
    ]);
    expect(await budget()).toEqual(before);
  });

  it('refuses target factors the listing does not address, and a malformed CRN', async () => {
    const listing = await publishedListing();
    const wrong = await buy(listing.id, { targetFactors: ['DRUGS'] });
    expect(errorCodes(wrong)).toEqual(['BAD_USER_INPUT']);
    expect(wrong.errors![0].extensions!.fieldErrors![0].field).toBe('input.targetFactors');
    const crn = await buy(listing.id, { crn: '123456X' });
    expect(crn.errors![0].extensions!.fieldErrors!.map((e) => e.field)).toEqual(['input.crn']);
  });

  it('refuses a listing that is not published, and one with no places left', async () => {
    const draft = await createListing(t, supplier.token, {
      price: { amountPence: 100, unit: 'PER_HOUR' },
    });
    expect(errorCodes(await buy(draft.id))).toEqual(['NOT_FOUND']);
    const full = await publishedListing({ capacity: 1 });
    expect((await buy(full.id)).errors).toBeUndefined();
    const none = await buy(full.id);
    expect(errorCodes(none)).toEqual(['CONFLICT']);
    expect(errorReasons(none)).toEqual(['NO_PLACES_LEFT']);
    await t.gql(`mutation ($id: ID!) { suspendIntervention(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: full.id },
    });
    const suspended = await buy(full.id);
    expect(errorCodes(suspended)).toEqual(['CONFLICT']);
    expect(errorReasons(suspended)).toEqual(['LISTING_NOT_PUBLISHED']);
    expect(suspended.errors![0].message).toMatch(/SUSPENDED/);
  });

  it('refuses a purchase the budget cannot cover, and never lets it go below zero', async () => {
    const tight = 'WAL';
    await t.gql(SET_BUDGET, { token: admin, variables: { d: tight, y: year, a: 30000 } });
    const listing = await publishedListing();
    const token = await tokens.purchaser(tight);
    expect((await buy(listing.id, {}, key(), token)).errors).toBeUndefined();
    const over = await buy(listing.id, {}, key(), token);
    expect(errorCodes(over)).toEqual(['CONFLICT']);
    expect(errorReasons(over)).toEqual(['BUDGET_EXCEEDED']);
    const res = await t.gql<{ divisionBudget: Record<string, number> }>(BUDGET, {
      token,
      variables: { d: tight, y: year },
    });
    expect(res.data!.divisionBudget).toEqual({
      allocatedPence: 30000,
      committedPence: 25000,
      spentPence: 0,
      remainingPence: 5000,
    });
    const cut = await t.gql(SET_BUDGET, {
      token: admin,
      variables: { d: tight, y: year, a: 20000 },
    });
    expect(errorCodes(cut)).toEqual(['CONFLICT']);
  });

  it('holds budgets beyond £21.47m exactly (SafeInt, not Int)', async () => {
    const res = await t.gql<{
      setDivisionBudget: { allocatedPence: number; remainingPence: number };
    }>(SET_BUDGET, {
      token: admin,
      variables: { d: 'NE', y: 2030, a: 5_000_000_000 },
    });
    expect(res.data!.setDivisionBudget).toEqual({
      allocatedPence: 5_000_000_000,
      remainingPence: 5_000_000_000,
    });
  });

  it('walks a referral to completion; its cost moves from committed to spent and the place comes back', async () => {
    const listing = await publishedListing();
    const bought = (await buy(listing.id)).data!.createReferral;
    const before = await budget();
    expect((await act('acceptReferral', { id: bought.id })).data!.acceptReferral.status).toBe(
      'ACCEPTED',
    );
    t.clock.set('2026-05-06T10:00:00Z');
    await attendSession(t, supplier.token, bought.id);
    t.clock.set('2026-05-08');
    const started = await t.gql<{ referral: Record<string, unknown> }>(
      `query ($id: ID!) { referral(id: $id) { ${FIELDS} } }`,
      { token: purchaser, variables: { id: bought.id } },
    );
    expect(started.data!.referral).toMatchObject({
      status: 'STARTED',
      startedOn: '2026-05-06',
      daysToStart: 5,
      sessionsOffered: 1,
      sessionsAttended: 1,
    });
    const early = await act('completeReferral', { id: bought.id });
    expect(errorCodes(early)).toEqual(['CONFLICT']);
    expect(errorReasons(early)).toEqual(['END_OF_SERVICE_REPORT_DUE']);
    await reportEndOfService(t, supplier.token, bought.id);
    const done = await act('completeReferral', { id: bought.id });
    expect(done.data!.completeReferral).toMatchObject({
      status: 'COMPLETED',
      intervention: { placesAvailable: 10 },
    });
    const after = await budget();
    expect(after.committedPence).toBe(before.committedPence - 25000);
    expect(after.spentPence).toBe(before.spentPence + 25000);
    t.clock.set('2026-05-01');
  });

  it('gives back place and budget when declined or cancelled, with the reason kept', async () => {
    const listing = await publishedListing();
    const start = await budget();
    const a = (await buy(listing.id)).data!.createReferral;
    const b = (await buy(listing.id, { crn: 'B000001' })).data!.createReferral;
    const declined = await act('declineReferral', { id: a.id, reason: 'UNSUITABLE_RISK' });
    expect(declined.data!.declineReferral.status).toBe('DECLINED');
    await act('acceptReferral', { id: b.id });
    const cancelled = await act(
      'withdrawReferral',
      { id: b.id, input: { reason: 'RETURNED_TO_CUSTODY', comments: 'Recalled to custody' } },
      purchaser,
    );
    expect(cancelled.data!.withdrawReferral).toMatchObject({
      status: 'CANCELLED',
      intervention: { placesAvailable: 10 },
      statusHistory: [
        { status: 'SUBMITTED' },
        { status: 'ACCEPTED' },
        { status: 'CANCELLED', reason: 'Recalled to custody' },
      ],
    });
    expect(await budget()).toEqual(start);
  });

  it('refuses to settle against a budget row that is gone, rather than skipping the money', async () => {
    const listing = await publishedListing();
    const r = (await buy(listing.id)).data!.createReferral;
    // A row removed by hand (files run one at a time: no other file sees it missing).
    const [row] = await t.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM division_budget WHERE division_code = $1 AND financial_year = $2`,
      [division, year],
    );
    await t.dataSource.query(
      `DELETE FROM division_budget WHERE division_code = $1 AND financial_year = $2`,
      [division, year],
    );
    try {
      const declined = await act('declineReferral', { id: r.id, reason: 'UNSUITABLE_RISK' });
      expect(errorCodes(declined)).toEqual(['INTERNAL_SERVER_ERROR']);
    } finally {
      await t.dataSource.query(
        `INSERT INTO division_budget (division_code, financial_year, allocated_pence, committed_pence, spent_pence, outcome_payments_spent_pence)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          row.division_code,
          row.financial_year,
          row.allocated_pence,
          row.committed_pence,
          row.spent_pence,
          row.outcome_payments_spent_pence,
        ],
      );
    }
    // Nothing moved: the referral is still SUBMITTED, holding its place.
    const still = await t.gql<{ referral: { status: string } }>(
      `query ($id: ID!) { referral(id: $id) { status } }`,
      { token: purchaser, variables: { id: r.id } },
    );
    expect(still.data!.referral.status).toBe('SUBMITTED');
    await act('declineReferral', { id: r.id, reason: 'UNSUITABLE_RISK' });
  });

  it('refuses every invalid transition with CONFLICT naming the current status', async () => {
    const listing = await publishedListing();
    const r = (await buy(listing.id)).data!.createReferral;
    for (const [mutation, variables] of [
      ['completeReferral', { id: r.id }],
      ['endReferralEarly', { id: r.id, reason: 'Not engaging' }],
    ] as const) {
      const res = await act(mutation, variables);
      expect(errorCodes(res)).toEqual(['CONFLICT']);
      expect(errorReasons(res)).toEqual(['INVALID_TRANSITION']);
      expect(res.errors![0].message).toContain('SUBMITTED');
    }
    await act('declineReferral', { id: r.id, reason: 'OUT_OF_AREA' });
    for (const mutation of ['acceptReferral', 'declineReferral']) {
      const res = await act(
        mutation,
        mutation === 'acceptReferral' ? { id: r.id } : { id: r.id, reason: 'NO_CAPACITY' },
      );
      expect(res.errors![0].message).toContain('DECLINED');
    }
    const cancel = await act(
      'withdrawReferral',
      { id: r.id, input: { reason: 'NOT_ENGAGED' } },
      purchaser,
    );
    expect(errorCodes(cancel)).toEqual(['CONFLICT']);
  });

  it('requires coded reasons, and comments when the reason is OTHER', async () => {
    const listing = await publishedListing();
    const r = (await buy(listing.id)).data!.createReferral;
    expect(errorCodes(await act('declineReferral', { id: r.id, reason: 'BUSY' }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    const other = await act('declineReferral', { id: r.id, reason: 'OTHER' });
    expect(other.errors![0].extensions!.fieldErrors).toEqual([
      { field: 'comments', message: 'comments is required when the reason is OTHER' },
    ]);
    const withdraw = await act(
      'withdrawReferral',
      { id: r.id, input: { reason: 'OTHER' } },
      purchaser,
    );
    expect(withdraw.errors![0].extensions!.fieldErrors![0].field).toBe('input.comments');
    const res = await t.gql<{ referral: { status: string } }>(
      `query ($id: ID!) { referral(id: $id) { status } }`,
      { token: purchaser, variables: { id: r.id } },
    );
    expect(res.data!.referral.status).toBe('SUBMITTED');
  });

  describe('scope', () => {
    let referralId: string;
    let rival: { organisationId: string; token: string };
    beforeAll(async () => {
      const listing = await publishedListing();
      referralId = (await buy(listing.id, { crn: 'S999999' })).data!.createReferral.id;
      rival = await newSupplier(t);
    });
    const GET = `query ($id: ID!) { referral(id: $id) { id } }`;
    const LIST = `query ($f: ReferralFilter) { referrals(filter: $f, first: 100) { totalCount edges { node { id divisionCode: division { code } provider { id } } } } }`;

    it('lets the buying division, the provider, commissioners and admins see a referral; no one else', async () => {
      for (const token of [purchaser, supplier.token, await tokens.commissioner(), admin]) {
        expect((await t.gql(GET, { token, variables: { id: referralId } })).errors).toBeUndefined();
      }
      for (const token of [await tokens.purchaser('LDN'), rival.token]) {
        expect(errorCodes(await t.gql(GET, { token, variables: { id: referralId } }))).toEqual([
          'NOT_FOUND',
        ]);
      }
    });

    it('lists only what each role may see', async () => {
      const other = await t.gql<{ referrals: { totalCount: number } }>(LIST, {
        token: await tokens.purchaser('LDN'),
        variables: { f: { crn: 'S999999' } },
      });
      expect(other.data!.referrals.totalCount).toBe(0);
      const own = await t.gql<{ referrals: { totalCount: number } }>(LIST, {
        token: purchaser,
        variables: { f: { crn: 'S999999' } },
      });
      expect(own.data!.referrals.totalCount).toBe(1);
      const provider = await t.gql<{
        referrals: { edges: { node: { provider: { id: string } } }[] };
      }>(LIST, { token: supplier.token });
      expect(
        provider.data!.referrals.edges.every((e) => e.node.provider.id === supplier.organisationId),
      ).toBe(true);
      const rivalList = await t.gql<{ referrals: { totalCount: number } }>(LIST, {
        token: rival.token,
      });
      expect(rivalList.data!.referrals.totalCount).toBe(0);
    });

    it('lists several statuses at once, and those whose end-of-service report is due or not', async () => {
      const listing = await publishedListing();
      const waiting = (await buy(listing.id, { crn: 'S888888' })).data!.createReferral.id;
      const accepted = (await buy(listing.id, { crn: 'S888888' })).data!.createReferral.id;
      expect(
        (await act('acceptReferral', { id: accepted }, supplier.token)).errors,
      ).toBeUndefined();
      const count = async (f: Record<string, unknown>) => {
        const res = await t.gql<{
          referrals: { totalCount: number; edges: { node: { id: string } }[] };
        }>(LIST, { token: supplier.token, variables: { f: { crn: 'S888888', ...f } } });
        expect(res.errors).toBeUndefined();
        return res.data!.referrals.edges.map((e) => e.node.id).sort();
      };
      expect(await count({ statuses: ['SUBMITTED', 'ACCEPTED'] })).toEqual(
        [waiting, accepted].sort(),
      );
      expect(await count({ statuses: ['ACCEPTED'] })).toEqual([accepted]);
      expect(await count({ statuses: ['DECLINED', 'COMPLETED'] })).toEqual([]);
      expect(await count({ statuses: ['SUBMITTED'], status: 'ACCEPTED' })).toEqual([]);
      expect(await count({ endOfServiceReportDue: false })).toEqual([waiting, accepted].sort());
      expect(await count({ endOfServiceReportDue: true })).toEqual([]);
      const bad = await t.gql(LIST, {
        token: supplier.token,
        variables: { f: { statuses: ['NOPE'] } },
      });
      expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    });

    it("refuses another provider's supplier, and purchasers of another division, any transition", async () => {
      expect(errorCodes(await act('acceptReferral', { id: referralId }, rival.token))).toEqual([
        'NOT_FOUND',
      ]);
      const otherDivision = await act(
        'withdrawReferral',
        { id: referralId, input: { reason: 'MISTAKEN_OR_DUPLICATE' } },
        await tokens.purchaser('LDN'),
      );
      expect(errorCodes(otherDivision)).toEqual(['NOT_FOUND']);
      expect(errorCodes(await act('acceptReferral', { id: referralId }, purchaser))).toEqual([
        'FORBIDDEN',
      ]);
      expect(errorCodes(await buy(referralId, {}, key(), supplier.token))).toEqual(['FORBIDDEN']);
    });

    it('refuses a cursor it did not give, as BAD_USER_INPUT', async () => {
      const forged = Buffer.from(JSON.stringify([new Date().toISOString(), 'not-a-uuid'])).toString(
        'base64url',
      );
      for (const after of [forged, 'garbage']) {
        const res = await t.gql(
          `query ($after: String) { referrals(after: $after) { totalCount } }`,
          {
            token: purchaser,
            variables: { after },
          },
        );
        expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
        expect(res.errors![0].extensions!.fieldErrors![0].field).toBe('after');
      }
    });

    it('pages through referrals without repeats or gaps', async () => {
      const all = new Set<string>();
      let after: string | null = null;
      let total = 0;
      do {
        const page: {
          data?: {
            referrals: {
              totalCount: number;
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
              edges: { node: { id: string } }[];
            };
          } | null;
        } = await t.gql(
          `query ($after: String) { referrals(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
          { token: purchaser, variables: { after } },
        );
        const referrals = page.data!.referrals;
        total = referrals.totalCount;
        for (const edge of referrals.edges) {
          expect(all.has(edge.node.id)).toBe(false);
          all.add(edge.node.id);
        }
        after = referrals.pageInfo.hasNextPage ? referrals.pageInfo.endCursor : null;
      } while (after);
      expect(all.size).toBe(total);
      expect(total).toBeGreaterThan(6);
      // Backward (last/before) gives the same list; caps and cursors are checked.
      expect(
        await checkPaging(t, purchaser, { field: 'referrals', max: 100, size: 3 }),
      ).toHaveLength(total);
    });
  });
});

const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

// Concurrency needs real parallel connections: the embedded database has one, so this runs only
// against the PostgreSQL server (CI's second run).
onServer('purchases under concurrency (PostgreSQL server only)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2026-05-01');
    aims = {
      desiredOutcomes: await firstOutcomes(t, await tokens.admin(), ['ACCOMMODATION']),
      complexity: 'LOW',
    };
  });
  afterAll(() => t.close());

  it('sells exactly 10 places to 50 concurrent buyers, and the budget matches to the penny', async () => {
    const admin = await tokens.admin();
    const division = 'MID';
    await t.gql(SET_BUDGET, { token: admin, variables: { d: division, y: 2026, a: 10_000_000 } });
    const supplier = await newSupplier(t);
    const listing = await createListing(t, supplier.token, {
      capacity: 10,
      price: { amountPence: 12345, unit: 'PER_REFERRAL' },
    });
    await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: listing.id },
    });

    const buyers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => tokens.purchaser(division, `buyer-${i}`)),
    );
    const results = await Promise.all(
      buyers.map((token, i) =>
        t.gql<{ createReferral: { id: string } }>(BUY, {
          token,
          variables: {
            input: {
              interventionId: listing.id,
              crn: `C${String(i).padStart(6, '0')}`,
              person,
              targetFactors: ['ACCOMMODATION'],
              ...aims,
            },
            key: `concurrent-${i}`,
          },
        }),
      ),
    );
    const bought = results.filter((r) => r.data?.createReferral);
    const refused = results.filter((r) => r.errors);
    expect(bought).toHaveLength(10);
    expect(refused.map((r) => r.errors![0].extensions!.code)).toEqual(Array(40).fill('CONFLICT'));

    const res = await t.gql<{ divisionBudget: Record<string, number> }>(BUDGET, {
      token: admin,
      variables: { d: division, y: 2026 },
    });
    expect(res.data!.divisionBudget).toEqual({
      allocatedPence: 10_000_000,
      committedPence: 123450,
      spentPence: 0,
      remainingPence: 10_000_000 - 123450,
    });
    const [{ held }] = await t.dataSource.query<{ held: number }[]>(
      `SELECT places_held AS held FROM intervention WHERE id = $1`,
      [listing.id],
    );
    expect(held).toBe(10);
  });

  it('charges once when the same purchase is retried concurrently', async () => {
    const admin = await tokens.admin();
    await t.gql(SET_BUDGET, { token: admin, variables: { d: 'NW', y: 2026, a: 1_000_000 } });
    const supplier = await newSupplier(t);
    const listing = await createListing(t, supplier.token, {
      price: { amountPence: 1000, unit: 'PER_REFERRAL' },
    });
    await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: listing.id },
    });
    const token = await tokens.purchaser('NW');
    const input = {
      interventionId: listing.id,
      crn: 'R111111',
      person,
      targetFactors: ['ACCOMMODATION'],
      ...aims,
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.gql<{ createReferral: { id: string } }>(BUY, {
          token,
          variables: { input, key: 'same-key' },
        }),
      ),
    );
    expect(new Set(results.map((r) => r.data!.createReferral.id)).size).toBe(1);
    const res = await t.gql<{ divisionBudget: Record<string, number> }>(BUDGET, {
      token: admin,
      variables: { d: 'NW', y: 2026 },
    });
    expect(res.data!.divisionBudget.committedPence).toBe(1000);
  });
});
