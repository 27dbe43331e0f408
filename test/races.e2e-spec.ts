import { findInconsistencies } from '../src/health/consistency';
import { createListing, newSupplier } from './support/catalogue';
import { attendSession, desiredOutcomes, reportEndOfService } from './support/delivery';
import { tokens } from './support/tokens';
import { GraphQLResponse, startApp, TestApp } from './support/test-app';

const BUY = `mutation ($input: CreateReferralInput!, $key: String!) {
  createReferral(input: $input, idempotencyKey: $key) { id } }`;
const REPORT = `mutation ($r: ID!, $input: EndOfServiceReportInput!) {
  submitEndOfServiceReport(referralId: $r, input: $input) { id } }`;
const RECORD = `mutation ($r: ID!, $input: OutcomeInput!) {
  recordOutcome(referralId: $r, input: $input) { id } }`;
const FACTORS = ['ACCOMMODATION', 'ETE', 'FINANCE', 'DRUGS'];

/** The same items in a different order for each `i`: so concurrent writers meet rows in many orders. */
function rotated<T>(items: T[], i: number): T[] {
  const turned = [...items.slice(i % items.length), ...items.slice(0, i % items.length)];
  return Math.floor(i / items.length) % 2 ? turned.reverse() : turned;
}

function failures(results: GraphQLResponse<unknown>[]) {
  return results.flatMap((r) =>
    (r.errors ?? []).map((e) => ({
      code: e.extensions?.code,
      reason: e.extensions?.reason,
      message: e.message,
    })),
  );
}

const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

// Deadlocks need real parallel connections: the embedded database has one, so these run only
// against the PostgreSQL server (CI's second run).
onServer('aggregates under concurrency (PostgreSQL server only)', () => {
  let t: TestApp;
  let supplier: { organisationId: string; token: string };
  const divisions = ['LDN', 'NE', 'NW', 'MID'];
  const purchasers: Record<string, string> = {};
  type Made = { id: string; division: string; factors: string[] };
  const started: Made[] = [];
  const finished: Made[] = [];
  let byFactor: Record<string, { id: string }[]>;

  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2027-05-04T09:00:00Z');
    const admin = await tokens.admin();
    for (const d of divisions) {
      await t.gql(
        `mutation { setDivisionBudget(divisionCode: "${d}", financialYear: 2027, amountPence: 100000000) { allocatedPence } }`,
        { token: admin },
      );
      purchasers[d] = await tokens.purchaser(d);
    }
    byFactor = await desiredOutcomes(t, admin);
    supplier = await newSupplier(t);
    const listings = [];
    for (const outcomePaymentPence of [0, 500]) {
      const listing = await createListing(t, supplier.token, {
        factors: FACTORS,
        capacity: 100,
        price: { amountPence: 10000, unit: 'PER_REFERRAL', outcomePaymentPence },
      });
      await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
        token: supplier.token,
        variables: { id: listing.id },
      });
      listings.push(listing.id);
    }

    // 42 started referrals of one provider, in four divisions, on two listings, aiming at the
    // four factors in different orders: 24 to report on at once, 18 finished to judge.
    for (let i = 0; i < 42; i++) {
      const division = divisions[i % divisions.length];
      const factors = rotated(FACTORS, i).slice(0, 2 + (i % 3));
      const res = await t.gql<{ createReferral: { id: string } }>(BUY, {
        token: purchasers[division],
        variables: {
          key: `race-${i}`,
          input: {
            interventionId: listings[i % 2],
            crn: `R${String(i).padStart(6, '0')}`,
            person: { sex: 'MALE', age: 30, riskLevel: 'LOW', supervisionType: 'LICENCE' },
            targetFactors: factors,
            desiredOutcomes: factors.map((f) => byFactor[f][0].id),
            complexity: 'LOW',
          },
        },
      });
      if (!res.data) throw new Error(JSON.stringify(res.errors));
      const id = res.data.createReferral.id;
      await t.gql(`mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, {
        token: supplier.token,
        variables: { id },
      });
      await attendSession(t, supplier.token, id);
      if (i < 24) {
        started.push({ id, division, factors });
        continue;
      }
      await reportEndOfService(t, supplier.token, id);
      await t.gql(`mutation ($id: ID!) { completeReferral(id: $id) { id } }`, {
        token: supplier.token,
        variables: { id },
      });
      finished.push({ id, division, factors });
    }
  });
  afterAll(() => t.close());

  it('takes 24 concurrent end-of-service reports for one provider, every one', async () => {
    const achievements = ['ACHIEVED', 'PARTIALLY_ACHIEVED', 'NOT_ACHIEVED'];
    const results = await Promise.all(
      started.map(({ id, factors }, i) =>
        t.gql(REPORT, {
          token: supplier.token,
          variables: {
            r: id,
            input: {
              // The rows in the referral's own factor order, which differs between referrals.
              outcomes: factors.map((f, k) => ({
                desiredOutcomeId: byFactor[f][0].id,
                achievement: achievements[(i + k) % 3],
              })),
            },
          },
        }),
      ),
    );
    expect(failures(results)).toEqual([]);
    expect(await findInconsistencies(t.dataSource)).toEqual([]);
  });

  it('records concurrent outcomes on 14 referrals of one provider, every one', async () => {
    const judge = ({ factors }: { factors: string[] }, i: number) => ({
      // Judgements in different orders, as different purchasers would send them.
      factorJudgements: rotated(factors, i).map((factor, k) => ({
        factor,
        sufficient: (i + k) % 2 === 0,
      })),
      riskOfHarmFocusSufficient: i % 2 === 0,
      informationForReviewSufficient: i % 3 !== 0,
    });
    expect(finished).toHaveLength(18);
    const results = await Promise.all(
      finished.slice(0, 14).map((referral, i) =>
        t.gql(RECORD, {
          token: purchasers[referral.division],
          variables: { r: referral.id, input: judge(referral, i) },
        }),
      ),
    );
    expect(failures(results)).toEqual([]);
    expect(await findInconsistencies(t.dataSource)).toEqual([]);
  });

  it('answers three simultaneous outcomes on one referral with one success and two CONFLICTs', async () => {
    for (const referral of finished.slice(14, 18)) {
      const results = await Promise.all(
        [0, 1, 2].map((i) =>
          t.gql(RECORD, {
            token: purchasers[referral.division],
            variables: {
              r: referral.id,
              input: {
                factorJudgements: rotated(referral.factors, i).map((factor) => ({
                  factor,
                  sufficient: i === 0,
                })),
                riskOfHarmFocusSufficient: true,
                informationForReviewSufficient: true,
              },
            },
          }),
        ),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(failures(results).map(({ code, reason }) => ({ code, reason }))).toEqual([
        { code: 'CONFLICT', reason: 'ALREADY_RECORDED' },
        { code: 'CONFLICT', reason: 'ALREADY_RECORDED' },
      ]);
    }
    expect(await findInconsistencies(t.dataSource)).toEqual([]);
  });
});
