import { findInconsistencies } from '../src/health/consistency';
import { Role } from '../src/auth/role';
import { newSupplier, publishedListing } from './support/catalogue';
import { attendSession, firstOutcomes, reportEndOfService } from './support/delivery';
import { errorCodes, errorReasons, GraphQLResponse, startApp, TestApp } from './support/test-app';
import { signToken, tokens } from './support/tokens';

/**
 * Joint commissioning (issue 19, section 4): funding pots with co-funders, purchases drawing from
 * the most specific pot before the division's budget, settlement against the same pot, spend by
 * funder, and a co-funder's commissioner who sees its own pots and nothing else. Everything here
 * is in financial year 2043, in the WAL division (Wales), on this file's own pots and listings.
 */
const YEAR = 2043;
const DIVISION = 'WAL';
const POT_FIELDS = `id name divisionCode financialYear needs pccAreaCodes specificity totalPence committedPence
  spentPence outcomePaymentsSpentPence remainingPence funders { organisationId organisationName organisationKind amountPence }`;
const CREATE = `mutation ($input: CreateFundingPotInput!) { createFundingPot(input: $input) { ${POT_FIELDS} } }`;
const UPDATE = `mutation ($input: UpdateFundingPotInput!) { updateFundingPot(input: $input) { ${POT_FIELDS} } }`;
const BUY = `mutation ($input: CreateReferralInput!, $key: String!) {
  createReferral(input: $input, idempotencyKey: $key) { id fundingPotId totalPence outcomePaymentMaxPence } }`;
const BUDGET = `query { divisionBudget(divisionCode: "${DIVISION}", financialYear: ${YEAR}) { committedPence spentPence remainingPence } }`;

interface Pot {
  id: string;
  name: string;
  needs: string[];
  pccAreaCodes: string[];
  specificity: number;
  totalPence: number;
  committedPence: number;
  spentPence: number;
  outcomePaymentsSpentPence: number;
  remainingPence: number;
  funders: {
    organisationId: string;
    organisationName: string;
    organisationKind: string;
    amountPence: number;
  }[];
}

