import { DemandRollupService } from '../src/commissioning/demand-rollup.service';
import { findInconsistencies } from '../src/health/consistency';
import { newSupplier, publishedListing } from './support/catalogue';
import { tokens } from './support/tokens';
import { startApp, TestApp } from './support/test-app';

/**
 * The daily rollups of recorded searches (issue 21, section 3): every report that counts
 * searches or needs answers the same from the searches themselves (days not built) and from
 * the rollups (days built), a search written into a built day counts at once, and the
 * consistency check compares every built day with its searches. This file owns the year 2051
 * and the PCC areas it searches in (west-yorkshire, durham; division NE).
 */
const AREA = 'west-yorkshire';
const EMPTY_AREA = 'durham';
const DIVISION = 'NE';
const DAYS = ['2051-06-01', '2051-06-02', '2051-06-03'];
const TODAY = '2051-06-05';
const PERIOD = { from: '2051-06-01', to: TODAY };

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
  let rollups: DemandRollupService;

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(`${DAYS[0]}T08:00:00Z`);
    commissioner = await tokens.commissioner(undefined, 'commissioner-rollups');
    rollups = t.app.get(DemandRollupService);
    const supplier = await newSupplier(t);
    providerId = supplier.organisationId;
    await publishedListing(t, supplier.token, {
      title: 'Rollup test employment support',
      factors: ['ETE', 'ACCOMMODATION'],
      price: { amountPence: 10000, unit: 'PER_REFERRAL' },
    });
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

    const built = await rollups.catchUp();
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
    expect(await rollups.catchUp()).toEqual([]);
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

    expect(await rollups.catchUp()).toEqual([DAYS[1]]);
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
    expect(await rollupProblems()).toEqual([
      expect.objectContaining({ rule: 'demand_rollup', subject: `${DAYS[0]}/${AREA}/ETE` }),
      expect.objectContaining({ rule: 'need_rollup', subject: `${DAYS[2]}/${AREA}/ETE/ALL/` }),
    ]);

    // Marking the days (as any write to their searches does) rebuilds them whole.
    await t.dataSource.query(
      `INSERT INTO search_rollup_pending (day) SELECT unnest($1::date[]) ON CONFLICT DO NOTHING`,
      [[DAYS[0], DAYS[2]]],
    );
    expect(await rollups.catchUp()).toEqual([DAYS[0], DAYS[2]]);
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
        expect(await rollups.catchUp()).toEqual([]);
        expect(await pendingDays()).toEqual([DAYS[0], TODAY]);
        await writer.rollbackTransaction();
      } finally {
        await writer.release();
      }
      expect(await rollups.catchUp()).toEqual([DAYS[0]]);
    },
  );
});
