import { DemandRollupService } from '../src/commissioning/demand-rollup.service';
import { BuiltRollup } from '../src/commissioning/purchase-rollups';
import { findInconsistencies } from '../src/health/consistency';
import { newSupplier, publishedListing } from './support/catalogue';
import { attendSession, firstOutcomes, reportEndOfService } from './support/delivery';
import { tokens } from './support/tokens';
import { startApp, TestApp } from './support/test-app';

/**
 * The daily rollups of recorded searches (issue 21, section 3): every report that counts
 * searches or needs answers the same from the searches themselves (days not built) and from
 * the rollups (days built), a search written into a built day counts at once, and the
 * consistency check compares every built day with its searches. This file owns the year 2051
 * and the PCC areas it searches and lists in (south-yorkshire, humberside; division NE): no other
 * test file lists there, so what a search finds available is this file's own listing only.
 */
const AREA = 'south-yorkshire';
const EMPTY_AREA = 'humberside';
const DIVISION = 'NE';
const DAYS = ['2051-06-01', '2051-06-02', '2051-06-03'];
const TODAY = '2051-06-05';
const PERIOD = { from: '2051-06-01', to: TODAY };

/**
 * The search days of this file's market (2051) a run of the rollup job built (it builds
 * referrals and judgements too): other test files share the database and record searches on
 * days of their own, which a run may build as well.
 */
const searchDays = (built: BuiltRollup[]) =>
  built
    .filter((b) => b.kind === 'searches' && b.span === 'day' && b.day.startsWith('2051-'))
    .map((b) => b.day);

const REPORTS = `query ($from: Date, $to: Date, $providerId: ID!) {
  provisionGaps(filter: { from: $from, to: $to, divisionCode: "${DIVISION}" }) {
    pccArea { code } factor { code } searches searchesWithNoResult searchHitRate needs needsMet availabilityRate
  }
  bySex: measureBreakdown(by: SEX, from: $from, to: $to) { key needs needsMet availabilityRate }
  bySupervision: measureBreakdown(by: SUPERVISION_TYPE, from: $from, to: $to) { key needs needsMet availabilityRate }
  divisionsWithoutPurchases(from: $from, to: $to) { level code searches }
  rateCardReview(providerId: $providerId, from: $from, to: $to) { title searches searchesNothingAvailable }
}`;

interface Reports {
  provisionGaps: {
    pccArea: { code: string };
    factor: { code: string };
    searches: number;
    needs: number;
    needsMet: number;
  }[];
  bySex: { key: string; needs: number; needsMet: number }[];
  divisionsWithoutPurchases: { level: string; code: string; searches: number }[];
  rateCardReview: { title: string; searches: number; searchesNothingAvailable: number }[];
}