function must<T>(res: GraphQLResponse<T>): T {
  if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

function fieldsOf(res: GraphQLResponse<unknown>): string[] {
  return (res.errors ?? []).flatMap((e) =>
    ((e.extensions?.fieldErrors as { field: string }[] | undefined) ?? []).map((f) => f.field),
  );
}

describe('funding pots (joint commissioning)', () => {
  let t: TestApp;
  let admin: string;
  let commissioner: string;
  let purchaser: string;
  let supplier: { organisationId: string; token: string };
  let dyfedPcc: { id: string; name: string };
  let gwentPcc: { id: string; name: string };
  let council: string;
  let listingId: string;
  let outcomes: { accommodation: string[]; both: string[] };
  let keys = 0;

  /** Buys a place on the listing in an area (10,000p fee, 500p per desired outcome). */
  async function buy(pccAreaCode: string, targetFactors = ['ACCOMMODATION']) {
    keys += 1;
    const res = await t.gql<{
      createReferral: {
        id: string;
        fundingPotId: string | null;
        totalPence: number;
        outcomePaymentMaxPence: number;
      };
    }>(BUY, {
      token: purchaser,
      variables: {
        key: `pots-${keys}`,
        input: {
          interventionId: listingId,
          crn: `P${String(100000 + keys)}`,
          person: { sex: 'FEMALE', age: 30, riskLevel: 'LOW', supervisionType: 'LICENCE' },
          targetFactors,
          desiredOutcomes: targetFactors.length > 1 ? outcomes.both : outcomes.accommodation,
          complexity: 'LOW',
          pccAreaCode,
        },
      },
    });
    return must(res).createReferral;
  }

  async function pot(id: string, token = admin): Promise<Pot> {
    return must(
      await t.gql<{ fundingPot: Pot }>(
        `query ($id: ID!) { fundingPot(id: $id) { ${POT_FIELDS} } }`,
        {
          token,
          variables: { id },
        },
      ),
    ).fundingPot;
  }

  async function budget() {
    return must(
      await t.gql<{ divisionBudget: { committedPence: number; spentPence: number } }>(BUDGET, {
        token: admin,
      }),
    ).divisionBudget;
  }

  async function potsOfYear(): Promise<number> {
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM funding_pot WHERE financial_year = $1`,
      [YEAR],
    );
    return n;
  }

  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2043-05-10T09:00:00Z');
    admin = await tokens.admin('pots-admin');
    commissioner = await tokens.commissioner(DIVISION, 'pots-wal-commissioner');
    purchaser = await tokens.purchaser(DIVISION, 'pots-wal-purchaser');
    must(
      await t.gql(
        `mutation { setDivisionBudget(divisionCode: "${DIVISION}", financialYear: ${YEAR}, amountPence: 1000000) { allocatedPence } }`,
        { token: admin },
      ),
    );
    const pccs = await t.dataSource.query<{ id: string; name: string; code: string }[]>(
      `SELECT id, name, pcc_area_code AS code FROM organisation WHERE pcc_area_code IN ('dyfed-powys', 'gwent')`,
    );
    dyfedPcc = pccs.find((p) => p.code === 'dyfed-powys')!;
    gwentPcc = pccs.find((p) => p.code === 'gwent')!;
    council = (await newSupplier(t, 'LOCAL_AUTHORITY')).organisationId;
    supplier = await newSupplier(t);
    const listing = await publishedListing(t, supplier.token, {
      factors: ['ACCOMMODATION', 'ETE'],
      capacity: 50,
      venues: [
        {
          name: 'Carmarthen hub',
          postcode: 'SA31 1AA',
          pccAreaCode: 'dyfed-powys',
          lat: 51.86,
          lng: -4.31,
        },
      ],
      coverage: ['dyfed-powys', 'gwent'],
      price: { amountPence: 10000, unit: 'PER_REFERRAL', outcomePaymentPence: 500 },
    });
    listingId = listing.id;
    outcomes = {
      accommodation: await firstOutcomes(t, admin, ['ACCOMMODATION']),
      both: await firstOutcomes(t, admin, ['ACCOMMODATION', 'ETE']),
    };
  });
  afterAll(() => t.close());

  it('has the 42 Police and Crime Commissioners as co-funders, who can have no listings', async () => {
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM organisation WHERE kind = 'PCC' AND pcc_area_code IS NOT NULL`,
    );
    expect(n).toBe(42);
    expect(dyfedPcc.name).toBe('Police and Crime Commissioner for Dyfed-Powys');
    const res = await t.gql(
      `mutation ($input: CreateInterventionInput!) { createIntervention(input: $input) { id } }`,
      {
        token: admin,
        variables: {
          input: {
            providerId: dyfedPcc.id,
            title: 'Not a service',
            summary: 'A PCC cannot provide.',
            description: 'Refused.',
            factors: ['ACCOMMODATION'],
            deliveryModes: ['ONE_TO_ONE'],
            eligibility: {},
            coverage: ['dyfed-powys'],
            capacity: 1,
          },
        },
      },
    );
    expect(errorReasons(res)).toEqual(['NOT_A_PROVIDER']);
    expect(fieldsOf(res)).toEqual(['input.providerId']);
  });

  it('refuses a pot with no funder, a co-funder of the wrong kind, a negative amount or an area outside the division, writing nothing', async () => {
    const before = await potsOfYear();
    const input = (over: Record<string, unknown>) => ({
      divisionCode: DIVISION,
      financialYear: YEAR,
      name: 'Bad pot',
      ...over,
    });
    const cases: [Record<string, unknown>, string[]][] = [
      [{ funders: [] }, ['input.funders']],
      [
        { funders: [{ organisationId: supplier.organisationId, amountPence: 100 }] },
        ['input.funders.0.organisationId'],
      ],
      [
        { funders: [{ organisationId: dyfedPcc.id, amountPence: -1 }] },
        ['input.funders.0.amountPence'],
      ],
      [
        {
          funders: [{ organisationId: dyfedPcc.id, amountPence: 100 }],
          pccAreaCodes: ['london'],
        },
        ['input.pccAreaCodes.0'],
      ],
      [
        {
          funders: [
            { organisationId: dyfedPcc.id, amountPence: 100 },
            { organisationId: dyfedPcc.id, amountPence: 100 },
          ],
        },
        ['input.funders.1.organisationId'],
      ],
    ];
    for (const [over, fields] of cases) {
      const res = await t.gql(CREATE, { token: commissioner, variables: { input: input(over) } });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fieldsOf(res)).toEqual(fields);
      if (over.funders === cases[1][0].funders)
        expect(errorReasons(res)).toEqual(['NOT_A_CO_FUNDER']);
    }
    // Another division's commissioner, a purchaser, a co-funder: refused, nothing written.
    const good = input({ funders: [{ organisationId: dyfedPcc.id, amountPence: 100 }] });
    const other = await t.gql(CREATE, {
      token: await tokens.commissioner('LDN', 'pots-ldn-commissioner'),
      variables: { input: good },
    });
    expect(errorReasons(other)).toEqual(['OUT_OF_SCOPE']);
    expect(
      errorCodes(await t.gql(CREATE, { token: purchaser, variables: { input: good } })),
    ).toEqual(['FORBIDDEN']);
    const coFunder = await signToken({
      sub: 'pots-dyfed-pcc',
      roles: [Role.COMMISSIONER],
      organisationId: dyfedPcc.id,
    });
    expect(
      errorReasons(await t.gql(CREATE, { token: coFunder, variables: { input: good } })),
    ).toEqual(['CO_FUNDER_SCOPE']);
    expect(await potsOfYear()).toBe(before);
  });

  describe('with three pots of different specificity', () => {
    let anyPot: Pot;
    let needPot: Pot;
    let bothPot: Pot;
    const bought: Record<string, { id: string; fundingPotId: string | null }> = {};

    beforeAll(async () => {
      const create = async (name: string, over: Record<string, unknown>) =>
        must(
          await t.gql<{ createFundingPot: Pot }>(CREATE, {
            token: commissioner,
            variables: { input: { divisionCode: DIVISION, financialYear: YEAR, name, ...over } },
          }),
        ).createFundingPot;
      // Oldest first: the least specific.
      anyPot = await create('Wales anything', {
        funders: [{ organisationId: council, amountPence: 30000 }],
      });
      t.clock.set('2043-05-11T09:00:00Z');
      needPot = await create('Wales accommodation', {
        needs: ['ACCOMMODATION'],
        funders: [{ organisationId: gwentPcc.id, amountPence: 20000 }],
      });
      t.clock.set('2043-05-12T09:00:00Z');
      bothPot = await create('Dyfed-Powys accommodation', {
        needs: ['ACCOMMODATION'],
        pccAreaCodes: ['dyfed-powys'],
        funders: [
          { organisationId: dyfedPcc.id, amountPence: 15000 },
          { organisationId: council, amountPence: 6000 },
        ],
      });
    });

    it('creates them with their co-funders, totals and specificity, audited', async () => {
      expect([anyPot.specificity, needPot.specificity, bothPot.specificity]).toEqual([0, 1, 2]);
      expect(bothPot.totalPence).toBe(21000);
      expect(bothPot.remainingPence).toBe(21000);
      expect(
        bothPot.funders.map((f) => [f.organisationId, f.organisationKind, f.amountPence]).sort(),
      ).toEqual(
        [
          [council, 'LOCAL_AUTHORITY', 6000],
          [dyfedPcc.id, 'PCC', 15000],
        ].sort(),
      );
      const audit = await t.dataSource.query<{ action: string }[]>(
        `SELECT action FROM audit_event WHERE entity_id = $1`,
        [bothPot.id],
      );
      expect(audit.map((a) => a.action)).toEqual(['FUNDING_POT_CREATED']);
    });

    it('draws each purchase from the most specific matching pot that can pay it all, then the budget', async () => {
      const budgetBefore = await budget();
      // Each costs 10,500p (fee 10,000p + one outcome at 500p; 11,000p with two outcomes).
      bought.a = await buy('dyfed-powys'); // need and area: bothPot (21,000 -> 10,500)
      bought.b = await buy('dyfed-powys'); // bothPot (10,500 -> 0)
      bought.c = await buy('dyfed-powys'); // bothPot empty: need only (20,000 -> 9,500)
      bought.d = await buy('gwent'); // not Dyfed-Powys: need only has 9,500, too little: anyPot
      bought.e = await buy('gwent', ['ACCOMMODATION', 'ETE']); // ETE is no need of needPot: anyPot
      bought.f = await buy('gwent', ['ACCOMMODATION', 'ETE']); // anyPot has 8,500 left: the budget
      expect(
        Object.fromEntries(Object.entries(bought).map(([k, r]) => [k, r.fundingPotId])),
      ).toEqual({
        a: bothPot.id,
        b: bothPot.id,
        c: needPot.id,
        d: anyPot.id,
        e: anyPot.id,
        f: null,
      });
      expect((await pot(bothPot.id)).remainingPence).toBe(0);
      expect((await pot(needPot.id)).remainingPence).toBe(9500);
      expect((await pot(anyPot.id)).remainingPence).toBe(30000 - 10500 - 11000);
      const budgetAfter = await budget();
      expect(budgetAfter.committedPence - budgetBefore.committedPence).toBe(11000);
    });

    it('never overdraws a pot, nor lets its co-funders take out what is committed', async () => {
      for (const id of [anyPot.id, needPot.id, bothPot.id]) {
        const p = await pot(id);
        expect(p.committedPence + p.spentPence).toBeLessThanOrEqual(p.totalPence);
      }
      const res = await t.gql(UPDATE, {
        token: commissioner,
        variables: {
          input: { id: bothPot.id, funders: [{ organisationId: dyfedPcc.id, amountPence: 15000 }] },
        },
      });
      expect(errorReasons(res)).toEqual(['POT_BELOW_USED']);
      expect((await pot(bothPot.id)).totalPence).toBe(21000);
    });

    it('settles a referral against the pot it drew from: declines release, completion and the report spend', async () => {
      const budgetBefore = await budget();
      // Declined: bothPot gets its 10,500p back.
      must(
        await t.gql(`mutation ($id: ID!) { declineReferral(id: $id, reason: INELIGIBLE) { id } }`, {
          token: supplier.token,
          variables: { id: bought.a.id },
        }),
      );
      expect(await pot(bothPot.id)).toMatchObject({ committedPence: 10500, remainingPence: 10500 });
      // Withdrawn before the start: anyPot gets its 11,000p back.
      must(
        await t.gql(
          `mutation ($id: ID!) { withdrawReferral(id: $id, input: { reason: MOVED_OUT_OF_AREA }) { id } }`,
          { token: purchaser, variables: { id: bought.e.id } },
        ),
      );
      expect(await pot(anyPot.id)).toMatchObject({ committedPence: 10500, remainingPence: 19500 });
      // Delivered, reported (outcome achieved: 500p earned) and completed: needPot spends 10,500p.
      must(
        await t.gql(`mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, {
          token: supplier.token,
          variables: { id: bought.c.id },
        }),
      );
      await attendSession(t, supplier.token, bought.c.id);
      await reportEndOfService(t, supplier.token, bought.c.id, 'ACHIEVED');
      must(
        await t.gql(`mutation ($id: ID!) { completeReferral(id: $id) { id } }`, {
          token: supplier.token,
          variables: { id: bought.c.id },
        }),
      );
      expect(await pot(needPot.id)).toMatchObject({
        committedPence: 0,
        spentPence: 10500,
        outcomePaymentsSpentPence: 500,
        remainingPence: 9500,
      });
      // The division's own budget did not move.
      expect(await budget()).toEqual(budgetBefore);
    });

    it("shows a co-funder's commissioner its own pots' spend and outcomes and nothing else", async () => {
      const coFunder = await signToken({
        sub: 'pots-gwent-pcc',
        roles: [Role.COMMISSIONER],
        organisationId: gwentPcc.id,
      });
      const listed = must(
        await t.gql<{ fundingPots: { id: string }[] }>(
          `{ fundingPots(financialYear: ${YEAR}) { id } }`,
          { token: coFunder },
        ),
      );
      expect(listed.fundingPots.map((p) => p.id)).toEqual([needPot.id]);
      expect(
        errorCodes(
          await t.gql(`query ($id: ID!) { fundingPot(id: $id) { id } }`, {
            token: coFunder,
            variables: { id: bothPot.id },
          }),
        ),
      ).toEqual(['NOT_FOUND']);
      const spend = must(
        await t.gql<{ spendByFunder: Record<string, unknown>[] }>(
          `{ spendByFunder(financialYear: ${YEAR}) { funderId potId contributedPence spentPence outcomePaymentsSpentPence funderSpentPence referrals finishedReferrals endOfServiceReports outcomesAchieved outcomesNotAchieved } }`,
          { token: coFunder },
        ),
      ).spendByFunder;
      expect(spend).toEqual([
        {
          funderId: gwentPcc.id,
          potId: needPot.id,
          contributedPence: 20000,
          spentPence: 10500,
          outcomePaymentsSpentPence: 500,
          funderSpentPence: 10500,
          referrals: 1,
          finishedReferrals: 1,
          endOfServiceReports: 1,
          outcomesAchieved: 1,
          outcomesNotAchieved: 0,
        },
      ]);
      const csv = await fetch(`${t.url}/reports/spendByFunder.csv?financialYear=${YEAR}`, {
        headers: { authorization: `Bearer ${coFunder}` },
      });
      expect(csv.status).toBe(200);
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(needPot.id);

      // Every other commissioner report, the budget, referrals and the audit trail refuse it.
      const refused = [
        `{ divisionBudget(divisionCode: "${DIVISION}", financialYear: ${YEAR}) { committedPence } }`,
        `{ spend(groupBy: DIVISION) { key } }`,
        `{ referrals { totalCount } }`,
        `query ($id: ID!) { referral(id: $id) { id } }`,
        `{ provisionGaps { gap } }`,
        `{ staleListings { totalCount } }`,
        `{ divisionsWithoutPurchases { code } }`,
        `query ($id: ID!) { auditTrail(entityId: $id) { nodes { id } } }`,
        `{ contributionScores { nodes { score } } }`,
        `{ searchInterventions(filter: {}) { totalCount } }`,
      ];
      for (const query of refused) {
        const res = await t.gql(query, { token: coFunder, variables: { id: bought.c.id } });
        expect([query, errorReasons(res)]).toEqual([query, ['CO_FUNDER_SCOPE']]);
      }
      for (const path of ['/reports/spend.csv?groupBy=DIVISION', '/reports/staleListings.csv']) {
        const res = await fetch(`${t.url}${path}`, {
          headers: { authorization: `Bearer ${coFunder}` },
        });
        expect([path, res.status]).toEqual([path, 403]);
      }
    });

    it("reports spend by funder to the division's commissioner: one row per co-funder and pot", async () => {
      const rows = must(
        await t.gql<{
          spendByFunder: {
            funderId: string;
            potId: string;
            share: number;
            contributedPence: number;
            potTotalPence: number;
          }[];
        }>(
          `{ spendByFunder(financialYear: ${YEAR}, divisionCode: "${DIVISION}") { funderId potId share contributedPence potTotalPence } }`,
          { token: commissioner },
        ),
      ).spendByFunder.filter((r) => [anyPot.id, needPot.id, bothPot.id].includes(r.potId));
      expect(rows.map((r) => [r.funderId, r.potId, r.contributedPence]).sort()).toEqual(
        [
          [council, anyPot.id, 30000],
          [council, bothPot.id, 6000],
          [dyfedPcc.id, bothPot.id, 15000],
          [gwentPcc.id, needPot.id, 20000],
        ].sort(),
      );
      const dyfed = rows.find((r) => r.funderId === dyfedPcc.id)!;
      expect(dyfed.share).toBeCloseTo(15000 / 21000);
      // Another division's commissioner may not ask for Wales.
      const other = await t.gql(
        `{ spendByFunder(financialYear: ${YEAR}, divisionCode: "${DIVISION}") { potId } }`,
        {
          token: await tokens.commissioner('LDN', 'pots-ldn-commissioner'),
        },
      );
      expect(errorReasons(other)).toEqual(['OUT_OF_SCOPE']);
    });

    it('changes a pot (audited) and keeps the consistency check clean', async () => {
      const changed = must(
        await t.gql<{ updateFundingPot: Pot }>(UPDATE, {
          token: commissioner,
          variables: {
            input: {
              id: needPot.id,
              name: 'Wales accommodation (topped up)',
              funders: [{ organisationId: gwentPcc.id, amountPence: 25000 }],
            },
          },
        }),
      ).updateFundingPot;
      expect(changed).toMatchObject({ totalPence: 25000, remainingPence: 14500 });
      const audit = await t.dataSource.query<{ action: string }[]>(
        `SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY sequence`,
        [needPot.id],
      );
      expect(audit.map((a) => a.action)).toEqual(['FUNDING_POT_CREATED', 'FUNDING_POT_CHANGED']);
      const mine = new Set([anyPot.id, needPot.id, bothPot.id, `${DIVISION}/${YEAR}`]);
      expect((await findInconsistencies(t.dataSource)).filter((i) => mine.has(i.subject))).toEqual(
        [],
      );
    });
  });
});
