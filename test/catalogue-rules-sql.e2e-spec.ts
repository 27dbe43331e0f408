import { Client } from 'pg';
import { SqlParams } from '../src/common/sql-params';
import { RiskLevel, Sex, SupervisionType } from '../src/catalogue/catalogue.enums';
import {
  EligibilityRule,
  eligibilityFailures,
  eligibilitySql,
  PersonProfile,
} from '../src/catalogue/eligibility';
import { isStale, staleSql } from '../src/catalogue/listing-rules';
import { placesAvailable, placesAvailableSql } from '../src/catalogue/places.service';
import { priceInForce, priceInForceSql } from '../src/catalogue/pricing';

/**
 * The SQL forms of the catalogue's rules (what search and the reports run) give the same answers
 * as the rules themselves, on every case of a grid, evaluated by the test database (unit tests
 * cannot load the embedded database: see test/support/global-setup.ts).
 */
describe('the SQL forms of the catalogue rules', () => {
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
  });

  async function holds(condition: string, from: string, p = new SqlParams()): Promise<boolean> {
    const { rows } = await db.query<{ holds: boolean }>(
      `SELECT (${condition}) AS holds FROM ${from}`,
      p.values,
    );
    return rows[0].holds;
  }

  it('eligibilitySql admits exactly whom eligibilityFailures admits', async () => {
    const rules: EligibilityRule[] = [
      { sexes: [], minAge: null, maxAge: null, riskLevels: [], supervisionTypes: [] },
      {
        sexes: [Sex.FEMALE],
        minAge: 18,
        maxAge: 25,
        riskLevels: [RiskLevel.LOW, RiskLevel.MEDIUM],
        supervisionTypes: [SupervisionType.LICENCE],
      },
      { sexes: [Sex.MALE], minAge: 21, maxAge: null, riskLevels: [], supervisionTypes: [] },
      {
        sexes: [],
        minAge: null,
        maxAge: 30,
        riskLevels: [RiskLevel.VERY_HIGH],
        supervisionTypes: [SupervisionType.PRE_RELEASE, SupervisionType.COMMUNITY_SENTENCE],
      },
    ];
    const people: PersonProfile[] = [];
    for (const sex of [Sex.MALE, Sex.FEMALE])
      for (const age of [17, 18, 21, 25, 26, 30, 31])
        for (const riskLevel of [RiskLevel.LOW, RiskLevel.VERY_HIGH])
          for (const supervisionType of [SupervisionType.LICENCE, SupervisionType.PRE_RELEASE])
            people.push({ sex, age, riskLevel, supervisionType });

    let admitted = 0;
    for (const rule of rules) {
      const listing = `(SELECT $1::text[] AS sexes, $2::int AS min_age, $3::int AS max_age,
        $4::text[] AS risk_levels, $5::text[] AS supervision_types) l`;
      for (const person of people) {
        const p = new SqlParams();
        p.add(rule.sexes);
        p.add(rule.minAge);
        p.add(rule.maxAge);
        p.add(rule.riskLevels);
        p.add(rule.supervisionTypes);
        const sql = eligibilitySql('l', person, p).join(' AND ');
        const expected = eligibilityFailures(rule, person).length === 0;
        if (expected) admitted++;
        expect([rule, person, await holds(sql, listing, p)]).toEqual([rule, person, expected]);
      }
    }
    // The grid has both answers.
    expect(admitted).toBeGreaterThan(0);
    expect(admitted).toBeLessThan(rules.length * people.length);
  });

  it('priceInForceSql finds the version priceInForce finds, on each day', async () => {
    const versions = [
      { id: 'a', effectiveFrom: '2026-01-01', effectiveTo: '2026-03-31' },
      { id: 'b', effectiveFrom: '2026-04-01', effectiveTo: '2026-04-01' },
      { id: 'c', effectiveFrom: '2026-04-02', effectiveTo: null },
    ];
    const table = `(VALUES ${versions
      .map(
        (v) =>
          `('${v.id}', '${v.effectiveFrom}'::date, ${v.effectiveTo ? `'${v.effectiveTo}'::date` : 'NULL::date'})`,
      )
      .join(', ')}) AS v(id, effective_from, effective_to)`;
    for (const day of [
      '2025-12-31',
      '2026-01-01',
      '2026-03-31',
      '2026-04-01',
      '2026-04-02',
      '2030-01-01',
    ]) {
      const { rows } = await db.query<{ id: string }>(
        `SELECT id FROM ${table} WHERE ${priceInForceSql('v', '$1::date')}`,
        [day],
      );
      expect([day, rows.map((r) => r.id)]).toEqual([
        day,
        [priceInForce(versions, day)?.id].filter(Boolean),
      ]);
    }
  });

  it('staleSql calls stale exactly what isStale does, to the millisecond', async () => {
    const now = new Date('2026-03-29T12:00:00Z');
    const day = 86_400_000;
    for (const days of [1, 90])
      for (const ago of [0, days * day - 1, days * day, days * day + 1, 400 * day]) {
        const confirmed = new Date(now.getTime() - ago);
        const p = new SqlParams();
        const listing = `(SELECT ${p.add(confirmed.toISOString(), '::timestamptz')} AS last_confirmed_at) l`;
        const sql = staleSql('l', p.add(now.toISOString(), '::timestamptz'), p.add(days, '::int'));
        expect([days, ago, await holds(sql, listing, p)]).toEqual([
          days,
          ago,
          isStale(confirmed, now, days),
        ]);
      }
  });

  it('placesAvailableSql counts the places placesAvailable counts', async () => {
    for (const [capacity, placesHeld] of [
      [0, 0],
      [5, 2],
      [5, 5],
      [3, 7],
    ]) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT ${placesAvailableSql('l')} AS n FROM (SELECT $1::int AS capacity, $2::int AS places_held) l`,
        [capacity, placesHeld],
      );
      expect(rows[0].n).toBe(placesAvailable({ capacity, placesHeld }));
    }
  });
});
