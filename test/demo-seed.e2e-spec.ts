import { EntityManager } from 'typeorm';
import { GAP_AREA, GAP_FACTOR, THIN_AREA } from '../src/demo/demo-content';
import { DEMO_ACTOR, DemoSeeder, DemoSeedResult } from '../src/demo/demo-seeder';
import { startApp, TestApp } from './support/test-app';

/**
 * The demo market, written to the real database. Test files share one database, so every
 * seeding here runs in a transaction that is rolled back: the other files' data is never
 * touched, and the demo rows never outlive the test.
 */
describe('Demo market seed (e2e)', () => {
  let t: TestApp;
  let seeder: DemoSeeder;

  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2026-05-15');
    seeder = t.app.get(DemoSeeder);
  });

  afterAll(() => t.close());

  class RollBack extends Error {}

  /** Seeds in a transaction, hands it to `inspect`, then rolls everything back. */
  async function seedAndRollBack<T>(
    inspect: (m: EntityManager, result: DemoSeedResult) => Promise<T>,
  ): Promise<T> {
    let inspected: { value: T } | undefined;
    try {
      await t.dataSource.transaction(async (m) => {
        const result = await seeder.seed(m);
        inspected = { value: await inspect(m, result) };
        throw new RollBack();
      });
    } catch (error) {
      if (!(error instanceof RollBack)) throw error; // a failed assertion, reported as such
    }
    return inspected!.value;
  }

  /** Rows of a query, as plain objects. */
  async function rows<R>(m: EntityManager, sql: string, params: unknown[] = []): Promise<R[]> {
    return m.query<R[]>(sql, params);
  }

  /** Everything a user would notice, in the order the seeder wrote it. */
  async function fingerprint(m: EntityManager, ids: string[]): Promise<string[]> {
    const found = await rows<{ line: string }>(
      m,
      `SELECT concat_ws(' | ', o.name, i.title, i.status, array_to_string(i.factors, ','),
                array_to_string(i.coverage, ','), i.capacity,
                (SELECT string_agg(v.postcode, ',' ORDER BY v.position) FROM venue v WHERE v.intervention_id = i.id),
                (SELECT string_agg(p.amount_pence || '@' || p.effective_from, ',' ORDER BY p.effective_from)
                   FROM intervention_price p WHERE p.intervention_id = i.id)) AS line
         FROM audit_event a
         JOIN intervention i ON i.id = a.entity_id
         JOIN organisation o ON o.id = i.provider_id
        WHERE a.actor_id = $1 AND a.action = 'SEEDED' AND i.provider_id = ANY($2)
        ORDER BY a.sequence`,
      [DEMO_ACTOR.id, ids],
    );
    return found.map((r) => r.line);
  }

  it('seeds a whole market in one transaction, leaving the shared database as it was', async () => {
    const organisationsBefore = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM organisation',
    );
    const emptyBefore = await seeder.isEmpty();
    expect(emptyBefore).toBe((organisationsBefore as { n: number }[])[0].n === 0);

    const started = Date.now();
    const checked = await seedAndRollBack(async (m, result) => {
      expect(await seeder.isEmpty(m)).toBe(false);
      const ids = result.organisationIds;

      const kinds = await rows<{ kind: string; n: number }>(
        m,
        `SELECT kind, count(*)::int AS n FROM organisation WHERE id = ANY($1) GROUP BY kind`,
        [ids],
      );
      const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k.n]));
      expect(ids.length).toBeGreaterThanOrEqual(55);
      expect(ids.length).toBeLessThanOrEqual(65);
      expect(byKind).toEqual({ CRC: 21, VOLUNTARY_SECTOR: 25, PRIVATE: 8, PUBLIC_SECTOR: 6 });
      const crcs = await rows<{ n: number }>(
        m,
        `SELECT count(DISTINCT contract_package_area_code)::int AS n FROM organisation
          WHERE id = ANY($1) AND kind = 'CRC' AND crc_owner IS NOT NULL AND name LIKE '% CRC'`,
        [ids],
      );
      expect(crcs[0].n).toBe(21);

      const [counts] = await rows<Record<string, number>>(
        m,
        `SELECT count(*)::int AS interventions,
                count(*) FILTER (WHERE status = 'PUBLISHED')::int AS published,
                count(*) FILTER (WHERE status = 'SUSPENDED')::int AS suspended,
                count(*) FILTER (WHERE status = 'DRAFT')::int AS draft,
                count(*) FILTER (WHERE status = 'WITHDRAWN')::int AS withdrawn,
                count(*) FILTER (WHERE last_confirmed_at < $2::timestamptz - interval '90 days')::int AS stale
           FROM intervention WHERE provider_id = ANY($1)`,
        [ids, t.clock.now()],
      );
      expect(counts.interventions).toBeGreaterThanOrEqual(550);
      expect(counts.interventions).toBe(result.interventions);
      expect(counts.published).toBe(result.byStatus.PUBLISHED);
      expect(counts.suspended).toBeGreaterThan(0);
      expect(counts.draft).toBeGreaterThan(0);
      expect(counts.withdrawn).toBeGreaterThan(0);
      expect(counts.stale).toBeGreaterThan(0);
      expect(counts.stale).toBe(result.stale);

      // Every PCC area has at least one published listing, by venue or by coverage.
      const uncovered = await rows<{ code: string }>(
        m,
        `SELECT p.code FROM pcc_area p
          WHERE NOT EXISTS (
            SELECT 1 FROM intervention i
             WHERE i.provider_id = ANY($1) AND i.status = 'PUBLISHED'
               AND (p.code = ANY(i.coverage)
                    OR EXISTS (SELECT 1 FROM venue v WHERE v.intervention_id = i.id AND v.pcc_area_code = p.code)))`,
        [ids],
      );
      expect(uncovered).toEqual([]);
      const areas = await rows<{ n: number }>(m, `SELECT count(*)::int AS n FROM pcc_area`);
      expect(areas[0].n).toBe(42);

      // The deliberate gap: no accommodation listing of any status reaches the gap area, the
      // only area without one.
      const perArea = await rows<{ code: string; n: number }>(
        m,
        `SELECT p.code, count(i.id)::int AS n FROM pcc_area p
           LEFT JOIN intervention i ON i.provider_id = ANY($1) AND $2 = ANY(i.factors)
                AND (p.code = ANY(i.coverage)
                     OR EXISTS (SELECT 1 FROM venue v WHERE v.intervention_id = i.id AND v.pcc_area_code = p.code))
          GROUP BY p.code`,
        [ids, GAP_FACTOR],
      );
      const gapCounts = new Map(perArea.map((r) => [r.code, r.n]));
      expect(gapCounts.get(GAP_AREA)).toBe(0);
      expect([...gapCounts].filter(([, n]) => n === 0).map(([code]) => code)).toEqual([GAP_AREA]);

      // The thin area: reached by a handful of published listings, far fewer than any other.
      const reach = await rows<{ code: string; n: number }>(
        m,
        `SELECT p.code, count(i.id)::int AS n FROM pcc_area p
           JOIN intervention i ON i.provider_id = ANY($1) AND i.status = 'PUBLISHED'
                AND (p.code = ANY(i.coverage)
                     OR EXISTS (SELECT 1 FROM venue v WHERE v.intervention_id = i.id AND v.pcc_area_code = p.code))
          GROUP BY p.code ORDER BY n, p.code`,
        [ids],
      );
      expect(reach[0].code).toBe(THIN_AREA);
      expect(reach[0].n).toBeLessThan(reach[1].n / 3);

      const factors = await rows<{ factor: string }>(
        m,
        `SELECT DISTINCT unnest(factors) AS factor FROM intervention WHERE provider_id = ANY($1)`,
        [ids],
      );
      expect(factors).toHaveLength(12);

      // Every published listing can be bought today: it has a price in force.
      const unpriced = await rows<{ id: string }>(
        m,
        `SELECT i.id FROM intervention i
          WHERE i.provider_id = ANY($1) AND i.status = 'PUBLISHED'
            AND NOT EXISTS (SELECT 1 FROM intervention_price p
                             WHERE p.intervention_id = i.id AND p.effective_from <= $2::date
                               AND (p.effective_to IS NULL OR p.effective_to >= $2::date))`,
        [ids, t.clock.today()],
      );
      expect(unpriced).toEqual([]);
      const openVersions = await rows<{ n: number }>(
        m,
        `SELECT count(*)::int AS n FROM intervention_price p JOIN intervention i ON i.id = p.intervention_id
          WHERE i.provider_id = ANY($1) AND p.effective_to IS NULL`,
        [ids],
      );
      expect(openVersions[0].n).toBe(result.interventions);

      return fingerprint(m, ids);
    });
    // PGlite in a test worker: seconds, not minutes (multi-row inserts, not row by row).
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(checked.length).toBeGreaterThanOrEqual(550);

    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM organisation')).toEqual(
      organisationsBefore,
    );
    expect(await seeder.isEmpty()).toBe(emptyBefore);

    // Determinism: a second seeding writes the same market, in the same order.
    const second = await seedAndRollBack((m, result) => fingerprint(m, result.organisationIds));
    expect(second).toEqual(checked);
  });
});