describe('daily rollups of recorded searches', () => {
  let t: TestApp;
  let commissioner: string;
  let providerId: string;
  let supplierToken: string;
  let listingId: string;
  let rollups: DemandRollupService;

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(`${DAYS[0]}T08:00:00Z`);
    commissioner = await tokens.commissioner(undefined, 'commissioner-rollups');
    rollups = t.app.get(DemandRollupService);
    const supplier = await newSupplier(t);
    providerId = supplier.organisationId;
    supplierToken = supplier.token;
    ({ id: listingId } = await publishedListing(t, supplier.token, {
      title: 'Rollup test employment support',
      factors: ['ETE', 'ACCOMMODATION'],
      price: { amountPence: 10000, unit: 'PER_REFERRAL' },
      coverage: [AREA],
      venues: [
        { name: 'Sheffield', postcode: 'S1 2HE', pccAreaCode: AREA, lat: 53.38, lng: -1.47 },
      ],
    }));
  });
  afterAll(() => t.close());

  async function search(token: string, filter: Record<string, unknown>): Promise<void> {
    const res = await t.gql(
      `query ($filter: InterventionSearchInput!) { searchInterventions(filter: $filter) { totalCount } }`,
      { token, variables: { filter } },
    );
    expect(res.errors).toBeUndefined();
  }

  async function reports(): Promise<Reports> {
    const res = await t.gql<Reports>(REPORTS, {
      token: commissioner,
      variables: { ...PERIOD, providerId },
    });
    expect(res.errors).toBeUndefined();
    return res.data!;
  }

  async function pendingDays(): Promise<string[]> {
    const rows = await t.dataSource.query<{ day: string }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM search_rollup_pending
       WHERE day BETWEEN $1::date AND $2::date ORDER BY day`,
      [PERIOD.from, PERIOD.to],
    );
    return rows.map((row) => row.day);
  }

  const person = (sex: string, supervisionType: string) => ({
    sex,
    age: 30,
    riskLevel: 'MEDIUM',
    supervisionType,
  });

  it('records searches over three days and today, by several purchasers and a commissioner', async () => {
    const purchasers = await Promise.all(
      ['a', 'b', 'c'].map((name) => tokens.purchaser(DIVISION, `purchaser-rollups-${name}`)),
    );
    for (const [n, day] of DAYS.entries()) {
      for (const [hour, token] of purchasers.entries()) {
        t.clock.set(`${day}T${String(9 + hour).padStart(2, '0')}:00:00Z`);
        await search(token, {
          factors: ['ETE'],
          pccAreaCode: AREA,
          person: person(hour === 0 ? 'FEMALE' : 'MALE', 'LICENCE'),
        });
        // The same need again that day, and two needs in one search.
        if (hour === n) await search(token, { factors: ['ETE'], pccAreaCode: AREA });
        await search(token, {
          factors: ['ACCOMMODATION', 'DRUGS'],
          pccAreaCode: AREA,
          person: person('MALE', 'COMMUNITY_SENTENCE'),
        });
      }
      // Nothing on offer there, and a search with no area.
      await search(purchasers[0], { factors: ['DRUGS'], pccAreaCode: EMPTY_AREA });
      await search(purchasers[1], { text: 'housing' });
      // Not a purchaser's search: counted nowhere.
      await search(commissioner, { factors: ['ETE'], pccAreaCode: AREA });
    }
    t.clock.set(`${TODAY}T10:00:00Z`);
    await search(purchasers[2], { factors: ['ETE'], pccAreaCode: AREA });
    expect(await pendingDays()).toEqual([...DAYS, TODAY]);
  });

  let fromSearches: Reports;

  it('answers the same from the rollups as from the searches, and leaves today unbuilt', async () => {
    fromSearches = await reports();
    const ete = fromSearches.provisionGaps.find(
      (row) => row.pccArea.code === AREA && row.factor.code === 'ETE',
    );
    // Counted by hand from what the first test searched: each day three purchasers' ETE
    // searches and one repeat, three ACCOMMODATION+DRUGS searches; one more today.
    expect(ete).toMatchObject({ searches: 3 * 4 + 1, needs: 3 * 3 + 1, needsMet: 3 * 3 + 1 });
    const drugs = fromSearches.provisionGaps.find(
      (row) => row.pccArea.code === AREA && row.factor.code === 'DRUGS',
    );
    expect(drugs).toMatchObject({ searches: 9, needs: 9, needsMet: 0 });
    expect(fromSearches.bySex).toContainEqual(
      expect.objectContaining({ key: 'FEMALE', needs: 3, needsMet: 3 }),
    );
    expect(fromSearches.rateCardReview).toEqual([
      expect.objectContaining({ searches: 3 * 7 + 1, searchesNothingAvailable: 0 }),
    ]);
    expect(fromSearches.divisionsWithoutPurchases).toContainEqual(
      expect.objectContaining({ level: 'DIVISION', code: DIVISION, searches: 3 * 9 + 1 }),
    );
    expect(fromSearches.divisionsWithoutPurchases).toContainEqual(
      expect.objectContaining({ level: 'PCC_AREA', code: EMPTY_AREA, searches: 3 }),
    );

    const built = searchDays(await rollups.catchUp());
    expect(built).toEqual(expect.arrayContaining(DAYS));
    expect(built).not.toContain(TODAY);
    expect(await pendingDays()).toEqual([TODAY]);
    const rows = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM search_demand_daily WHERE day = ANY($1::date[])`,
      [DAYS],
    );
    expect(rows[0].n).toBeGreaterThan(0);

    expect(await reports()).toEqual(fromSearches);
    // Built already: a second run builds nothing.
    expect(searchDays(await rollups.catchUp())).toEqual([]);
  });

  it('counts a search written into a built day at once, and builds that day again', async () => {
    t.clock.set(`${DAYS[1]}T18:00:00Z`);
    await search(await tokens.purchaser(DIVISION, 'purchaser-rollups-late'), {
      factors: ['ETE'],
      pccAreaCode: AREA,
      person: person('FEMALE', 'LICENCE'),
    });
    t.clock.set(`${TODAY}T11:00:00Z`);
    expect(await pendingDays()).toEqual([DAYS[1], TODAY]);

    const withLate = await reports();
    const ete = (r: Reports) =>
      r.provisionGaps.find((row) => row.pccArea.code === AREA && row.factor.code === 'ETE')!;
    expect(ete(withLate).searches).toBe(ete(fromSearches).searches + 1);
    expect(withLate).not.toEqual(fromSearches);

    expect(searchDays(await rollups.catchUp())).toEqual([DAYS[1]]);
    expect(await reports()).toEqual(withLate);
  });

  it('the consistency check compares every built day with its searches', async () => {
    const rollupProblems = async () =>
      (await findInconsistencies(t.dataSource)).filter((p) => p.rule.endsWith('_rollup'));
    expect(await rollupProblems()).toEqual([]);

    await t.dataSource.query(
      `UPDATE search_demand_daily SET searches = searches + 1
       WHERE day = $1::date AND pcc_area_code = $2 AND factors = '{ETE}'`,
      [DAYS[0], AREA],
    );
    await t.dataSource.query(
      `UPDATE search_need_daily SET met = met + 1
       WHERE day = $1::date AND pcc_area_code = $2 AND factor = 'ETE' AND dimension = 'ALL'`,
      [DAYS[2], AREA],
    );
    await t.dataSource.query(
      `UPDATE search_factor_daily SET no_result = no_result + 1
       WHERE day = $1::date AND pcc_area_code = $2 AND factor = 'DRUGS'`,
      [DAYS[1], AREA],
    );
    expect(await rollupProblems()).toEqual([
      expect.objectContaining({ rule: 'demand_rollup', subject: `${DAYS[0]}/${AREA}/ETE` }),
      expect.objectContaining({ rule: 'factor_rollup', subject: `${DAYS[1]}/${AREA}/DRUGS` }),
      expect.objectContaining({ rule: 'need_rollup', subject: `${DAYS[2]}/${AREA}/ETE/ALL/` }),
    ]);

    // Marking the days (as any write to their searches does) rebuilds them whole.
    await t.dataSource.query(
      `INSERT INTO search_rollup_pending (day) SELECT unnest($1::date[]) ON CONFLICT DO NOTHING`,
      [[DAYS[0], DAYS[1], DAYS[2]]],
    );
    expect(searchDays(await rollups.catchUp())).toEqual(DAYS);
    expect(await rollupProblems()).toEqual([]);
  });

  // A second connection holding a search's write open: the embedded database has one.
  (process.env.TEST_DATABASE_URL ? it : it.skip)(
    'gives up until its next run while a search is being written, and builds the day then',
    async () => {
      t.clock.set(`${DAYS[0]}T20:00:00Z`);
      await search(await tokens.purchaser(DIVISION, 'purchaser-rollups-evening'), {
        factors: ['ETE'],
        pccAreaCode: AREA,
      });
      t.clock.set(`${TODAY}T12:00:00Z`);
      expect(await pendingDays()).toEqual([DAYS[0], TODAY]);

      const writer = t.dataSource.createQueryRunner();
      await writer.connect();
      try {
        await writer.startTransaction();
        await writer.query(
          `INSERT INTO search_demand (at, caller_roles, factors, filters, result_count, available_count)
           VALUES (now(), '{PURCHASER}', '{ETE}', '{}', 0, 0)`,
        );
        // The lock waits a moment, then the run stops with the day still marked.
        expect(searchDays(await rollups.catchUp())).toEqual([]);
        expect(await pendingDays()).toEqual([DAYS[0], TODAY]);
        await writer.rollbackTransaction();
      } finally {
        await writer.release();
      }
      expect(searchDays(await rollups.catchUp())).toEqual([DAYS[0]]);
    },
  );

  describe('referrals and outcome judgements', () => {
    const PURCHASES = `query ($from: Date, $to: Date) {
      provisionGaps(filter: { from: $from, to: $to, pccAreaCode: "${AREA}", factors: [ETE, ACCOMMODATION] }) {
        pccArea { code } factor { code } referrals declined medianDaysToStart judgements contributionRate
      }
    }`;
    interface PurchaseRow {
      pccArea: { code: string };
      factor: { code: string };
      referrals: number;
      declined: number;
      medianDaysToStart: number | null;
      judgements: number;
      contributionRate: number | null;
    }
    let purchaser: string;
    const bought: Record<string, string> = {};

    async function must<T>(query: string, token: string, variables = {}): Promise<T> {
      const res = await t.gql<T>(query, { token, variables });
      expect(res.errors).toBeUndefined();
      return res.data!;
    }

    async function purchases(): Promise<PurchaseRow[]> {
      const data = await must<{ provisionGaps: PurchaseRow[] }>(PURCHASES, commissioner, PERIOD);
      return data.provisionGaps;
    }

    const at = (day: string, hour: number) =>
      t.clock.set(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

    async function buy(name: string, day: string, factors: string[]): Promise<void> {
      at(day, 10);
      const { createReferral } = await must<{ createReferral: { id: string } }>(
        `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id } }`,
        purchaser,
        {
          key: `rollups-${name}`,
          input: {
            interventionId: listingId,
            crn: `R${String(100001 + Object.keys(bought).length)}`,
            person: { sex: 'MALE', age: 30, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' },
            targetFactors: factors,
            desiredOutcomes: await firstOutcomes(t, purchaser, factors),
            complexity: 'MEDIUM',
            pccAreaCode: AREA,
          },
        },
      );
      bought[name] = createReferral.id;
    }

    const step = (mutation: string, name: string, extra = '') =>
      must(`mutation ($id: ID!) { ${mutation}(id: $id${extra}) { id } }`, supplierToken, {
        id: bought[name],
      });

    async function finishAndJudge(name: string, judgements: Record<string, boolean>) {
      await reportEndOfService(t, supplierToken, bought[name]);
      await step('completeReferral', name);
      await must(
        `mutation ($r: ID!, $input: OutcomeInput!) { recordOutcome(referralId: $r, input: $input) { id } }`,
        purchaser,
        {
          r: bought[name],
          input: {
            factorJudgements: Object.entries(judgements).map(([factor, sufficient]) => ({
              factor,
              sufficient,
            })),
            riskOfHarmFocus: 'YES',
            informationForReview: 'YES',
          },
        },
      );
    }

    const row = (rows: PurchaseRow[], factor: string) =>
      rows.find((r) => r.factor.code === factor)!;

    async function pending(table: string): Promise<string[]> {
      const rows = await t.dataSource.query<{ day: string }[]>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM ${table}
         WHERE day BETWEEN $1::date AND $2::date ORDER BY day`,
        [PERIOD.from, PERIOD.to],
      );
      return rows.map((r) => r.day);
    }

    const builtOf = (built: BuiltRollup[], kind: BuiltRollup['kind']) =>
      built
        .filter(
          (b) => b.kind === kind && b.span === 'day' && b.day >= PERIOD.from && b.day <= PERIOD.to,
        )
        .map((b) => b.day);

    let fromRows: PurchaseRow[];

    it('counts referrals, declines, days to start and judgements from the rows of marked days', async () => {
      at(DAYS[0], 8);
      await must(
        `mutation { setDivisionBudget(divisionCode: "${DIVISION}", financialYear: 2051, amountPence: 10000000) { allocatedPence } }`,
        await tokens.admin(),
      );
      purchaser = await tokens.purchaser(DIVISION, 'purchaser-rollups-buyer');
      await buy('r1', DAYS[0], ['ETE']);
      await buy('r2', DAYS[0], ['ETE', 'ACCOMMODATION']);
      await buy('r5', DAYS[0], ['ETE']);
      await step('acceptReferral', 'r1');
      await step('acceptReferral', 'r5');
      at(DAYS[1], 11);
      await step('acceptReferral', 'r2');
      await attendSession(t, supplierToken, bought.r2); // r2 starts a day after purchase
      await buy('r3', DAYS[1], ['ETE']);
      await step('declineReferral', 'r3', ', reason: NO_CAPACITY');
      await buy('r4', DAYS[1], ['ETE']);
      await step('acceptReferral', 'r4');
      at(DAYS[2], 11);
      await attendSession(t, supplierToken, bought.r1); // two days
      await attendSession(t, supplierToken, bought.r4); // one day
      at(DAYS[2], 15);
      await finishAndJudge('r1', { ETE: true });
      await finishAndJudge('r2', { ETE: false, ACCOMMODATION: true });
      at(TODAY, 12);

      fromRows = await purchases();
      // ETE: r1..r5, r3 declined; started after 2 (r1), 1 (r2) and 1 (r4) days; judged r1 yes, r2 no.
      expect(row(fromRows, 'ETE')).toMatchObject({
        referrals: 5,
        declined: 1,
        medianDaysToStart: 1,
        judgements: 2,
        contributionRate: 0.5,
      });
      expect(row(fromRows, 'ACCOMMODATION')).toMatchObject({
        referrals: 1,
        declined: 0,
        medianDaysToStart: 1,
        judgements: 1,
        contributionRate: 1,
      });
      // Referrals count on the day they were bought.
      expect(await pending('referral_rollup_pending')).toEqual([DAYS[0], DAYS[1]]);
      expect(await pending('judgement_rollup_pending')).toEqual([DAYS[2]]);
    });

    it('answers the same once the days are built', async () => {
      const built = await rollups.catchUp();
      expect(builtOf(built, 'referrals')).toEqual([DAYS[0], DAYS[1]]);
      expect(builtOf(built, 'judgements')).toEqual([DAYS[2]]);
      expect(await pending('referral_rollup_pending')).toEqual([]);
      expect(await purchases()).toEqual(fromRows);
    });

    it('counts a change to a built day’s referral at once (an even number of starts: the mean of the middle two)', async () => {
      await attendSession(t, supplierToken, bought.r5); // bought on DAYS[0], starts today: 4 days
      expect(await pending('referral_rollup_pending')).toEqual([DAYS[0]]);
      const withStart = await purchases();
      // ETE starts after 1, 1, 2 and 4 days.
      expect(row(withStart, 'ETE').medianDaysToStart).toBe(1.5);
      expect(row(withStart, 'ACCOMMODATION')).toEqual(row(fromRows, 'ACCOMMODATION'));
      expect(builtOf(await rollups.catchUp(), 'referrals')).toEqual([DAYS[0]]);
      expect(await purchases()).toEqual(withStart);
    });

    it('the consistency check compares every built day with its referrals and outcomes', async () => {
      const problems = async () =>
        (await findInconsistencies(t.dataSource)).filter(
          (p) => p.rule === 'referral_rollup' || p.rule === 'judgement_rollup',
        );
      expect(await problems()).toEqual([]);
      await t.dataSource.query(
        `UPDATE referral_daily SET declined = declined + 1
         WHERE day = $1::date AND pcc_area_code = $2 AND factor = 'ETE'`,
        [DAYS[1], AREA],
      );
      await t.dataSource.query(
        `UPDATE judgement_daily SET sufficient = 0
         WHERE day = $1::date AND pcc_area_code = $2 AND factor = 'ACCOMMODATION'`,
        [DAYS[2], AREA],
      );
      expect(await problems()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            rule: 'judgement_rollup',
            subject: `${DAYS[2]}/${AREA}/ACCOMMODATION`,
            recorded: 'judged 1, sufficient 0',
            expected: 'judged 1, sufficient 1',
          }),
          expect.objectContaining({
            rule: 'referral_rollup',
            subject: `${DAYS[1]}/${AREA}/ETE/not started`,
          }),
        ]),
      );
      // Marking the days (as any change to their rows does) rebuilds them whole.
      await t.dataSource.query(`INSERT INTO referral_rollup_pending (day) VALUES ($1::date)`, [
        DAYS[1],
      ]);
      await t.dataSource.query(`INSERT INTO judgement_rollup_pending (day) VALUES ($1::date)`, [
        DAYS[2],
      ]);
      await rollups.catchUp();
      expect(await problems()).toEqual([]);
    });
  });

  describe("today's searches so far", () => {
    const ete = (r: Reports) =>
      r.provisionGaps.find((row) => row.pccArea.code === AREA && row.factor.code === 'ETE')!;
    const partial = async () =>
      (
        await t.dataSource.query<{ upto: Date }[]>(
          `SELECT upto FROM search_rollup_partial WHERE day = $1::date`,
          [TODAY],
        )
      ).map((row) => row.upto.toISOString());
    const dropPartial = () =>
      t.dataSource.query(`DELETE FROM search_rollup_partial WHERE day = $1::date`, [TODAY]);

    let whole: Reports;

    it('rolls up today up to the start of the hour, and answers the same', async () => {
      t.clock.set(`${TODAY}T13:30:00Z`);
      await dropPartial();
      whole = await reports(); // every search of today read one by one
      const built = await rollups.catchUp();
      expect(built).toContainEqual({ kind: 'searches', span: 'today', day: TODAY });
      expect(await partial()).toEqual([`${TODAY}T13:00:00.000Z`]);
      expect(await pendingDays()).toContain(TODAY);
      expect(await reports()).toEqual(whole);
      // Built for this hour already: the next run leaves it.
      expect(await rollups.catchUp()).not.toContainEqual(
        expect.objectContaining({ span: 'today' }),
      );

      // The report reads today's rollups, not today's searches before 13:00; the consistency
      // check compares them with those searches.
      const rollupProblems = async () =>
        (await findInconsistencies(t.dataSource)).filter((p) => p.rule.endsWith('_rollup'));
      expect(await rollupProblems()).toEqual([]);
      await t.dataSource.query(
        `UPDATE search_factor_daily SET searches = searches + 50
         WHERE day = $1::date AND pcc_area_code = $2 AND factor = 'ETE'`,
        [TODAY, AREA],
      );
      await t.dataSource.query(
        `UPDATE search_need_partial SET met = NOT met
         WHERE day = $1::date AND pcc_area_code = $2 AND factor = 'ETE'`,
        [TODAY, AREA],
      );
      expect(ete(await reports()).searches).toBe(ete(whole).searches + 50);
      expect(await rollupProblems()).toEqual([
        expect.objectContaining({ rule: 'factor_rollup', subject: `${TODAY}/${AREA}/ETE` }),
        expect.objectContaining({ rule: 'need_rollup', subject: `${TODAY}/${AREA}/ETE/so far` }),
      ]);
      await dropPartial();
      expect(await rollupProblems()).toEqual([]);
      expect(await reports()).toEqual(whole);
      await rollups.catchUp();
      expect(await reports()).toEqual(whole);
    });

    it('counts a purchaser’s need once when they search for it again after the hour', async () => {
      // purchaser c searched ETE here at 10:00 (rolled up); again now, and a new purchaser too.
      t.clock.set(`${TODAY}T13:45:00Z`);
      await search(await tokens.purchaser(DIVISION, 'purchaser-rollups-c'), {
        factors: ['ETE'],
        pccAreaCode: AREA,
      });
      t.clock.set(`${TODAY}T13:50:00Z`);
      await search(await tokens.purchaser(DIVISION, 'purchaser-rollups-d'), {
        factors: ['ETE'],
        pccAreaCode: AREA,
        person: person('FEMALE', 'LICENCE'),
      });
      expect(await partial()).toEqual([`${TODAY}T13:00:00.000Z`]);
      const soFar = await reports();
      expect(ete(soFar)).toMatchObject({
        searches: ete(whole).searches + 2,
        needs: ete(whole).needs + 1,
      });
      // The same as reading every search of today.
      await dropPartial();
      expect(await reports()).toEqual(soFar);
      whole = soFar;
    });

    it('drops the rollup of today when a search before its hour is written, and builds it again', async () => {
      t.clock.set(`${TODAY}T14:20:00Z`);
      await rollups.catchUp();
      expect(await partial()).toEqual([`${TODAY}T14:00:00.000Z`]);
      t.clock.set(`${TODAY}T11:00:00Z`);
      await search(await tokens.purchaser(DIVISION, 'purchaser-rollups-e'), {
        factors: ['ETE'],
        pccAreaCode: AREA,
      });
      expect(await partial()).toEqual([]);
      t.clock.set(`${TODAY}T15:10:00Z`);
      const withEarlier = await reports();
      expect(ete(withEarlier)).toMatchObject({
        searches: ete(whole).searches + 1,
        needs: ete(whole).needs + 1,
      });
      expect(await rollups.catchUp()).toContainEqual({
        kind: 'searches',
        span: 'today',
        day: TODAY,
      });
      expect(await partial()).toEqual([`${TODAY}T15:00:00.000Z`]);
      expect(await reports()).toEqual(withEarlier);
    });
  });

  describe('monthly rollups', () => {
    // June 2051 is over: its days are built, then the month from them.
    const JULY = '2051-07-03';
    const WHOLE_JUNE = { from: '2051-06-01', to: JULY };
    const PART_OF_JUNE = { from: '2051-06-02', to: JULY };
    const GAPS = `query ($from: Date, $to: Date) {
      provisionGaps(filter: { from: $from, to: $to, divisionCode: "${DIVISION}" }) {
        pccArea { code } factor { code } searches searchesWithNoResult needs needsMet
        referrals declined medianDaysToStart judgements contributionRate
      }
      measureBreakdown(by: SEX, from: $from, to: $to) { key needs needsMet }
    }`;
    interface Gaps {
      provisionGaps: { pccArea: { code: string }; factor: { code: string }; searches: number }[];
    }

    async function gaps(period: { from: string; to: string }): Promise<Gaps> {
      const res = await t.gql<Gaps>(GAPS, { token: commissioner, variables: period });
      expect(res.errors).toBeUndefined();
      return res.data!;
    }
    const eteSearches = (g: Gaps) =>
      g.provisionGaps.find((row) => row.pccArea.code === AREA && row.factor.code === 'ETE')!
        .searches;
    const junePending = async () =>
      (
        await t.dataSource.query<{ kind: string }[]>(
          `SELECT kind FROM rollup_month_pending WHERE month = '2051-06-01' ORDER BY kind`,
        )
      ).map((row) => row.kind);
    const monthlyProblems = async () =>
      (await findInconsistencies(t.dataSource)).filter((p) => p.rule === 'monthly_rollup');

    let fromDays: Gaps;
    let fromDaysInPart: Gaps;

    it('builds a month once it is over, from its days, and answers the same from it', async () => {
      t.clock.set(`${JULY}T09:00:00Z`);
      fromDays = await gaps(WHOLE_JUNE);
      fromDaysInPart = await gaps(PART_OF_JUNE);
      expect(eteSearches(fromDays)).toBeGreaterThan(eteSearches(fromDaysInPart));
      // Building June's days marked the month (it was not over then).
      expect(await junePending()).toEqual(['judgements', 'referrals', 'searches']);

      const built = (await rollups.catchUp()).filter((b) => b.day.startsWith('2051-'));
      // Today's searches of 5 June are a day like any other now, and the month follows its days.
      expect(built).toContainEqual({ kind: 'searches', span: 'day', day: TODAY });
      for (const kind of ['searches', 'referrals', 'judgements']) {
        expect(built).toContainEqual({ kind, span: 'month', day: '2051-06-01' });
      }
      expect(built.findIndex((b) => b.span === 'month')).toBeGreaterThan(
        built.findIndex((b) => b.day === TODAY),
      );
      expect(await junePending()).toEqual([]);
      expect(await gaps(WHOLE_JUNE)).toEqual(fromDays);
      expect(await gaps(PART_OF_JUNE)).toEqual(fromDaysInPart);
      expect(await monthlyProblems()).toEqual([]);
    });

    it('reads a whole month from its monthly rows, and a month in part from its days', async () => {
      await t.dataSource.query(
        `UPDATE search_factor_monthly SET searches = searches + 100
         WHERE month = '2051-06-01' AND pcc_area_code = $1 AND factor = 'ETE'`,
        [AREA],
      );
      expect(eteSearches(await gaps(WHOLE_JUNE))).toBe(eteSearches(fromDays) + 100);
      expect(await gaps(PART_OF_JUNE)).toEqual(fromDaysInPart);
      expect(await monthlyProblems()).toEqual([
        expect.objectContaining({
          subject: `search_factor_monthly/2051-06/${AREA}/ETE`,
          recorded: expect.stringContaining(`searches ${eteSearches(fromDays) + 100}`),
          expected: expect.stringContaining(`searches ${eteSearches(fromDays)}`),
        }),
      ]);
      // A marked month is read from its days at once, and built again by the next run.
      await t.dataSource.query(
        `INSERT INTO rollup_month_pending (kind, month) VALUES ('searches', '2051-06-01')`,
      );
      expect(await gaps(WHOLE_JUNE)).toEqual(fromDays);
      expect(await rollups.catchUp()).toContainEqual({
        kind: 'searches',
        span: 'month',
        day: '2051-06-01',
      });
      expect(await gaps(WHOLE_JUNE)).toEqual(fromDays);
      expect(await monthlyProblems()).toEqual([]);
    });

    it('counts a search written into a built month at once, and builds its day and month again', async () => {
      t.clock.set('2051-06-20T10:00:00Z');
      await search(await tokens.purchaser(DIVISION, 'purchaser-rollups-june'), {
        factors: ['ETE'],
        pccAreaCode: AREA,
      });
      t.clock.set(`${JULY}T10:00:00Z`);
      const withLate = await gaps(WHOLE_JUNE);
      expect(eteSearches(withLate)).toBe(eteSearches(fromDays) + 1);

      const built = (await rollups.catchUp()).filter((b) => b.day.startsWith('2051-'));
      expect(built).toEqual([
        { kind: 'searches', span: 'day', day: '2051-06-20' },
        { kind: 'searches', span: 'month', day: '2051-06-01' },
        { kind: 'searches', span: 'today', day: JULY },
      ]);
      expect(await gaps(WHOLE_JUNE)).toEqual(withLate);
      expect(await monthlyProblems()).toEqual([]);
    });
  });
});
