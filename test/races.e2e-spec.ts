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
      riskOfHarmFocus: ['YES', 'NO', 'NOT_APPLICABLE'][i % 3],
      informationForReview: i % 4 === 0 ? 'NOT_APPLICABLE' : i % 3 !== 0 ? 'YES' : 'NO',
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
                riskOfHarmFocus: 'YES',
                informationForReview: 'YES',
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

// Joint commissioning: purchases race for a funding pot and the division's budget (financial
// year 2043, division SWSC, this describe's own pot and listings).
onServer('funding pots under concurrency (PostgreSQL server only)', () => {
  const COST = 10_250; // a fee of 10,000p and one desired outcome at 250p
  let t: TestApp;
  let admin: string;
  let purchaser: string;
  let supplier: { organisationId: string; token: string };
  let listings: string[];
  let outcome: string;
  let potId: string;
  const area = 'devon-cornwall';

  const pot = async () =>
    (
      await t.gql<{
        fundingPot: { committedPence: number; spentPence: number; totalPence: number };
      }>(`query ($id: ID!) { fundingPot(id: $id) { committedPence spentPence totalPence } }`, {
        token: admin,
        variables: { id: potId },
      })
    ).data!.fundingPot;
  const budget = async () =>
    (
      await t.gql<{ divisionBudget: { committedPence: number; allocatedPence: number } }>(
        `{ divisionBudget(divisionCode: "SWSC", financialYear: 2043) { committedPence allocatedPence } }`,
        { token: admin },
      )
    ).data!.divisionBudget;
  const buy = (key: string, i: number) =>
    t.gql<{ createReferral: { id: string; fundingPotId: string | null } }>(
      `mutation ($input: CreateReferralInput!, $key: String!) {
         createReferral(input: $input, idempotencyKey: $key) { id fundingPotId } }`,
      {
        token: purchaser,
        variables: {
          key,
          input: {
            interventionId: listings[i % listings.length],
            crn: `Q${String(i).padStart(6, '0')}`,
            person: { sex: 'MALE', age: 30, riskLevel: 'LOW', supervisionType: 'LICENCE' },
            targetFactors: ['ACCOMMODATION'],
            desiredOutcomes: [outcome],
            complexity: 'LOW',
            pccAreaCode: area,
          },
        },
      },
    );

  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2043-06-01T09:00:00Z');
    admin = await tokens.admin();
    purchaser = await tokens.purchaser('SWSC', 'race-pots-purchaser');
    await t.gql(
      `mutation { setDivisionBudget(divisionCode: "SWSC", financialYear: 2043, amountPence: ${20 * COST}) { allocatedPence } }`,
      { token: admin },
    );
    const council = await newSupplier(t, 'LOCAL_AUTHORITY');
    const created = await t.gql<{ createFundingPot: { id: string } }>(
      `mutation ($input: CreateFundingPotInput!) { createFundingPot(input: $input) { id } }`,
      {
        token: admin,
        variables: {
          input: {
            divisionCode: 'SWSC',
            financialYear: 2043,
            name: 'Devon and Cornwall accommodation (race)',
            needs: ['ACCOMMODATION'],
            pccAreaCodes: [area],
            funders: [{ organisationId: council.organisationId, amountPence: 20 * COST }],
          },
        },
      },
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    potId = created.data.createFundingPot.id;
    outcome = (await desiredOutcomes(t, admin)).ACCOMMODATION[0].id;
    supplier = await newSupplier(t);
    listings = [];
    for (let i = 0; i < 2; i++) {
      const listing = await createListing(t, supplier.token, {
        capacity: 100,
        coverage: [area],
        price: { amountPence: 10_000, unit: 'PER_REFERRAL', outcomePaymentPence: 250 },
      });
      await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
        token: supplier.token,
        variables: { id: listing.id },
      });
      listings.push(listing.id);
    }
  });
  afterAll(() => t.close());

  it('takes 50 racing purchases: 20 from the pot, 20 from the budget, 10 refused, exact to the penny', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => buy(`race-pot-${i}`, i)),
    );
    const bought = results.filter((r) => r.data).map((r) => r.data!.createReferral);
    expect(bought.filter((r) => r.fundingPotId === potId)).toHaveLength(20);
    expect(bought.filter((r) => r.fundingPotId === null)).toHaveLength(20);
    expect(failures(results).map((f) => f.reason)).toEqual(Array(10).fill('BUDGET_EXCEEDED'));
    expect(await pot()).toEqual({
      committedPence: 20 * COST,
      spentPence: 0,
      totalPence: 20 * COST,
    });
    expect(await budget()).toEqual({ committedPence: 20 * COST, allocatedPence: 20 * COST });
    expect(await findInconsistencies(t.dataSource)).toEqual([]);
  });

  it('keeps the pot exact while declines release it and new purchases race for what they free', async () => {
    const [{ ids }] = await t.dataSource.query<{ ids: string[] }[]>(
      `SELECT array_agg(id ORDER BY id) AS ids FROM referral WHERE funding_pot_id = $1 AND status = 'SUBMITTED'`,
      [potId],
    );
    const declines = ids.slice(0, 10).map((id) =>
      t.gql(`mutation ($id: ID!) { declineReferral(id: $id, reason: INELIGIBLE) { id } }`, {
        token: supplier.token,
        variables: { id },
      }),
    );
    const purchases = Array.from({ length: 15 }, (_, i) => buy(`race-pot-again-${i}`, 100 + i));
    const results = await Promise.all([...declines, ...purchases]);
    // A purchase finds the pot freed or not yet: refused only for want of money, never a 500.
    expect(failures(results).filter((f) => f.reason !== 'BUDGET_EXCEEDED')).toEqual([]);
    const after = await pot();
    expect(after.committedPence).toBeLessThanOrEqual(after.totalPence);
    const [{ live }] = await t.dataSource.query<{ live: string }[]>(
      `SELECT count(*) AS live FROM referral WHERE funding_pot_id = $1 AND status = 'SUBMITTED'`,
      [potId],
    );
    expect(after.committedPence).toBe(Number(live) * COST);
    expect(await findInconsistencies(t.dataSource)).toEqual([]);
  });
});
